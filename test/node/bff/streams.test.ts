/**
 * The two event streams, read over a real loopback socket with fetch (the
 * credential in the Authorization header), from `startServer` on PORT 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE_KEY, BOB_KEY, Journey, serveBff, SseReader } from './harness.js';

describe('GET /workflows/:id/stream', () => {
  test('an open applicant stream receives workflow.updated and then workflow.decided, shaped like GET /workflows/:id', async (t) => {
    const { api, url, logs } = await serveBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    await journey.photos('passport');

    const stream = new SseReader(`${url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => stream.close());
    await stream.ready;
    assert.equal(stream.status, 200);
    assert.match(stream.contentType, /^text\/event-stream/);

    await journey.finish();
    const updated = await stream.next('workflow.updated', (data) => data.status === 'pending_review');
    assert.equal(updated.state, 'final');

    const { body: item } = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    const decided = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'reject', reason: 'Expired passport', version: item.version } });
    assert.equal(decided.status, 200);
    const event = await stream.next('workflow.decided');
    const view = (await journey.view()).body;
    assert.deepEqual(event, view, 'the same shape (and content) as GET /workflows/:id');
    assert.equal(event.decision.outcome, 'reject');
    assert.equal(event.decision.reason, 'Expired passport');

    // Secrets never reach the log: neither the applicant token nor a reviewer key.
    const printed = logs.join('\n');
    for (const secret of [journey.token, ALICE_KEY, BOB_KEY]) assert.ok(!printed.includes(secret), 'a secret was logged');
    assert.ok(logs.some((line) => line.includes('/stream')), 'the log did capture the requests');
    // Left open: closing the server ends the stream (t.after).
  });

  test('refuses without the token (401) and with another applicant’s (403)', async (t) => {
    const { api, url } = await serveBff(t);
    const journey = await Journey.start(api);
    const other = await Journey.start(api);
    for (const [token, status] of [['', 401], [other.token, 403], [ALICE_KEY, 403]] as const) {
      const res = await fetch(`${url}/api/v1/workflows/${journey.id}/stream`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
      await res.body?.cancel();
    }
  });
});

describe('GET /cases/stream', () => {
  test('a reviewer stream receives case.submitted, case.updated and case.decided carrying the list item', async (t) => {
    const served = await serveBff(t);
    const { api, url } = served;
    const stream = new SseReader(`${url}/api/v1/cases/stream`, BOB_KEY);
    t.after(() => stream.close());
    await stream.ready;
    assert.equal(stream.status, 200);

    const journey = await Journey.submitted(api);
    const submitted = await stream.next('case.submitted', (data) => data.id === journey.id);
    assert.deepEqual(Object.keys(submitted).sort(), ['applicant', 'assignee', 'documentType', 'id', 'status', 'submittedAt', 'updatedAt', 'version']);
    assert.equal(submitted.status, 'pending_review');
    assert.deepEqual(submitted.applicant, { firstName: 'Ada', lastName: 'Lovelace' });

    const claimed = await api.send('POST', `/cases/${journey.id}/assignment`, { token: ALICE_KEY, json: { version: submitted.version } });
    const updated = await stream.next('case.updated', (data) => data.id === journey.id);
    assert.equal(updated.assignee, 'alice');
    await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version: claimed.body.version } });
    const decided = await stream.next('case.decided', (data) => data.id === journey.id);
    assert.equal(decided.status, 'approved');
    const list = await api.send('GET', '/cases', { token: ALICE_KEY });
    assert.deepEqual(decided, list.body.items[0]);
    // Shutting the server down ends the open stream (the client sees its end, then reconnects elsewhere).
    await served.close();
    await stream.ended;
  });

  test('an applicant token cannot open the reviewer stream (403)', async (t) => {
    const { api, url } = await serveBff(t);
    const journey = await Journey.start(api);
    const res = await fetch(`${url}/api/v1/cases/stream`, { headers: { Authorization: `Bearer ${journey.token}` } });
    assert.equal(res.status, 403);
    await res.body?.cancel();
  });
});
