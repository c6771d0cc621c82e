/**
 * Start-up of the file stores: a stray file where shard directories belong is
 * logged and skipped (it used to make start-up throw), and the directories
 * the stores create are fsynced into their parents (a power cut right after
 * the first start could otherwise lose `workflows/` with every record in it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsPromises from 'node:fs/promises';
import { readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { Api, Journey, tempDir, testEnv } from './harness.js';

test('a stray file in workflows/ is logged and skipped; every workflow is still served', async (t) => {
  const dataDir = await tempDir(t);
  const first = await FileWorkflowStore.open(dataDir);
  const blobs = await FileBlobStore.open(dataDir);
  const api = new Api((path, init) => Promise.resolve(createApp({ config: loadConfig(testEnv(dataDir)), store: first, blobs, log: () => {} }).app.request(path, init)));
  const journey = await Journey.start(api);
  await journey.details();
  await first.close();

  const stray = join(dataDir, 'workflows', 'notes.txt');
  await writeFile(stray, 'left here by an operator');
  const logs: string[] = [];
  const second = await FileWorkflowStore.open(dataDir, (line) => logs.push(line));
  t.after(() => second.close());
  assert.equal(await second.idForTokenHash((await second.get(journey.id))!.tokenHash), journey.id, 'the workflow is indexed');
  assert.equal((await second.get(journey.id))?.state, 'document_selection', 'and served');
  assert.deepEqual(second.setAside, [], 'nothing set aside');
  assert.equal(logs.filter((line) => line.includes('notes.txt') && /skipped/.test(line)).length, 1, `logged once: ${logs.join('\n')}`);
  assert.equal(await readFile(stray, 'utf8'), 'left here by an operator', 'the stray file is left as it was');
});

test('a fresh data dir: workflows/ and blobs/ (and the data dir itself) are fsynced into their parents', async (t) => {
  const root = await tempDir(t);
  const dataDir = join(root, 'nested', 'data');
  const opened: string[] = [];
  const open = fsPromises.open;
  t.mock.method(fsPromises, 'open', (path: string, ...rest: unknown[]) => {
    opened.push(String(path));
    return (open as (...args: unknown[]) => unknown)(path, ...rest);
  });
  syncBuiltinESMExports();
  t.after(() => syncBuiltinESMExports());
  const store = await FileWorkflowStore.open(dataDir);
  await FileBlobStore.open(dataDir);
  t.mock.restoreAll();
  syncBuiltinESMExports();
  await store.close();
  // ensureDir opens the parent of each directory it made, to fsync it.
  for (const parent of [root, join(root, 'nested'), dataDir])
    assert.equal(opened.includes(parent), true, `${parent} fsynced after a directory was made in it; opened: ${opened.join(', ')}`);
  assert.equal(opened.filter((path) => path === dataDir).length, 2, 'the data dir once for workflows/, once for blobs/');
});
