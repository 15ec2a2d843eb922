/** Small helpers for the socket tests: listen on 127.0.0.1:0, read a connection's outcome. */
import type { Server } from 'node:net';
import type { TLSSocket } from 'node:tls';

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** What happened to a client connection: the data it read before close, or the error. */
export interface Outcome {
  readonly data: string;
  readonly error?: Error & { code?: string; details?: Record<string, unknown> };
  readonly fingerprint?: string;
}

/** Reads a connected socket to its end. */
export function readAll(socket: TLSSocket): Promise<Outcome> {
  return new Promise((resolve) => {
    let data = '';
    let error: Outcome['error'];
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      data += d;
    });
    socket.on('error', (e) => {
      error = e;
    });
    socket.on('close', () => resolve(error === undefined ? { data } : { data, error }));
  });
}
