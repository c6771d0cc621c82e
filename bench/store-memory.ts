/**
 * `node --expose-gc --import tsx bench/store-memory.ts [cases...]`: what the
 * file store's index holds after start, per size: V8 heap in use after a
 * full GC (before and after opening the store) and RSS. No server, no load:
 * the store alone.
 */
import { rm } from 'node:fs/promises';
import { FileWorkflowStore } from '../bff/store/file-store.js';
import { makeTemplates, seed } from './seed.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const sizes = process.argv.slice(2).map(Number);
const templates = await makeTemplates();
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
for (const cases of sizes.length ? sizes : [1_000, 10_000, 100_000]) {
  const seeded = await seed(templates, { cases, owned: 0 + 1 });
  gc();
  const before = process.memoryUsage();
  const store = await FileWorkflowStore.open(seeded.dataDir);
  gc();
  const after = process.memoryUsage();
  console.log(
    `${cases} cases: heap used by the open store ${mb(after.heapUsed - before.heapUsed)} (${((after.heapUsed - before.heapUsed) / cases).toFixed(0)} B a workflow); RSS ${mb(after.rss)}`,
  );
  // What each part of the index holds: drop them one by one (the store is not used afterwards).
  const parts = store as unknown as Record<string, Map<unknown, unknown>>;
  for (const part of ['tokens', 'lists', 'summaries']) {
    const heap = process.memoryUsage().heapUsed;
    parts[part].clear();
    gc();
    console.log(`  ${part}: ${mb(heap - process.memoryUsage().heapUsed)}`);
  }
  await store.close();
  await rm(seeded.dataDir, { recursive: true, force: true });
}
