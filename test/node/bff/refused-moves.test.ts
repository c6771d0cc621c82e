/**
 * A refused move over HTTP names what differs (issue 14, "Refused moves"):
 * the integrator reads which field, with the stored and the sent value, or
 * which upload a guard is missing, in the 422's detail.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ada, assertProblem, Journey, serveBff } from './harness.js';

describe('refused moves explain themselves', () => {
  test('a PUT that leaves out issuingCountry (stored from the applicant\u2019s country): "issuingCountry: stored GB, not sent"', async (t) => {
    const { api } = await serveBff(t);
    const journey = await Journey.start(api);
    await journey.details(ada);
    await journey.photos('id_card'); // PHOTOS_SUBMITTED without issuingCountry: the BFF stores GB from the applicant
    const { issuingCountry, ...withoutCountry } = await journey.storedContext();
    assert.equal(issuingCountry, 'GB', 'stored from the applicant\u2019s country');
    const refused = assertProblem(await journey.put('document_review', withoutCountry), 422);
    assert.match(refused.detail, /cannot move from "document_review" to "document_review" with this data: issuingCountry: stored GB, not sent$/);
  });

  test('final without the stored back side, or without a selfie: each named', async (t) => {
    const { api } = await serveBff(t);
    const journey = await Journey.start(api);
    await journey.details(ada);
    await journey.photos('id_card');
    const selfie = await journey.upload('selfie');
    assert.equal(selfie.status, 201);
    const context = (await journey.storedContext()) as { uploads: Record<string, string> };
    const { 'id_card/back': _back, ...uploads } = context.uploads;
    const refused = assertProblem(await journey.put('final', { ...context, uploads: { ...uploads, selfie: selfie.body.id } }), 422);
    assert.match(refused.detail, new RegExp(`cannot move from "document_review" to "final" with this data: uploads\\.id_card/back: stored ${context.uploads['id_card/back']}, not sent$`));
    const noSelfie = assertProblem(await journey.put('final', context), 422);
    assert.match(noSelfie.detail, /: the selfie has no upload$/);
  });

  test('PHOTOS_SUBMITTED without the back side: "the back side of id_card has no upload"', async (t) => {
    const { api } = await serveBff(t);
    const journey = await Journey.start(api);
    await journey.details(ada);
    const front = await journey.upload('id_card', 'front');
    assert.equal(front.status, 201);
    const refused = assertProblem(await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': front.body.id } }), 422);
    assert.match(refused.detail, /"PHOTOS_SUBMITTED" is not allowed from "document_selection" with this data: the back side of id_card has no upload$/);
  });
});
