/**
 * Internal notes (reviewers.md § Notes): reviewers add and read them; no
 * applicant route or stream ever carries one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALICE_KEY, assertProblem, BOB_KEY, Journey, makeBff, serveBff, SseReader } from '../bff/harness.js';

describe('notes', () => {
  test('POST /cases/:id/notes → 201 {id, author, text, createdAt}; GET /cases/:id lists them oldest first', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const first = await api.send('POST', `/cases/${journey.id}/notes`, { token: ALICE_KEY, json: { text: '  Called the branch: ID checked in person.  ' } });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(Object.keys(first.body).sort(), ['author', 'createdAt', 'id', 'text']);
    assert.equal(first.body.text, 'Called the branch: ID checked in person.');
    assert.deepEqual(first.body.author, { id: 'alice', name: 'alice' });
    const second = await api.send('POST', `/cases/${journey.id}/notes`, { token: BOB_KEY, json: { text: 'x'.repeat(2000) } });
    assert.equal(second.status, 201);
    const view = await api.send('GET', `/cases/${journey.id}`, { token: BOB_KEY });
    assert.deepEqual(view.body.notes.map((n: any) => n.id), [first.body.id, second.body.id]);
    assert.equal(view.body.history.at(-1).action, 'noted');
  });

  test('bad notes: empty, whitespace, 2,001 characters (422), no text or not text (400), not JSON (415), unknown case (404), never-submitted (404)', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const post = (json: unknown, id = journey.id) => api.send('POST', `/cases/${id}/notes`, { token: ALICE_KEY, json });
    assertProblem(await post({ text: '' }), 422);
    assertProblem(await post({ text: '   ' }), 422);
    assertProblem(await post({ text: 'x'.repeat(2001) }), 422);
    assertProblem(await post({}), 400);
    assertProblem(await post({ text: 42 }), 400);
    assertProblem(await post({ text: 'ok', extra: 1 }), 400);
    assertProblem(await api.send('POST', `/cases/${journey.id}/notes`, { token: ALICE_KEY, body: 'text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    assertProblem(await post({ text: 'hi' }, 'no-such-case'), 404);
    const draft = await Journey.start(api);
    assertProblem(await post({ text: 'hi' }, draft.id), 404);
    // The applicant's own token may not write one either.
    assertProblem(await api.send('POST', `/cases/${journey.id}/notes`, { token: journey.token, json: { text: 'hi' } }), 403);
  });

  test('a note never reaches the applicant: not in GET /workflows/:id, its documents or its stream, before or after the decision', async (t) => {
    const served = await serveBff(t, { KYC_FOUR_EYES: 'reject' , KYC_REVIEWERS: `alice:${ALICE_KEY},bob:${BOB_KEY}:senior` });
    const { api } = served;
    const journey = await Journey.submitted(api);
    const stream = new SseReader(`${served.url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => stream.close());
    await stream.ready;
    const SECRET_NOTE = 'NOTE-7d1f: applicant looked nervous on the video call';
    assert.equal((await api.send('POST', `/cases/${journey.id}/notes`, { token: ALICE_KEY, json: { text: SECRET_NOTE } })).status, 201);
    const reviewerView = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    assert.ok(JSON.stringify(reviewerView.body).includes(SECRET_NOTE), 'the reviewer sees it');

    // Propose, note again, confirm: every applicant-facing answer on the way.
    const proposed = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'reject', reason: 'Document not valid', version: reviewerView.body.version } });
    await api.send('POST', `/cases/${journey.id}/notes`, { token: BOB_KEY, json: { text: `${SECRET_NOTE} (agreed)` } });
    const current = await api.send('GET', `/cases/${journey.id}`, { token: BOB_KEY });
    assert.equal(proposed.status, 200);
    assert.equal((await api.send('POST', `/cases/${journey.id}/decision`, { token: BOB_KEY, json: { outcome: 'confirm', version: current.body.version } })).status, 200);
    await stream.next('workflow.decided');

    const applicantAnswers: string[] = [];
    applicantAnswers.push(JSON.stringify((await journey.view()).body));
    for (const id of Object.values(journey.uploads)) {
      const res = await api.call('GET', `/documents/${id}`, { token: journey.token });
      applicantAnswers.push(Buffer.from(await res.arrayBuffer()).toString('latin1'));
    }
    // The applicant's other routes refuse now (decided), and their refusals must not echo a note either.
    applicantAnswers.push(JSON.stringify((await api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, json: { state: 'final', context: {}, version: 0 } })).body));
    applicantAnswers.push(JSON.stringify((await api.send('POST', `/workflows/${journey.id}/events`, { token: journey.token, json: { type: 'RESUBMIT', version: 0 } })).body));
    applicantAnswers.push(JSON.stringify(stream.names().map((name) => name)));
    const heard = await stream.next('workflow.decided');
    applicantAnswers.push(JSON.stringify(heard));
    for (const answer of applicantAnswers) {
      assert.ok(!answer.includes('NOTE-7d1f'), `an applicant answer carries the note: ${answer.slice(0, 200)}`);
      assert.doesNotMatch(answer, /"notes"|"proposal"|"returned"/);
    }
    assert.deepEqual(stream.names(), ['workflow.decided'], 'notes and the proposal sent the applicant nothing');
  });
});
