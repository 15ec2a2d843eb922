import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port.js';

/** A running `openssl s_server` on 127.0.0.1. */
export interface OpensslServer {
  readonly port: number;
  /** Stops it and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `openssl s_server -www` on a free 127.0.0.1 port with the given arguments and resolves once
 * it prints ACCEPT (rejects with its stderr if it exits first). The caller stops it.
 */
export async function startOpensslServer(args: readonly string[]): Promise<OpensslServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${port}`, '-www', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ACCEPT')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`openssl s_server ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
  return {
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
