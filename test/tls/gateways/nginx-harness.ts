/**
 * Runs a real nginx (Debian's /usr/sbin/nginx) in the foreground on 127.0.0.1 with a config of the
 * test's making, and stops it. Everything lives in a temporary prefix folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningNginx {
  readonly port: number;
  readonly stderr: () => string;
  /** Sends SIGHUP: nginx re-reads its configuration and certificate files (start it with `masterProcess`). */
  reload(): void;
  stop(): Promise<void>;
}

/**
 * Starts nginx with `httpBody` inside `http { }` (temp paths and logs set up here) and waits until
 * `port` accepts connections. Single-process mode by default; `masterProcess: true` for graceful reloads
 * (nginx's single-process reconfigure is a debugging aid that leaks connections). Throws with nginx's stderr when it exits or does not come up in 10 s.
 */
export async function startNginx(
  prefix: string,
  port: number,
  httpBody: string,
  options: { masterProcess?: boolean } = {},
): Promise<RunningNginx> {
  for (const d of ['logs', 'tmp']) await mkdir(join(prefix, d), { recursive: true });
  const tmp = join(prefix, 'tmp');
  const conf = join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    [
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${tmp}/body;`,
      `  proxy_temp_path ${tmp}/proxy;`,
      `  fastcgi_temp_path ${tmp}/fastcgi;`,
      `  uwsgi_temp_path ${tmp}/uwsgi;`,
      `  scgi_temp_path ${tmp}/scgi;`,
      httpBody,
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    'nginx',
    [
      '-e',
      'stderr',
      '-p',
      prefix,
      '-c',
      conf,
      '-g',
      `daemon off; master_process ${options.masterProcess === true ? 'on; worker_processes 1' : 'off'}; error_log stderr; pid ${join(prefix, 'nginx.pid')};`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stderr: () => stderr, reload: () => child.kill('SIGHUP'), stop };
}
