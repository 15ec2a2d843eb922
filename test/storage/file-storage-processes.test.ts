import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FileStorage } from '../../src/storage/index.js';
import { describeProcessContract } from './process-contract.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describeProcessContract('FileStorage', {
  backend: 'file',
  freesDeadHoldersAtOnce: true,
  fresh: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certkit-fsp-'));
    dirs.push(dir);
    return dir;
  },
  open: (dir) => new FileStorage({ dir }),
});
