// Runs a command with its output held back: on success prints one line, on failure prints everything
// the command wrote and exits with its code. `npm run demo` builds through it, so the demo is not
// preceded by a screen of bundler output, while a broken build still fails loudly.
// Usage: node scripts/run-quietly.mjs "<what>" <command> [args…]
import { spawn } from 'node:child_process';

const [what, command, ...args] = process.argv.slice(2);
if (what === undefined || command === undefined) {
  console.error('usage: node scripts/run-quietly.mjs "<what>" <command> [args…]');
  process.exit(2);
}
const started = Date.now();
const output = [];
const child = spawn(command, args, {
  stdio: ['ignore', 'pipe', 'pipe'],
  shell: process.platform === 'win32',
});
child.stdout.on('data', (chunk) => output.push(chunk));
child.stderr.on('data', (chunk) => output.push(chunk));
child.on('error', (error) => {
  console.error(`${what} failed to start: ${error.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code === 0) {
    console.error(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  process.stderr.write(Buffer.concat(output));
  console.error(`\n${what} FAILED (${signal ?? `exit ${code}`}): the output above says why.`);
  process.exit(code ?? 1);
});
