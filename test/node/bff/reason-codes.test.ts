/**
 * Decisions carry common reasons as codes (issue 16 item 6): a rejection's
 * `reasonCode`, each resubmission item's `reasonCode`, validated against the
 * catalogue's lists; a code alone is enough; unknown codes are refused (422).
 * Both audiences read the codes back: GET /cases/:id and GET /workflows/:id.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REJECT_REASON_CODES, RESUBMIT_REASON_CODES } from '../../../components/workflow/catalogue.js';
import { ALICE_KEY, assertProblem, Journey, makeBff } from './harness.js';

async function decide(api: Journey['api'], id: string, body: Record<string, unknown>) {
  const { body: item } = await api.send('GET', `/cases/${id}`, { token: ALICE_KEY });
  return api.send('POST', `/cases/${id}/decision`, { token: ALICE_KEY, json: { ...body, version: item.version } });
}

describe('decision reason codes', () => {
  test('a rejection with a code and no text is stored and returned to reviewer and applicant', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const answer = await decide(api, journey.id, { outcome: 'reject', reasonCode: 'document_expired' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.decision.reasonCode, 'document_expired');
    assert.equal(answer.body.decision.reason, null);
    const asReviewer = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    assert.equal(asReviewer.body.decision.reasonCode, 'document_expired');
    const asApplicant = (await journey.view()).body;
    assert.equal(asApplicant.decision.reasonCode, 'document_expired');
    assert.equal(asApplicant.decision.reason, null);
    assert.ok(REJECT_REASON_CODES.includes('document_expired'));
  });

  test('a rejection with a code and free text keeps both; without a code nothing new appears', async (t) => {
    const { api } = await makeBff(t);
    const coded = await Journey.submitted(api);
    const both = await decide(api, coded.id, { outcome: 'reject', reasonCode: 'face_mismatch', reason: 'The selfie shows someone else' });
    assert.equal(both.status, 200);
    assert.equal(both.body.decision.reason, 'The selfie shows someone else');
    assert.equal(both.body.decision.reasonCode, 'face_mismatch');
    const plain = await Journey.submitted(api);
    const text = await decide(api, plain.id, { outcome: 'reject', reason: 'Written by hand' });
    assert.equal(text.status, 200);
    assert.equal('reasonCode' in text.body.decision, false);
    assert.equal('reasonCode' in (await plain.view()).body.decision, false);
  });

  test('resubmission items with codes, text or both', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const answer = await decide(api, journey.id, {
      outcome: 'request_resubmission',
      items: [
        { document: 'id_card/front', reasonCode: 'photo_blurry' },
        { document: 'id_card/back', reasonCode: 'glare', reason: 'The hologram hides the date' },
        { document: 'selfie', reason: 'Too dark' },
      ],
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const expected = [
      { document: 'id_card/front', reason: '', reasonCode: 'photo_blurry' },
      { document: 'id_card/back', reason: 'The hologram hides the date', reasonCode: 'glare' },
      { document: 'selfie', reason: 'Too dark' },
    ];
    assert.deepEqual(answer.body.decision.items, expected);
    assert.deepEqual((await journey.view()).body.decision.items, expected);
    assert.ok(RESUBMIT_REASON_CODES.includes('glare'));
  });

  test('refuses unknown codes (422), a rejection code on another outcome, and items with neither code nor text', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const cases: [Record<string, unknown>, number][] = [
      [{ outcome: 'reject', reasonCode: 'looks_fishy' }, 422],
      // A resubmission code is not a rejection code.
      [{ outcome: 'reject', reasonCode: 'photo_blurry' }, 422],
      [{ outcome: 'request_resubmission', items: [{ document: 'selfie', reasonCode: 'document_not_verifiable' }] }, 422],
      [{ outcome: 'request_resubmission', items: [{ document: 'selfie', reasonCode: 'nope' }] }, 422],
      [{ outcome: 'request_resubmission', items: [{ document: 'selfie' }] }, 422],
      [{ outcome: 'request_resubmission', items: [{ document: 'selfie', reason: '   ' }] }, 422],
      [{ outcome: 'approve', reasonCode: 'document_expired' }, 422],
      [{ outcome: 'reject' }, 422],
      [{ outcome: 'reject', reasonCode: 42 }, 400],
    ];
    for (const [body, status] of cases) assertProblem(await decide(api, journey.id, body), status, JSON.stringify(body));
    const { body: still } = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    assert.equal(still.status, 'pending_review');
  });
});
