/**
 * `strace -f -c -o out.txt node --import tsx bench/syscalls.ts [N]`: N durable
 * replaces of one workflow-sized record through the file store's write path
 * (and nothing else worth counting), so `strace -c` divided by N gives the
 * system calls per write. N defaults to 1000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWorkflowStore } from '../bff/store/file-store.js';
import { makeTemplates } from './seed.js';

const count = Number(process.argv[2] ?? 1000);
const { inProgress } = await makeTemplates();
const dir = mkdtempSync(join(tmpdir(), 'kyc-syscalls-'));
try {
  const store = await FileWorkflowStore.open(dir);
  await store.create(inProgress);
  const started = performance.now();
  for (let i = 0; i < count; i++) await store.update(inProgress.id, undefined, (record) => record);
  console.log(`${count} durable replaces, one after another: ${((performance.now() - started) / count).toFixed(2)} ms each`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
