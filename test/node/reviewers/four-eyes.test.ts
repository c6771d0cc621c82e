/**
 * Two-stage decisions (reviewers.md § Two-stage decisions) and admin powers
 * over claims: propose, confirm, return; the author never confirms; two
 * seniors at once give one winner; the applicant hears nothing until final.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertProblem, Journey, makeBff, serveBff, SseReader } from '../bff/harness.js';

const KEYS = {
  alice: 'alice-key-0123456789abcdef',
  bob: 'bob-key-0123456789abcdef-b',
  carol: 'carol-key-0123456789abcdef',
  dan: 'dan-key-0123456789abcdef-dd',
  eve: 'eve-key-0123456789abcdef-ee',
};
/** alice, bob: reviewers; carol, dan: seniors; eve: admin. */
const env = (fourEyes = 'reject,request_resubmission') => ({
  KYC_REVIEWERS: `alice:${KEYS.alice},bob:${KEYS.bob},carol:${KEYS.carol}:senior,dan:${KEYS.dan}:senior,eve:${KEYS.eve}:admin`,
  KYC_FOUR_EYES: fourEyes,
});

describe('four eyes', () => {
  test('a listed outcome is a proposal: pending_second_review for reviewers, pending_review and no decision for the applicant, until a senior confirms', async (t) => {
    const served = await serveBff(t, env());
    const { api } = served;
    const journey = await Journey.submitted(api);
    const applicantStream = new SseReader(`${served.url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => applicantStream.close());
    await applicantStream.ready;

    const opened = await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice });
    const proposed = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'reject', reason: 'Document is a photocopy', version: opened.body.version } });
    assert.equal(proposed.status, 200, JSON.stringify(proposed.body));
    assert.equal(proposed.body.status, 'pending_second_review');
    assert.equal(proposed.body.decision, null);
    assert.deepEqual(
      { ...proposed.body.proposal, proposedAt: undefined },
      { outcome: 'reject', reason: 'Document is a photocopy', items: [], author: { id: 'alice', name: 'alice' }, proposedAt: undefined },
    );

    const seen = await journey.view();
    assert.equal(seen.body.status, 'pending_review');
    assert.equal(seen.body.decision, null);
    assert.equal(seen.body.context.review, null);
    assert.doesNotMatch(JSON.stringify(seen.body), /photocopy|proposal|second/);

    // Listed and filterable.
    const waiting = await api.send('GET', '/cases?status=pending_second_review', { token: KEYS.carol });
    assert.deepEqual(waiting.body.items.map((c: { id: string }) => c.id), [journey.id]);
    assert.equal((await api.send('GET', '/cases?status=pending_review', { token: KEYS.carol })).body.total, 0);

    // The author, even with a senior's role elsewhere, and a plain reviewer may not confirm.
    const version = proposed.body.version;
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'confirm', version } }), 403, 'author');
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.bob, json: { outcome: 'confirm', version } }), 403, 'reviewer without senior');
    // Bodies as the first stage refuses them.
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, body: 'outcome=confirm', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'not JSON');
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, body: '{"outcome":', headers: { 'content-type': 'application/json' } }), 400, 'broken JSON');
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, json: { outcome: 'confirm', version, extra: 1 } }), 400, 'unknown field');
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, json: { outcome: 'confirm', version: version - 1 } }), 409, 'stale version');
    // A first-stage body on a second-stage case is refused, not decided.
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, json: { outcome: 'approve', version } }), 422, 'approve on a proposal');

    const confirmed = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.carol, json: { outcome: 'confirm', version } });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.status, 'rejected');
    assert.equal(confirmed.body.proposal, null);
    assert.equal(confirmed.body.decision.reviewer, 'alice');
    assert.equal(confirmed.body.decision.confirmedBy, 'carol');
    const actions = confirmed.body.history.slice(-2).map((h: any) => [h.action, h.actor.id, h.from, h.to]);
    assert.deepEqual(actions, [
      ['proposed', 'alice', 'pending_review', 'pending_second_review'],
      ['confirmed', 'carol', 'pending_second_review', 'rejected'],
    ]);

    const decided = await applicantStream.next('workflow.decided');
    assert.equal(decided.status, 'rejected');
    assert.equal(decided.decision.reason, 'Document is a photocopy');
    assert.deepEqual(applicantStream.names(), ['workflow.decided'], 'the proposal told the applicant nothing');
    assert.equal((await journey.view()).body.status, 'rejected');
  });

  test('while a proposal waits, every applicant answer says pending_review: refusals, uploads and a refused hand-off to another device', async (t) => {
    const { api } = await makeBff(t, env());
    const journey = await Journey.submitted(api);
    const v0 = (await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice })).body.version;
    assert.equal((await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'reject', reason: 'Forged', version: v0 } })).body.status, 'pending_second_review');
    const answers = [
      await journey.put('final', await journey.storedContext()),
      await journey.upload('selfie'),
      await journey.event({ type: 'RESUBMIT' }),
    ];
    for (const answer of answers) {
      assert.ok(answer.status >= 400, JSON.stringify(answer.body));
      assert.doesNotMatch(JSON.stringify(answer.body), /second|propos|Forged/i);
    }
    // A hand-off is only for a workflow the applicant can still work on (issue 17.3): refused, in the applicant's words.
    const handoff = await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} });
    assert.equal(handoff.status, 409, JSON.stringify(handoff.body));
    assert.match(handoff.body.detail, /pending review/);
    assert.doesNotMatch(JSON.stringify(handoff.body), /second|propos|Forged/i);
  });

  test('return needs a reason and sends the case back to pending_review with the reason shown to reviewers; the author may then decide anew', async (t) => {
    const { api } = await makeBff(t, env());
    const journey = await Journey.submitted(api);
    const v0 = (await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice })).body.version;
    const proposed = await api.send('POST', `/cases/${journey.id}/decision`, {
      token: KEYS.alice,
      json: { outcome: 'request_resubmission', reason: null, items: [{ document: 'selfie', reason: 'Face hidden' }], version: v0 },
    });
    assert.equal(proposed.body.status, 'pending_second_review');
    assertProblem(await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.dan, json: { outcome: 'return', version: proposed.body.version } }), 422, 'return without reason');
    const returned = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.dan, json: { outcome: 'return', reason: 'The face is visible enough', version: proposed.body.version } });
    assert.equal(returned.status, 200, JSON.stringify(returned.body));
    assert.equal(returned.body.status, 'pending_review');
    assert.equal(returned.body.proposal, null);
    assert.equal(returned.body.returned.reason, 'The face is visible enough');
    assert.deepEqual(returned.body.returned.by, { id: 'dan', name: 'dan' });
    assert.equal(returned.body.history.at(-1).action, 'returned');
    assert.equal((await journey.view()).body.status, 'pending_review');

    // Not on the list: final at once, and the return note is cleared.
    const approved = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'approve', version: returned.body.version } });
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.returned, null);
    assert.equal((await journey.view()).body.status, 'approved');
  });

  test('two seniors confirming at once: exactly one wins, the other gets 409', async (t) => {
    const { api } = await makeBff(t, env());
    const journey = await Journey.submitted(api);
    const v0 = (await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice })).body.version;
    const proposed = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'reject', reason: 'Forged', version: v0 } });
    const both = await Promise.all(
      [KEYS.carol, KEYS.dan].map((token) => api.send('POST', `/cases/${journey.id}/decision`, { token, json: { outcome: 'confirm', version: proposed.body.version } })),
    );
    assert.deepEqual(both.map((a) => a.status).sort(), [200, 409]);
    const after = await api.send('GET', `/cases/${journey.id}`, { token: KEYS.eve });
    assert.equal(after.body.history.filter((h: any) => h.action === 'confirmed').length, 1);
    // Confirm and return at once: one winner too.
    const other = await Journey.submitted(api);
    const w0 = (await api.send('GET', `/cases/${other.id}`, { token: KEYS.alice })).body.version;
    const p = await api.send('POST', `/cases/${other.id}/decision`, { token: KEYS.alice, json: { outcome: 'reject', reason: 'Forged', version: w0 } });
    const race = await Promise.all([
      api.send('POST', `/cases/${other.id}/decision`, { token: KEYS.carol, json: { outcome: 'confirm', version: p.body.version } }),
      api.send('POST', `/cases/${other.id}/decision`, { token: KEYS.eve, json: { outcome: 'return', reason: 'Look again', version: p.body.version } }),
    ]);
    assert.deepEqual(race.map((a) => a.status).sort(), [200, 409]);
  });

  test('without KYC_FOUR_EYES every decision is final at once', async (t) => {
    const { api } = await makeBff(t, { ...env(''), KYC_FOUR_EYES: '' });
    const journey = await Journey.submitted(api);
    const v0 = (await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice })).body.version;
    const decided = await api.send('POST', `/cases/${journey.id}/decision`, { token: KEYS.alice, json: { outcome: 'reject', reason: 'Forged', version: v0 } });
    assert.equal(decided.body.status, 'rejected');
  });
});

describe('claims and roles', () => {
  test('only an admin releases or reassigns a case someone else holds', async (t) => {
    const { api } = await makeBff(t, env());
    const journey = await Journey.submitted(api);
    const v0 = (await api.send('GET', `/cases/${journey.id}`, { token: KEYS.alice })).body.version;
    const held = await api.send('POST', `/cases/${journey.id}/assignment`, { token: KEYS.alice, json: { version: v0 } });
    assert.equal(held.body.assignee, 'alice');
    // A reviewer and a senior: no.
    assertProblem(await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: KEYS.bob }), 409, 'reviewer releases another’s');
    assertProblem(await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: KEYS.carol }), 409, 'senior releases another’s');
    assertProblem(await api.send('POST', `/cases/${journey.id}/assignment`, { token: KEYS.carol, json: { version: held.body.version } }), 409, 'senior takes over');
    assertProblem(await api.send('POST', `/cases/${journey.id}/assignment`, { token: KEYS.bob, json: { version: held.body.version, assignee: 'bob' } }), 409, 'reviewer names self on a held case');
    assertProblem(await api.send('POST', `/cases/${journey.id}/assignment`, { token: KEYS.alice, json: { version: held.body.version, assignee: 'bob' } }), 403, 'reviewer hands to another');
    // The admin reassigns to bob, then releases bob's claim.
    const reassigned = await api.send('POST', `/cases/${journey.id}/assignment`, { token: KEYS.eve, json: { version: held.body.version, assignee: 'bob' } });
    assert.equal(reassigned.status, 200, JSON.stringify(reassigned.body));
    assert.equal(reassigned.body.assignee, 'bob');
    assert.deepEqual(reassigned.body.history.at(-1), { ...reassigned.body.history.at(-1), action: 'reassigned', details: { assignee: 'bob', from: 'alice' } });
    const released = await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: KEYS.eve });
    assert.equal(released.status, 200);
    assert.equal(released.body.assignee, null);
    assert.deepEqual(released.body.history.at(-1).details, { from: 'bob' });
  });
});
