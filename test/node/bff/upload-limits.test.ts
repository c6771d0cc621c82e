/**
 * What one caller can hold: at most 10 versions of one item per workflow
 * (the 11th is a 422 and stores nothing), at most 5 uploads of one workflow
 * in flight (the 6th is a 429 with Retry-After before its body is read), and
 * at most 5 event streams per applicant token and 10 per reviewer key.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { MAX_UPLOADS_IN_FLIGHT, MAX_UPLOADS_PER_ITEM } from '../../../bff/routes/workflows.js';
import { MAX_STREAMS } from '../../../bff/sse.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, assertProblem, digestDir, Journey, tempDir, testEnv } from './harness.js';
import { png } from './images.js';

async function bff(t: TestContext) {
  const dataDir = await tempDir(t);
  const store = await FileWorkflowStore.open(dataDir);
  const blobs = await FileBlobStore.open(dataDir);
  const { app, deps } = createApp({ config: loadConfig(testEnv(dataDir)), store, blobs, log: () => {} });
  t.after(async () => {
    for (const close of deps.streams) close();
    await store.close();
  });
  const api = new Api((path, init) => Promise.resolve(app.request(path, init)));
  return { app, deps, api, dataDir };
}

/** Waits (a bounded number of event-loop turns) until `done()` holds. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 10_000 && !done(); turn++) await tick();
  assert.equal(done(), true, what);
}

describe('versions per item', () => {
  test(`the ${MAX_UPLOADS_PER_ITEM + 1}th upload of one item is a 422 and stores nothing; other items still take uploads`, async (t) => {
    const { api, dataDir } = await bff(t);
    const journey = await Journey.start(api);
    await journey.details();
    for (let i = 0; i < MAX_UPLOADS_PER_ITEM; i++) {
      const answer = await journey.upload('id_card', 'front', png(4, 3, { seed: 1000 + i }));
      assert.equal(answer.status, 201, `upload ${i + 1}: ${JSON.stringify(answer.body)}`);
    }
    const before = await digestDir(dataDir);
    const version = journey.version;
    const refused = await journey.upload('id_card', 'front', png(4, 3, { seed: 5000 }));
    const problem = assertProblem(refused, 422, 'the 11th version');
    assert.match(problem.detail, new RegExp(`${MAX_UPLOADS_PER_ITEM} uploads of id_card/front`));
    assert.equal(await digestDir(dataDir), before, 'no file written or changed (no blob, no record change)');
    const view = await journey.view();
    assert.equal(view.body.version, version, 'version unchanged');
    assert.equal(view.body.documents.filter((d: any) => d.type === 'id_card' && d.side === 'front').length, MAX_UPLOADS_PER_ITEM);
    assert.equal((await journey.upload('id_card', 'back')).status, 201, 'another item of the same workflow is fine');
  });
});

/** A multipart upload whose file part is held back until `release()`: the request stays in flight. */
function heldUpload(app: Awaited<ReturnType<typeof bff>>['app'], journey: Journey) {
  const boundary = 'kyc-test-boundary';
  const enc = new TextEncoder();
  const head = enc.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nid_card\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="side"\r\n\r\nfront\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = new Uint8Array([...png(4, 3, { seed: Math.floor(Math.random() * 1e9) }), ...enc.encode(`\r\n--${boundary}--\r\n`)]);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reading!: () => void;
  const started = new Promise<void>((resolve) => (reading = resolve));
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pulls++ === 0) {
        reading(); // the server reads the body: the request is past every check made before it
        controller.enqueue(head);
        return;
      }
      await gate;
      controller.enqueue(tail);
      controller.close();
    },
  });
  const answer = Promise.resolve(
    app.request(`/api/v1/workflows/${journey.id}/documents`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { Authorization: `Bearer ${journey.token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit),
  ).then(async (res) => ({ status: res.status, body: await res.json() }));
  return { started, release, answer };
}

describe('uploads in flight', () => {
  test(`the ${MAX_UPLOADS_IN_FLIGHT + 1}th concurrent upload of one workflow is a 429 with Retry-After; the slot frees when one ends`, async (t) => {
    const { app, api } = await bff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const other = await Journey.start(api);
    await other.details();

    const held = Array.from({ length: MAX_UPLOADS_IN_FLIGHT }, () => heldUpload(app, journey));
    await Promise.all(held.map((upload) => upload.started));
    const refused = await journey.upload('id_card', 'back');
    assertProblem(refused, 429, 'one upload too many');
    assert.match(refused.res.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After');
    assert.equal((await other.upload('id_card', 'front')).status, 201, 'another workflow is not held up');

    for (const upload of held) upload.release();
    const answers = await Promise.all(held.map((upload) => upload.answer));
    assert.deepEqual(answers.map((a) => a.status), Array(MAX_UPLOADS_IN_FLIGHT).fill(201), JSON.stringify(answers.map((a) => a.body)));
    assert.equal((await journey.upload('id_card', 'back')).status, 201, 'free again once they finished');
  });
});

describe('event streams per caller', () => {
  test(`${MAX_STREAMS.applicant} per applicant token, ${MAX_STREAMS.reviewer} per reviewer key: one more is a 429 with Retry-After; closing one frees it`, async (t) => {
    const { app, deps, api } = await bff(t);
    const journey = await Journey.start(api);
    const open = (path: string, token: string) =>
      Promise.resolve(app.request(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } }));
    const streams: Response[] = [];
    t.after(() => Promise.all(streams.map((res) => res.body?.cancel().catch(() => {}))));

    for (const [path, token, max] of [
      [`/workflows/${journey.id}/stream`, journey.token, MAX_STREAMS.applicant],
      ['/cases/stream', ALICE_KEY, MAX_STREAMS.reviewer],
    ] as const) {
      const mine: Response[] = [];
      for (let i = 0; i < max; i++) {
        const res = await open(path, token);
        assert.equal(res.status, 200, `${path} stream ${i + 1}`);
        mine.push(res);
      }
      streams.push(...mine);
      const refused = await open(path, token);
      assert.equal(refused.status, 429, `${path}: one stream too many`);
      assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/, 'Retry-After');

      const before = deps.streams.size;
      await mine[0].body!.cancel();
      await until(() => deps.streams.size === before - 1, 'the cancelled stream ended');
      const again = await open(path, token);
      assert.equal(again.status, 200, `${path}: a slot is free after one closed`);
      streams.push(again);
    }
    const bob = await open('/cases/stream', 'bob-key-0123456789abcdef-b');
    assert.equal(bob.status, 200, 'another reviewer has his own streams');
    streams.push(bob);
  });
});
