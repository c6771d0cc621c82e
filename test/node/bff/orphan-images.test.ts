/**
 * Orphan images (issue 14 §4): an upload cut short by kill -9 after its image
 * was written but before its record was leaves a blob nothing refers to. At
 * the next start such a blob goes once it is an hour old; every image a
 * workflow or a set-aside file refers to stays, and so does a younger orphan
 * (removed later by a timer).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanImage, inspectImage } from '../../../bff/images.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { childBff } from '../hardening/support/fixture.js';
import { ada, tempDir, testEnv } from './harness.js';
import { png } from './images.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const blobPath = (dataDir: string, sha: string) => join(dataDir, 'blobs', sha.slice(0, 2), sha);
const HOUR = 60 * 60_000;

async function age(path: string, ms: number): Promise<void> {
  const when = new Date(Date.now() - ms);
  await utimes(path, when, when);
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  return out;
}

describe('orphan images', () => {
  test('kill -9 mid-upload: at the next start the hour-old orphan goes, every referenced image stays', { timeout: 120_000 }, async (t) => {
    const dataDir = await tempDir(t);
    const env = testEnv(dataDir, { KYC_MAX_UPLOAD_BYTES: String(1 << 20) });
    const first = await childBff(env);
    t.after(() => first.kill());
    const call = (path: string, init: RequestInit = {}) => fetch(`${first.url}/api/v1${path}`, init);
    const created = (await (await call('/workflows', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string; token: string; version: number };
    const auth = { authorization: `Bearer ${created.token}` };
    const json = () => ({ ...auth, 'content-type': 'application/json' });
    let version = created.version;
    for (const [state, context] of [['personal_details', {}], ['document_selection', { applicant: ada }]] as const) {
      const answer = await call(`/workflows/${created.id}/snapshot`, { method: 'PUT', headers: json(), body: JSON.stringify({ state, context, version }) });
      assert.equal(answer.status, 200, await answer.clone().text());
      version = ((await answer.json()) as { version: number }).version;
    }
    const upload = (bytes: Uint8Array<ArrayBuffer>, side: string) => {
      const form = new FormData();
      form.set('file', new Blob([bytes], { type: 'image/png' }), 'photo.png');
      form.set('type', 'id_card');
      form.set('side', side);
      return call(`/workflows/${created.id}/documents`, { method: 'POST', headers: auth, body: form });
    };

    // An acknowledged upload: referenced by the workflow.
    const keptUpload = await upload(png(40, 30, { seed: 7 }), 'front');
    assert.equal(keptUpload.status, 201);
    const keptSha = ((await keptUpload.json()) as { sha256: string }).sha256;
    const recordPath = join(dataDir, 'workflows', created.id.slice(0, 2), `${created.id}.json`);

    // The cut-short upload: stop the server the moment its image is on disk, before the record names it.
    let orphan: string | undefined;
    const acknowledged: string[] = []; // attempts where the record won the race: their images are referenced
    for (let attempt = 0; attempt < 10 && !orphan; attempt++) {
      const bytes = png(40, 30, { seed: 100 + attempt });
      // The server stores the image as it re-encodes it (sharp, deterministic): wait for that one.
      const inspected = inspectImage(bytes);
      assert.ok(inspected.ok);
      const sha = sha256((await cleanImage(bytes, inspected.info)).bytes);
      const answer = upload(bytes, 'back').catch(() => undefined);
      while (!existsSync(blobPath(dataDir, sha)) && first.child.exitCode === null) await new Promise((r) => setImmediate(r));
      first.child.kill('SIGSTOP');
      if (!(await readFile(recordPath, 'utf8')).includes(sha)) orphan = sha;
      else {
        first.child.kill('SIGCONT'); // the record won the race this time: try again with other bytes
        await answer;
        acknowledged.push(sha);
      }
    }
    assert.ok(orphan, 'the server was stopped between writing an image and its record');
    await first.kill();

    // A workflow file that cannot be read (set aside at start) still refers to its image: that one stays too.
    const asideImage = png(40, 30, { seed: 999 });
    const asideSha = sha256(asideImage);
    await mkdir(join(dataDir, 'blobs', asideSha.slice(0, 2)), { recursive: true });
    await writeFile(blobPath(dataDir, asideSha), asideImage);
    await mkdir(join(dataDir, 'workflows', 'zz'), { recursive: true });
    await writeFile(join(dataDir, 'workflows', 'zz', 'zzbroken.json'), `{"id":"zzbroken","documents":[{"sha256":"${asideSha}"`);
    // A young orphan (an upload cut short minutes ago) waits for its hour.
    const young = png(40, 30, { seed: 555 });
    const youngSha = sha256(young);
    await mkdir(join(dataDir, 'blobs', youngSha.slice(0, 2)), { recursive: true });
    await writeFile(blobPath(dataDir, youngSha), young);

    const referenced = [keptSha, ...acknowledged, asideSha];
    for (const sha of [...referenced, orphan]) await age(blobPath(dataDir, sha), 2 * HOUR);
    const before = await allFiles(join(dataDir, 'blobs'));
    assert.equal(before.length, referenced.length + 2, `the referenced images, the orphan and the young one before the restart: ${before.join(', ')}`);

    const second = await childBff(env);
    t.after(() => second.stop());
    assert.equal(existsSync(blobPath(dataDir, orphan)), false, 'the hour-old orphan is gone');
    for (const sha of referenced) assert.equal(existsSync(blobPath(dataDir, sha)), true, `referenced image ${sha.slice(0, 8)} stays`);
    assert.equal(existsSync(blobPath(dataDir, youngSha)), true, 'a younger orphan waits for its hour');
    assert.match(second.output(), /removed 1 orphan image\(s\) at start/);
    const view = await fetch(`${second.url}/api/v1/workflows/${created.id}`, { headers: auth });
    assert.equal(view.status, 200);
    const documents = ((await view.json()) as { documents: { sha256: string }[] }).documents;
    assert.deepEqual(documents.map((d) => d.sha256).sort(), [keptSha, ...acknowledged].sort(), 'the acknowledged uploads are the workflow\u2019s only documents');
  });

  test('a young orphan goes when it reaches the age, unless an upload of the same bytes claimed it', async (t) => {
    const dataDir = await tempDir(t);
    const blobs = await FileBlobStore.open(dataDir);
    const write = async (bytes: Uint8Array) => {
      const sha = sha256(bytes);
      await mkdir(join(dataDir, 'blobs', sha.slice(0, 2)), { recursive: true });
      await writeFile(blobPath(dataDir, sha), bytes);
      return sha;
    };
    const lost = await write(png(8, 8, { seed: 1 }));
    const claimedBytes = png(8, 8, { seed: 2 });
    const claimed = await write(claimedBytes);
    const lines: string[] = [];
    assert.equal(await blobs.sweepOrphans(() => false, { maxAgeMs: 300, log: (line) => lines.push(line) }), 0, 'nothing old enough at start');
    assert.equal(existsSync(blobPath(dataDir, lost)), true);
    // The same bytes uploaded again and referenced by a record: no longer an orphan.
    assert.equal(await blobs.put(claimedBytes), claimed);
    await blobs.settle(claimed, true);
    for (let waited = 0; existsSync(blobPath(dataDir, lost)) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(blobPath(dataDir, lost)), false, 'the orphan went when it reached the age');
    assert.equal(existsSync(blobPath(dataDir, claimed)), true, 'the claimed one stays');
    assert.match(lines.join('\n'), /removed orphan image/);
  });
});
