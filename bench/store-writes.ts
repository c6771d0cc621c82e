/**
 * `node --import tsx bench/store-writes.ts [lanes] [seconds]`: the file
 * store's durable writes alone (no HTTP): `lanes` writers, each updating its
 * own workflows one after another, for `seconds`. Writes/s and the event
 * loop's longest stall (a write path that blocks the loop shows there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { FileWorkflowStore } from '../bff/store/file-store.js';
import { makeTemplates } from './seed.js';

const lanes = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 3);
const { inProgress } = await makeTemplates();
const dir = mkdtempSync(join(tmpdir(), 'kyc-store-writes-'));
try {
  const store = await FileWorkflowStore.open(dir);
  const ids: string[] = [];
  for (let i = 0; i < lanes * 5; i++) {
    const id = `w${String(i).padStart(4, '0')}${inProgress.id.slice(5)}`;
    await store.create({ ...inProgress, id, tokenHash: `${i}`.padStart(64, '0') });
    ids.push(id);
  }
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let writes = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let turn = 0; performance.now() < end; turn++) {
        await store.update(ids[lane + lanes * (turn % 5)], undefined, (record) => record);
        writes++;
      }
    }),
  );
  delay.disable();
  console.log(`${lanes} lanes: ${Math.round(writes / seconds)} writes/s; event loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
