/**
 * The file store's record cache: a read outside the workflow's lock never
 * puts an older record over a newer acknowledged one, a failed write leaves
 * the file (not the cache) in charge, and the LRU order follows use.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { DurableJSONFile } from '../../../bff/store/durable-file.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { VersionConflict, type WorkflowRecord } from '../../../bff/store/types.js';
import { tempDir } from './harness.js';

function record(id: string): WorkflowRecord {
  const at = new Date().toISOString();
  return {
    id,
    tokenHash: `hash-of-${id}`,
    definitionVersion: 1,
    status: 'in_progress',
    state: 'welcome',
    context: { uploads: {}, review: null } as unknown as WorkflowRecord['context'],
    decision: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    assignee: null,
    documents: [],
    history: [],
  };
}

const mark = (action: string) => (next: WorkflowRecord) => {
  next.history.push({ at: new Date().toISOString(), actor: { kind: 'system', id: 'test' }, action });
  return next;
};

describe('FileWorkflowStore cache', () => {
  test('a slow read outside the lock, overtaken by a write, does not lose the acknowledged write', async (t) => {
    const dir = await tempDir(t);
    const first = await FileWorkflowStore.open(dir);
    await first.create(record('race0001'));
    await first.close();
    const store = await FileWorkflowStore.open(dir); // a restart: nothing cached
    t.after(() => store.close());

    // The first file read (the unlocked GET's) has its bytes but is held until the write is acknowledged.
    const read = DurableJSONFile.prototype.read;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let gotBytes!: () => void;
    const readDone = new Promise<void>((resolve) => (gotBytes = resolve));
    let calls = 0;
    t.mock.method(DurableJSONFile.prototype, 'read', async function (this: DurableJSONFile<unknown>) {
      const first = calls++ === 0;
      const value = await read.call(this);
      if (first) {
        gotBytes();
        await held;
      }
      return value;
    });

    const reader = store.get('race0001');
    await readDone;
    const acked = await store.update('race0001', 1, mark('A'));
    assert.equal(acked.version, 2, 'the write was acknowledged as version 2');
    release();
    const stale = await reader;
    assert.equal(stale?.version, 1, 'the slow reader itself saw the version it read');

    const now = await store.get('race0001');
    assert.equal(now?.version, 2, 'the store still says version 2 after the slow read finished');
    assert.deepEqual(now?.history.map((h) => h.action), ['A'], 'the acknowledged write is there');
    await assert.rejects(store.update('race0001', 1, mark('B')), VersionConflict, 'a compare-and-set against version 1 is refused');
    const after = await store.update('race0001', 2, mark('B'));
    assert.deepEqual(after.history.map((h) => h.action), ['A', 'B'], 'nothing lost');
  });

  test('a write whose fsync fails (after the rename) leaves reads and compare-and-set to the file', async (t) => {
    const dir = await tempDir(t);
    const store = await FileWorkflowStore.open(dir);
    t.after(() => store.close());
    await store.create(record('fsync001'));
    assert.equal((await store.get('fsync001'))?.version, 1, 'cached at version 1');

    // A replace (replaceFileDurably) writes a temp file, renames it over the record, then fsyncs it: its one fsync fails.
    let calls = 0;
    t.mock.method(fs, 'fsync', (_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
      calls++;
      return done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    });
    syncBuiltinESMExports();
    t.after(() => syncBuiltinESMExports());
    await assert.rejects(store.update('fsync001', 1, mark('A')), /EIO/, 'the write was not acknowledged');
    assert.equal(calls, 1, 'the mocked fsync was the one the store called, once');
    t.mock.restoreAll();
    syncBuiltinESMExports();

    const now = await store.get('fsync001');
    assert.equal(now?.version, 2, 'the store reads what the file holds (the rename happened)');
    await assert.rejects(store.update('fsync001', 1, mark('B')), VersionConflict, 'no second write on top of version 1');
  });

  test('a cache hit refreshes the entry (least recently used is evicted first)', async (t) => {
    const dir = await tempDir(t);
    const store = await FileWorkflowStore.open(dir);
    t.after(() => store.close());
    const cache = (store as unknown as { cache: Map<string, string> }).cache;
    await store.create(record('lru00001'));
    await store.create(record('lru00002'));
    assert.deepEqual([...cache.keys()], ['lru00001', 'lru00002'], 'created in order');
    await store.get('lru00001');
    assert.deepEqual([...cache.keys()], ['lru00002', 'lru00001'], 'the hit moved to the most recently used end');
  });
});
