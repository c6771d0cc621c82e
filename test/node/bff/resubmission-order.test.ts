/**
 * "A new upload" after a resubmission request is decided by the history's
 * order (its document_uploaded entry after the last decided entry), not by
 * wall-clock timestamps: a clock stepped back after the decision must not
 * block the applicant's resubmission forever.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE_KEY, assertProblem, Journey, makeBff } from './harness.js';

test('a clock stepped back after the decision: the new upload still counts as new, the old one still does not', async (t) => {
  const { api } = await makeBff(t);
  const journey = await Journey.submitted(api);
  const item = (await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY })).body;
  const asked = await api.send('POST', `/cases/${journey.id}/decision`, {
    token: ALICE_KEY,
    json: { outcome: 'request_resubmission', items: [{ document: 'id_card/front', reason: 'Glare' }], version: item.version },
  });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  const decidedAt = Date.parse(asked.body.decision.decidedAt);
  journey.version = (await journey.view()).body.version;

  // NTP steps the clock an hour back.
  t.mock.timers.enable({ apis: ['Date'], now: decidedAt - 3_600_000 });
  const front = await journey.upload('id_card', 'front');
  assert.equal(front.status, 201, JSON.stringify(front.body));
  assert.equal(Date.parse(front.body.createdAt) < decidedAt, true, 'the new upload carries a time before the decision');

  const back = journey.uploads['id_card/back'];
  const old = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': journey.uploads['id_card/front'], 'id_card/back': back } });
  assertProblem(old, 422, 'the reviewed front sent back');
  const redone = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': front.body.id, 'id_card/back': back } });
  assert.equal(redone.status, 200, `the new front is accepted: ${JSON.stringify(redone.body)}`);
  const context = await journey.storedContext();
  const final = await journey.put('final', { ...context, uploads: { ...(context.uploads as object), selfie: journey.uploads.selfie } });
  assert.equal(final.status, 200, JSON.stringify(final.body));
  assert.equal((await journey.view()).body.status, 'pending_review', 'resubmitted');
});
