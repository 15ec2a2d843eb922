import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** An HTTP server on 127.0.0.1 and a free port, listening when the promise resolves. */
export async function listenLocal(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

/** Closes a server and every connection it still has. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}
