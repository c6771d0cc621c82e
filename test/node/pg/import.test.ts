/**
 * `npm run import -- --from <KYC_DATA_DIR>` (deployment.md § Moving a
 * deployment): every workflow with its history, documents and image bytes
 * lands in PostgreSQL, a second run copies nothing twice, and a PostgreSQL
 * server then serves what the file server did (tokens, cases, images).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, Journey, serveBff, tempDir, testEnv } from '../bff/harness.js';
import { freshDatabase } from './shared-cluster.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

test('import copies workflows, history, documents and images once, checks them, and a PostgreSQL server serves them', async (t) => {
  const dataDir = await tempDir(t);
  const store = await FileWorkflowStore.open(dataDir);
  const { app } = createApp({ config: loadConfig(testEnv(dataDir)), store, blobs: await FileBlobStore.open(dataDir), log: () => {} });
  const files = new Api((path, init) => Promise.resolve(app.request(path, init)));
  const submitted = await Journey.submitted(files);
  const started = await Journey.start(files);
  await started.details();
  const before = (await files.send('GET', `/cases/${submitted.id}`, { token: ALICE_KEY })).body;
  const image = await files.call('GET', `/documents/${submitted.uploads.selfie}`, { token: ALICE_KEY });
  const imageBytes = Buffer.from(await image.arrayBuffer());
  await store.close();

  const url = await freshDatabase();
  const env = { ...process.env, KYC_DATABASE_URL: url };
  const first = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--from', dataDir], { cwd: ROOT, env });
  assert.match(first.stdout, /workflows: 2 read, 2 copied, 0 already there, 2 checked equal/);
  assert.match(first.stdout, /images: 3 checked, 3 copied/);
  const again = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--from', dataDir], { cwd: ROOT, env });
  assert.match(again.stdout, /workflows: 2 read, 0 copied, 2 already there, 2 checked equal/);
  assert.match(again.stdout, /images: 3 checked, 0 copied/);

  const served = await serveBff(t, { KYC_DATABASE_URL: url });
  const after = await served.api.send('GET', `/cases/${submitted.id}`, { token: ALICE_KEY });
  assert.deepEqual(after.body, before, 'the case, its history and documents as they were');
  const bytes = Buffer.from(await (await served.api.call('GET', `/documents/${submitted.uploads.selfie}`, { token: ALICE_KEY })).arrayBuffer());
  assert.ok(bytes.equals(imageBytes), 'the image bytes');
  const resumed = await served.api.send('GET', `/workflows/${started.id}`, { token: started.token });
  assert.equal(resumed.status, 200, 'the applicant token still opens its workflow');
  assert.equal(resumed.body.state, 'document_selection');
  const queue = await served.api.send('GET', '/cases', { token: ALICE_KEY });
  assert.deepEqual(queue.body.items.map((item: any) => item.id), [submitted.id]);
});

test('import refuses a data dir a live server holds', async (t) => {
  const dataDir = await tempDir(t);
  const { lockDataDir } = await import('../../../bff/store/lock.js');
  const release = lockDataDir(dataDir);
  t.after(release);
  // The lock names this test process, which is alive: the import must refuse.
  const result = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--from', dataDir], { cwd: ROOT, env: { ...process.env, KYC_DATABASE_URL: await freshDatabase() } }).then(
    () => assert.fail('import ran on a held data dir'),
    (error: { code: number; stderr: string }) => error,
  );
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /in use by another BFF process/);
});
