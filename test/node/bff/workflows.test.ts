/**
 * The applicant's routes of api.md, in-process: every success path and every
 * refusal, with the stored files checked where durability matters.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DOCUMENT_CATALOGUE, PERSIST_STATES, STATES, SUBMIT_STATES } from '../../../components/workflow/index.js';
import { ada, ALICE_KEY, assertProblem, digestDir, Journey, makeBff, MAX_UPLOAD, storedBlob, storedRecord, testStore, yearsAgo } from './harness.js';
import { jpeg, png, webp } from './images.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The workflow's file as the store wrote it. */
/** The record as stored (file or database row). */
const onDisk = storedRecord;

describe('open routes', () => {
  test('GET /health and the definition', async (t) => {
    const { api } = await makeBff(t);
    const health = await api.send('GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok', store: testStore });

    const definition = await api.send('GET', '/definitions/kyc-manual-review');
    assert.equal(definition.status, 200);
    assert.deepEqual(definition.body.states, STATES);
    assert.deepEqual(definition.body.persistStates, PERSIST_STATES);
    assert.deepEqual(definition.body.submitStates, SUBMIT_STATES);
    assert.equal(typeof definition.body.version, 'number');
    const catalogue = Object.fromEntries(definition.body.documents.map((d: any) => [d.type, d.sides]));
    assert.deepEqual(catalogue, DOCUMENT_CATALOGUE);

    assertProblem(await api.send('GET', '/definitions/something-else'), 404);
    assertProblem(await api.send('GET', '/no-such-route'), 404);
  });
});

describe('POST /workflows and GET /workflows/:id', () => {
  test('creates a workflow whose token opens it and only it; only the token hash is stored', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const created = await api.send('POST', '/workflows', { json: {} });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['id', 'state', 'status', 'token', 'version']);
    assert.equal(created.body.status, 'in_progress');
    assert.equal(created.body.state, 'welcome');
    const { id, token } = created.body;
    assert.ok(Buffer.from(token, 'base64url').length >= 16, 'at least 128 random bits');

    const stored = await onDisk(dataDir, id);
    assert.equal(stored.version, created.body.version);
    assert.equal(stored.tokenHash, sha256(Buffer.from(token)));
    assert.ok(!JSON.stringify(stored).includes(token), 'the token itself is never stored');

    const view = await api.send('GET', `/workflows/${id}`, { token });
    assert.equal(view.status, 200);
    assert.deepEqual(Object.keys(view.body).sort(), ['context', 'decision', 'documents', 'id', 'state', 'status', 'version']);
    assert.equal(view.body.decision, null);
    assert.deepEqual(view.body.documents, []);

    const other = await Journey.start(api);
    assertProblem(await api.send('GET', `/workflows/${id}`), 401);
    assertProblem(await api.send('GET', `/workflows/${id}`, { token: 'not-a-token-but-long-enough' }), 401);
    assertProblem(await api.send('GET', `/workflows/${id}`, { token: other.token }), 403);
    assertProblem(await api.send('GET', `/workflows/${id}`, { token: ALICE_KEY }), 403, 'a reviewer key is not an applicant token');
  });

  test('POST /workflows wants JSON: 415 otherwise, 400 for a non-empty body', async (t) => {
    const { api } = await makeBff(t);
    assertProblem(await api.send('POST', '/workflows', { body: '{}', headers: { 'Content-Type': 'text/plain' } }), 415);
    assertProblem(await api.send('POST', '/workflows', { json: { status: 'approved' } }), 400);
  });
});

describe('PUT /workflows/:id/snapshot', () => {
  test('stores persisted states reached by allowed moves, durably, with the version', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    const first = await journey.put('personal_details', {});
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { version: 2 });
    let stored = await onDisk(dataDir, journey.id);
    assert.equal(stored.state, 'personal_details');
    assert.equal(stored.version, 2);

    const second = await journey.put('document_selection', { applicant: ada });
    assert.equal(second.status, 200);
    stored = await onDisk(dataDir, journey.id);
    assert.equal(stored.state, 'document_selection');
    assert.deepEqual(stored.context.applicant, ada);
    assert.equal(stored.version, 3);

    // Storing the state already stored again (as after a retake) is allowed.
    assert.equal((await journey.put('document_selection', { applicant: ada })).status, 200);
    assert.equal((await journey.view()).body.version, 4);
  });

  test('a jump welcome → final, a state that is not persisted, and an unknown state are refused', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    const before = await digestDir(dataDir);
    const everything = {
      applicant: ada,
      documentType: 'passport',
      issuingCountry: 'GB',
      uploads: { 'passport/front': `${journey.id}.aaaa`, selfie: `${journey.id}.bbbb` },
    };
    assertProblem(await journey.put('final', everything), 422, 'welcome → final');
    assertProblem(await journey.put('final', {}), 422, 'welcome → final without data');
    assertProblem(await journey.put('document_selection', {}), 422, 'welcome → document_selection skips a save and the details');
    assertProblem(await journey.put('selfie', {}), 422, 'selfie is not persisted');
    assertProblem(await journey.put('nowhere', {}), 422, 'not a state of the statechart');
    assert.equal(await digestDir(dataDir), before, 'nothing stored');
    assert.equal((await journey.view()).body.state, 'welcome');
  });

  test('a stale version is 409 with the current version in the body', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    assert.equal((await journey.put('personal_details', {})).status, 200);
    const stale = assertProblem(await journey.put('document_selection', { applicant: ada }, 1), 409);
    assert.equal(stale.version, 2);
    assert.equal((await journey.view()).body.state, 'personal_details');
  });

  test('two simultaneous saves with the same version: exactly one 200, the other 409 with the version', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.put('personal_details', {});
    const answers = await Promise.all(
      ['Ada', 'Grace'].map((firstName) =>
        api.send('PUT', `/workflows/${journey.id}/snapshot`, {
          token: journey.token,
          json: { state: 'document_selection', context: { applicant: { ...ada, firstName } }, version: journey.version },
        }),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const loser = assertProblem(answers.find((a) => a.status === 409)!, 409);
    const winner = answers.find((a) => a.status === 200)!;
    assert.equal(loser.version, winner.body.version);
    assert.equal((await journey.view()).body.version, winner.body.version);
  });

  test('a minor is refused (422); an applicant who turns 18 today is not', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.put('personal_details', {});
    const minor = assertProblem(await journey.put('document_selection', { applicant: { ...ada, dateOfBirth: yearsAgo(18, -1) } }), 422);
    assert.ok(minor.errors?.some((e: any) => /dateOfBirth/.test(e.path)), JSON.stringify(minor));
    assertProblem(await journey.put('document_selection', { applicant: { ...ada, dateOfBirth: yearsAgo(-1) } }), 422, 'future date');
    assertProblem(await journey.put('document_selection', { applicant: { ...ada, dateOfBirth: '2001-02-30' } }), 422, 'not a date');
    assertProblem(await journey.put('document_selection', { applicant: { ...ada, country: 'XX' } }), 422, 'not a country');
    assert.equal((await journey.view()).body.state, 'personal_details');
    assert.equal((await journey.put('document_selection', { applicant: { ...ada, dateOfBirth: yearsAgo(18) } })).status, 200);
  });

  test('wrong media type (415) and bad credentials', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    const other = await Journey.start(api);
    const body = JSON.stringify({ state: 'personal_details', context: {}, version: 1 });
    assertProblem(await api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, body, headers: { 'Content-Type': 'text/plain' } }), 415);
    assertProblem(await api.send('PUT', `/workflows/${journey.id}/snapshot`, { body, headers: { 'Content-Type': 'application/json' } }), 401);
    assertProblem(await api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: other.token, body, headers: { 'Content-Type': 'application/json' } }), 403);
    assert.equal((await journey.view()).body.version, 1);
  });
});

describe('POST /workflows/:id/documents', () => {
  test('PNG, JPEG and WebP are stored re-encoded in their own format, with sha256 and the new version', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const cases = [
      { bytes: png(4, 3), label: 'image/png', mime: 'image/png', width: 4, height: 3 },
      { bytes: jpeg(16, 8), label: 'image/jpeg', mime: 'image/jpeg', width: 16, height: 8 },
      { bytes: webp(), label: 'image/webp', mime: 'image/webp', width: 1, height: 1 },
      // The declared type is not believed: JPEG bytes labelled PNG are a JPEG.
      { bytes: jpeg(24, 24), label: 'image/png', mime: 'image/jpeg', width: 24, height: 24 },
    ];
    let version = journey.version;
    for (const item of cases) {
      const answer = await journey.upload('id_card', 'front', item.bytes, item.label);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const doc = answer.body;
      assert.equal(doc.type, 'id_card');
      assert.equal(doc.side, 'front');
      assert.equal(doc.mime, item.mime);
      assert.match(doc.sha256, /^[0-9a-f]{64}$/);
      assert.equal(doc.width, item.width);
      assert.equal(doc.height, item.height);
      assert.ok(!Number.isNaN(Date.parse(doc.createdAt)));
      assert.equal(doc.version, ++version);
      assert.ok(doc.id.startsWith(`${journey.id}.`));
      // The clean image is stored under its hash; the record lists the document.
      const blob = await storedBlob(dataDir, doc.sha256);
      assert.equal(sha256(blob), doc.sha256);
      assert.equal(blob.length, doc.size);
      const stored = await onDisk(dataDir, journey.id);
      assert.equal(stored.version, doc.version);
      assert.ok(stored.documents.some((d: any) => d.id === doc.id));
    }
    const selfie = await journey.upload('selfie', undefined, png(5, 5));
    assert.equal(selfie.status, 201);
    assert.equal(selfie.body.side, null);
    const view = await journey.view();
    assert.equal(view.body.documents.length, 5);
    assert.equal(view.body.documents[0].id, selfie.body.id, 'newest first');
  });

  test('text labelled image/png is 415; a damaged image 422; no multipart 415', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const before = await digestDir(dataDir);
    assertProblem(await journey.upload('id_card', 'front', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'image/png'), 415);
    const truncated = png(8, 8);
    assertProblem(await journey.upload('id_card', 'front', truncated.subarray(0, truncated.length - 12)), 422, 'truncated PNG');
    const polyglot = new Uint8Array([...png(2, 2), ...new TextEncoder().encode('<script>alert(1)</script>')]);
    assertProblem(await journey.upload('id_card', 'front', polyglot), 422, 'data after the image end');
    assertProblem(
      await api.send('POST', `/workflows/${journey.id}/documents`, { token: journey.token, json: { type: 'id_card', side: 'front' } }),
      415,
    );
    assert.equal(await digestDir(dataDir), before);
  });

  test('over KYC_MAX_UPLOAD_BYTES is 413, whatever the body size', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const before = await digestDir(dataDir);
    const big = png(64, 64, { noise: true });
    assert.ok(big.length > MAX_UPLOAD, `the test image (${big.length} bytes) must exceed ${MAX_UPLOAD}`);
    assertProblem(await journey.upload('id_card', 'front', big), 413);
    const huge = png(400, 400, { noise: true });
    assert.ok(huge.length > MAX_UPLOAD + 64 * 1024);
    assertProblem(await journey.upload('id_card', 'front', huge), 413);
    assert.equal(await digestDir(dataDir), before);
    // Just under the limit is fine.
    const fits = png(40, 40, { noise: true });
    assert.ok(fits.length <= MAX_UPLOAD);
    assert.equal((await journey.upload('id_card', 'front', fits)).status, 201);
  });

  test('a side the type has not (passport/back), a selfie side and unknown types are 422; a missing file 400', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const before = await digestDir(dataDir);
    assertProblem(await journey.upload('passport', 'back'), 422, 'passport/back');
    assertProblem(await journey.upload('id_card', 'side'), 422, 'id_card/side');
    assertProblem(await journey.upload('id_card'), 422, 'a document needs a side');
    assertProblem(await journey.upload('selfie', 'front'), 422, 'a selfie has no side');
    assertProblem(await journey.upload('visa', 'front'), 422, 'unknown type');
    const form = new FormData();
    form.set('type', 'passport');
    form.set('side', 'front');
    assertProblem(await api.send('POST', `/workflows/${journey.id}/documents`, { token: journey.token, body: form }), 400);
    assert.equal(await digestDir(dataDir), before);
  });

  test('another applicant cannot upload to this workflow', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const other = await Journey.start(api);
    await other.details(); // uploads start at the document choice
    assertProblem(await api.upload(journey.id, other.token, { type: 'passport', side: 'front' }), 403);
    assertProblem(await api.upload(journey.id, '', { type: 'passport', side: 'front' }), 401);
    assert.deepEqual((await journey.view()).body.documents, []);
  });
});

describe('POST /workflows/:id/events (PHOTOS_SUBMITTED)', () => {
  test('moves document_selection → document_review with the uploads (and the issuing country)', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const front = await journey.upload('passport', 'front');
    const answer = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'passport', issuingCountry: 'FR', uploads: { 'passport/front': front.body.id } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(Object.keys(answer.body), ['version']);
    const stored = await onDisk(dataDir, journey.id);
    assert.equal(stored.state, 'document_review');
    assert.equal(stored.version, answer.body.version);
    assert.equal(stored.context.documentType, 'passport');
    assert.equal(stored.context.issuingCountry, 'FR');
    assert.deepEqual(stored.context.uploads, { 'passport/front': front.body.id });
  });

  test('a retake: document_review → document_photo → PHOTOS_SUBMITTED again with a new side; old versions stay', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    await journey.photos('id_card');
    const front = await journey.upload('id_card', 'front');
    const uploads = { 'id_card/front': front.body.id, 'id_card/back': journey.uploads['id_card/back'] };
    const again = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const view = (await journey.view()).body;
    assert.equal(view.state, 'document_review');
    assert.deepEqual(view.context.uploads, uploads);
    assert.equal(view.documents.length, 3);
  });

  test("another workflow's upload, a missing side, a wrong item and passport/back are 422", async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const other = await Journey.start(api);
    await other.details(); // uploads start at the document choice
    const foreign = await other.upload('id_card', 'back');
    const front = await journey.upload('id_card', 'front');
    const before = await digestDir(dataDir);
    const submit = (uploads: Record<string, string>, documentType = 'id_card') =>
      journey.event({ type: 'PHOTOS_SUBMITTED', documentType, uploads });
    assertProblem(await submit({ 'id_card/front': front.body.id, 'id_card/back': foreign.body.id }), 422, "another workflow's upload");
    assertProblem(await submit({ 'id_card/front': front.body.id }), 422, 'back side missing');
    assertProblem(await submit({ 'id_card/front': front.body.id, 'id_card/back': front.body.id }), 422, 'the front named as the back');
    assertProblem(await submit({ 'id_card/front': front.body.id, 'id_card/back': `${journey.id}.made-up` }), 422, 'an id never uploaded');
    assertProblem(await submit({ 'passport/front': front.body.id, 'passport/back': front.body.id }, 'passport'), 422, 'passport/back');
    assertProblem(await journey.event({ type: 'START', documentType: 'id_card', uploads: {} }), 422, 'only PHOTOS_SUBMITTED crosses the wire');
    assertProblem(await journey.event({ type: 'START' }), 400, 'malformed: no documentType, no uploads');
    assert.equal(await digestDir(dataDir), before);
    assert.equal((await journey.view()).body.state, 'document_selection');
  });

  test('a stale version is 409 (with the version); from a state that cannot reach document_photo 422', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.put('personal_details', {});
    const front = await journey.upload('passport', 'front');
    const event = { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { 'passport/front': front.body.id } };
    assertProblem(await journey.event(event), 422, 'no details yet');
    const stale = assertProblem(await journey.event(event, 1), 409);
    assert.equal(stale.version, journey.version);
  });
});

describe('entering final', () => {
  test('submits the case; uploads are then refused (409) until a decision asks for them', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const stored = await onDisk(dataDir, journey.id);
    assert.equal(stored.state, 'final');
    assert.equal(stored.status, 'pending_review');
    assert.ok(stored.submittedAt);
    const view = await journey.view();
    assert.equal(view.body.status, 'pending_review');
    assert.equal(view.body.decision, null);
    assert.deepEqual(view.body.context.uploads, journey.uploads);
    const before = await digestDir(dataDir);
    assertProblem(await journey.upload('id_card', 'front'), 409);
    assert.equal(await digestDir(dataDir), before);
  });
});

describe('GET /documents/:id', () => {
  test('the bytes with their own type, nosniff and private no-store, for the owner and any reviewer only', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details(); // uploads start at the document choice
    const other = await Journey.start(api);
    await other.details(); // uploads start at the document choice
    const bytes = jpeg(16, 16);
    const doc = (await journey.upload('id_card', 'front', bytes, 'image/jpeg')).body;
    for (const token of [journey.token, ALICE_KEY]) {
      const res = await api.call('GET', `/documents/${doc.id}`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const served = new Uint8Array(await res.arrayBuffer());
      assert.equal(served.length, doc.size);
      assert.equal(sha256(served), doc.sha256, 'the stored (re-encoded) image');
    }
    const png1 = (await journey.upload('selfie', undefined, png(3, 3))).body;
    const res = await api.call('GET', `/documents/${png1.id}`, { token: journey.token });
    assert.equal(res.headers.get('content-type'), 'image/png');

    assertProblem(await api.send('GET', `/documents/${doc.id}`, { token: other.token }), 403);
    assertProblem(await api.send('GET', `/documents/${doc.id}`), 401);
    assertProblem(await api.send('GET', `/documents/${journey.id}.nope`, { token: journey.token }), 404);
    assertProblem(await api.send('GET', `/documents/nothing-like-an-id`, { token: ALICE_KEY }), 404);
  });
});
