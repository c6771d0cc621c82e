/**
 * The file store at start: a corrupt workflow file is set aside (moved and
 * logged), every other workflow is served, and temp files of writes that
 * never finished are removed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, Journey, listFiles, tempDir, testEnv } from './harness.js';

async function openApp(dataDir: string) {
  const logs: string[] = [];
  const store = await FileWorkflowStore.open(dataDir, (line) => logs.push(line));
  const blobs = await FileBlobStore.open(dataDir);
  const { app } = createApp({ config: loadConfig(testEnv(dataDir)), store, blobs, log: () => {} });
  return { store, logs, api: new Api((path, init) => Promise.resolve(app.request(path, init))) };
}

const fileOf = (dataDir: string, id: string) => join(dataDir, 'workflows', id.slice(0, 2), `${id}.json`);

describe('FileWorkflowStore at start', () => {
  test('a corrupt workflow file is set aside and logged; every other workflow is served', async (t) => {
    const dataDir = await tempDir(t);
    const first = await openApp(dataDir);
    const submitted = await Journey.submitted(first.api);
    const inProgress = await Journey.start(first.api);
    await inProgress.details();
    const truncated = await Journey.start(first.api);
    const impostor = await Journey.start(first.api);
    await first.store.close();

    // A file cut off mid-write, and one that is JSON but not this workflow's record.
    const original = await readFile(fileOf(dataDir, truncated.id), 'utf8');
    await writeFile(fileOf(dataDir, truncated.id), original.slice(0, original.length / 2));
    await writeFile(fileOf(dataDir, impostor.id), JSON.stringify({ id: 'someone-else', version: 1 }));

    const second = await openApp(dataDir);
    t.after(() => second.store.close());
    assert.deepEqual([...second.store.setAside].sort(), [truncated.id, impostor.id].sort());
    for (const id of [truncated.id, impostor.id]) {
      assert.ok(second.logs.some((line) => line.includes(id) && /set aside/.test(line)), `logged: ${second.logs.join('\n')}`);
    }
    const aside = await readdir(join(dataDir, 'set-aside'));
    assert.equal(aside.length, 2);
    assert.ok(aside.some((name) => name.startsWith(truncated.id)));
    const kept = await readFile(join(dataDir, 'set-aside', aside.find((name) => name.startsWith(truncated.id))!), 'utf8');
    assert.equal(kept, original.slice(0, original.length / 2), 'moved as it was, never dropped');
    const files = await listFiles(join(dataDir, 'workflows'));
    assert.ok(!files.some((path) => path.includes(truncated.id) || path.includes(impostor.id)));

    // Everything else is served as before.
    const view = await second.api.send('GET', `/workflows/${inProgress.id}`, { token: inProgress.token });
    assert.equal(view.status, 200);
    assert.equal(view.body.state, 'document_selection');
    const list = await second.api.send('GET', '/cases', { token: ALICE_KEY });
    assert.deepEqual(list.body.items.map((item: any) => item.id), [submitted.id]);
    const item = await second.api.send('GET', `/cases/${submitted.id}`, { token: ALICE_KEY });
    assert.equal(item.status, 200);
    assert.equal(item.body.documents.length, 3);
    const doc = await second.api.call('GET', `/documents/${submitted.uploads.selfie}`, { token: ALICE_KEY });
    assert.equal(doc.status, 200);
    // The set-aside workflow's token opens nothing now (401), and the server goes on taking writes.
    assert.equal((await second.api.send('GET', `/workflows/${truncated.id}`, { token: truncated.token })).status, 401);
    assert.equal((await inProgress.put('document_selection', { applicant: view.body.context.applicant })).status, 200);
  });

  test('a leftover temp file (a write that never got renamed) is removed; the stored record wins', async (t) => {
    const dataDir = await tempDir(t);
    const first = await openApp(dataDir);
    const journey = await Journey.start(first.api);
    await journey.put('personal_details', {});
    await first.store.close();
    const path = fileOf(dataDir, journey.id);
    const temp = `${path}.tmp-0123456789ab`;
    await writeFile(temp, '{"id":"half a wri');
    const second = await openApp(dataDir);
    t.after(() => second.store.close());
    const files = await listFiles(join(dataDir, 'workflows'));
    assert.ok(!files.some((name) => name.includes('.tmp-')), files.join(', '));
    assert.deepEqual(second.store.setAside, []);
    const view = await second.api.send('GET', `/workflows/${journey.id}`, { token: journey.token });
    assert.equal(view.body.state, 'personal_details');
    assert.equal(view.body.version, 2);
  });
});
