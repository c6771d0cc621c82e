/**
 * "Continue on another device" without session fixation: a one-time code
 * (`POST /workflows/:id/handoff`) traded once, before it expires, for a NEW
 * token (`POST /handoffs`); the old token stops working and its streams end.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { hashToken } from '../../../bff/auth.js';
import { HANDOFF_TTL_MS } from '../../../bff/routes/workflows.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, assertProblem, Journey, listFiles, makeBff, serveBff, SseReader, testEnv, testStore } from './harness.js';

async function handoff(journey: Journey) {
  const answer = await journey.api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body as { code: string; expiresAt: string; version: number };
}

/** A Journey driven with the token a redemption gave (the harness makes them only from POST /workflows). */
function journeyWith(api: Api, id: string, token: string, version: number): Journey {
  return Object.assign(Object.create(Journey.prototype) as Journey, { api, id, token, version, uploads: {} });
}

const redeem = (api: Api, workflowId: string, code: string) => api.send('POST', '/handoffs', { json: { workflowId, code } });

describe('POST /workflows/:id/handoff', () => {
  test('answers a fresh random code valid for 10 minutes, stored only as a hash; the version moves and the history says so', async (t) => {
    const { api, dataDir, store } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const before = (await journey.view()).body.version;
    const started = Date.now();
    const first = await handoff(journey);
    assert.match(first.code, /^[A-Za-z0-9_-]{22,}$/, 'at least 128 bits, URL-safe');
    const ttl = Date.parse(first.expiresAt) - started;
    assert.ok(ttl > HANDOFF_TTL_MS - 5000 && ttl <= HANDOFF_TTL_MS + 1000, `expires in ${ttl} ms`);
    assert.equal(HANDOFF_TTL_MS, 10 * 60_000);
    assert.equal(first.version, before + 1);
    assert.equal((await journey.view()).body.version, before + 1);
    const second = await handoff(journey);
    assert.notEqual(second.code, first.code);

    const record = (await store.get(journey.id))!;
    assert.deepEqual(
      record.history.filter((entry: any) => entry.action === 'handoff_created').map((entry: any) => entry.actor),
      [{ kind: 'applicant', id: journey.id }, { kind: 'applicant', id: journey.id }],
    );
    for (const file of await listFiles(dataDir)) {
      const text = await readFile(join(dataDir, file), 'latin1');
      assert.ok(!text.includes(first.code) && !text.includes(second.code), `${file} holds a code`);
    }
  });

  test('only the workflow’s own token may ask for a code', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    const other = await Journey.start(api);
    assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { json: {} }), 401);
    assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: other.token, json: {} }), 403);
    assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: ALICE_KEY, json: {} }), 403);
    assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: { code: 'mine' } }), 400);
  });
});

describe('POST /handoffs', () => {
  test('trades the code once for a new token; the old token gets 401 from then on; the new one carries on', async (t) => {
    const { api, dataDir, store: live } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const { code, version } = await handoff(journey);

    const redeemed = await redeem(api, journey.id, code);
    assert.equal(redeemed.status, 201, JSON.stringify(redeemed.body));
    assert.deepEqual(Object.keys(redeemed.body).sort(), ['id', 'state', 'status', 'token', 'version']);
    const { id, token, status, state } = redeemed.body;
    assert.deepEqual({ id, status, state }, { id: journey.id, status: 'in_progress', state: 'document_selection' });
    assert.equal(redeemed.body.version, version + 1);
    assert.notEqual(token, journey.token);
    assert.ok(token.length >= 22);

    // The old token opens nothing any more, on any route.
    assertProblem(await journey.view(), 401);
    assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} }), 401);
    assertProblem(await journey.put('document_selection', { applicant: (await api.send('GET', `/workflows/${journey.id}`, { token })).body.context.applicant }), 401);
    // Used once: the same code again is refused, and changes nothing.
    assertProblem(await redeem(api, journey.id, code), 401);

    const moved = await api.send('GET', `/workflows/${journey.id}`, { token });
    assert.equal(moved.status, 200);
    const next = journeyWith(api, journey.id, token, moved.body.version);
    await next.photos();
    assert.equal((await next.view()).body.state, 'document_review');

    const history = (await live.get(journey.id))!.history;
    const actions = history.map((entry) => entry.action);
    assert.deepEqual(actions.slice(actions.indexOf('handoff_created'), actions.indexOf('handoff_created') + 3), ['handoff_created', 'handed_off', 'document_uploaded']);
    assert.deepEqual(history.find((entry) => entry.action === 'handed_off')!.actor, { kind: 'applicant', id: journey.id });
    // Neither the code nor either token is stored anywhere.
    for (const file of await listFiles(dataDir)) {
      const text = await readFile(join(dataDir, file), 'latin1');
      for (const secret of [code, token, journey.token]) assert.ok(!text.includes(secret), `${file} holds a secret`);
    }

    // After a restart the index is rebuilt from the files: still only the new token works
    // (on PostgreSQL nothing is rebuilt: the token hash is a column, checked above).
    if (testStore !== 'file') return;
    const store = await FileWorkflowStore.open(dataDir);
    t.after(() => store.close());
    const config = loadConfig(testEnv(dataDir));
    const { app } = createApp({ config, store, blobs: await FileBlobStore.open(dataDir), log: () => {} });
    const restarted = new Api((path, init) => Promise.resolve(app.request(path, init)));
    assertProblem(await restarted.send('GET', `/workflows/${journey.id}`, { token: journey.token }), 401);
    assert.equal((await restarted.send('GET', `/workflows/${journey.id}`, { token })).status, 200);
  });

  test('a newer code replaces the earlier one; a code opens only its own workflow', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    const other = await Journey.start(api);
    const first = await handoff(journey);
    const second = await handoff(journey);
    assertProblem(await redeem(api, journey.id, first.code), 401);
    assertProblem(await redeem(api, other.id, second.code), 401);
    assertProblem(await redeem(api, 'no-such-workflow', second.code), 401);
    assert.equal((await redeem(api, journey.id, second.code)).status, 201);
    assert.equal((await other.view()).status, 200, 'the other workflow is untouched');
    assertProblem(await api.send('POST', '/handoffs', { json: { workflowId: other.id } }), 400);
    assertProblem(await api.send('POST', '/handoffs', { json: { workflowId: other.id, code: 'x', token: other.token } }), 400);
  });

  test('an expired code is 410 and stays unusable (the old token keeps working); a code just before its expiry works', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const stale = await handoff(journey);
    t.mock.timers.tick(HANDOFF_TTL_MS + 1000);
    assertProblem(await redeem(api, journey.id, stale.code), 410);
    assertProblem(await redeem(api, journey.id, stale.code), 410, 'still expired, not used up');
    assert.equal((await journey.view()).status, 200, 'the old token still works');

    const late = await handoff(journey);
    t.mock.timers.tick(HANDOFF_TTL_MS - 1000);
    const redeemed = await redeem(api, journey.id, late.code);
    assert.equal(redeemed.status, 201, JSON.stringify(redeemed.body));
    assertProblem(await journey.view(), 401);
  });

  test('wrong codes are 401 problems, counted as failed authentication (429 after the limit)', async (t) => {
    const { api, logs, store } = await makeBff(t, { KYC_RATE_LIMIT: 'on' });
    const journey = await Journey.start(api);
    const { code } = await handoff(journey);
    let limited;
    let refused = 0;
    for (let i = 0; i < 100 && !limited; i++) {
      const answer = await redeem(api, journey.id, `guess-${String(i).padStart(20, '0')}`);
      if (answer.status === 429) limited = answer;
      else {
        assertProblem(answer, 401);
        refused++;
      }
    }
    assert.ok(limited, 'guessing codes is limited');
    assert.equal(refused, 30);
    assertProblem(limited, 429);
    assert.match(limited.res.headers.get('retry-after') ?? '', /^\d+$/);
    // Limited means limited: even the right code waits (and is not used up).
    assertProblem(await redeem(api, journey.id, code), 429);
    const record = (await store.get(journey.id))!;
    assert.ok(record.handoff, 'the code is still there');
    assert.equal(record.tokenHash, hashToken(journey.token), 'the old token still opens it');
    assert.ok(!logs.join('\n').includes(code));
  });
});

describe('streams and logs around a hand-off', () => {
  test('the old token’s open stream ends at the hand-off and cannot reconnect; the new one streams; no code or token is logged', async (t) => {
    const { api, url, logs } = await serveBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const old = new SseReader(`${url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => old.close());
    await old.ready;
    assert.equal(old.status, 200);

    const { code } = await handoff(journey);
    await old.next('workflow.updated'); // the hand-off's own version change, still for the old device
    const heard = old.names().length;
    const redeemed = await redeem(api, journey.id, code);
    assert.equal(redeemed.status, 201);
    await old.ended; // the server ended it (a hanging stream would time the test out)

    const again = await fetch(`${url}/api/v1/workflows/${journey.id}/stream`, { headers: { Authorization: `Bearer ${journey.token}` } });
    assert.equal(again.status, 401);
    await again.body?.cancel();

    const fresh = new SseReader(`${url}/api/v1/workflows/${journey.id}/stream`, redeemed.body.token);
    t.after(() => fresh.close());
    await fresh.ready;
    assert.equal(fresh.status, 200);
    const next = journeyWith(api, journey.id, redeemed.body.token, redeemed.body.version);
    assert.equal((await next.upload('passport', 'front')).status, 201);
    await fresh.next('workflow.updated', (data) => data.documents.length === 1);
    assert.equal(old.names().length, heard, 'the old device heard nothing after the hand-off');

    const printed = logs.join('\n');
    assert.ok(printed.includes('/api/v1/handoffs'), 'the log did capture the requests');
    for (const secret of [code, journey.token, redeemed.body.token]) assert.ok(!printed.includes(secret), 'a secret was logged');
  });
});
