/**
 * kycMachine, transition by transition: every guard in its true and false
 * case and every action's effect on the context. Pure `transition()` on
 * snapshots restored with `resolveState`, plus one live actor journey.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, initialTransition } from 'xstate';
import { kycMachine, type KycEvent, type KycState } from '../../../components/workflow/machine.js';
import { DOCUMENT_TYPES, documentItems } from '../../../components/workflow/catalogue.js';
import type { Review } from '../../../components/workflow/schemas.js';
import {
  ada,
  approval,
  at,
  complete,
  ctx,
  finalCtx,
  oneOfEach,
  rejection,
  resubmission,
  step,
  type Snap,
} from './helpers.js';

/** Asserts the event is not taken: same state, same context, and `can` agrees. */
function assertIgnored(snapshot: Snap, event: KycEvent) {
  assert.equal(snapshot.can(event), false, `${String(snapshot.value)} should refuse ${event.type}`);
  const after = step(snapshot, event);
  assert.equal(after.value, snapshot.value);
  assert.deepEqual(after.context, snapshot.context);
}

describe('kycMachine structure', () => {
  test('has exactly the transitions, guards and actions these tests cover', () => {
    const table: string[] = [];
    for (const [state, node] of Object.entries(kycMachine.states)) {
      for (const [event, candidates] of node.transitions) {
        for (const t of candidates) {
          const guard = t.guard === undefined ? '' : `[${String(t.guard)}]`;
          const actions = (t.actions as unknown[]).map(String).join(',');
          const target = t.target?.map((n) => n.key).join(',') ?? '(stay)';
          table.push(`${state} ${event}${guard} -> ${target}${actions ? ` / ${actions}` : ''}`);
        }
      }
    }
    assert.deepEqual(table, [
      'welcome START -> personal_details',
      'personal_details SUBMIT_DETAILS[hasCompleteDetails] -> document_selection / storeApplicant',
      'document_selection SELECT_DOCUMENT[isCatalogueDocument] -> document_photo / storeDocumentChoice',
      'document_selection BACK -> personal_details',
      'document_photo PHOTO_TAKEN[isSideOfChosenDocument] -> (stay) / storePhoto',
      'document_photo PHOTOS_SUBMITTED[hasRequiredDocuments] -> document_review / storePhotos',
      'document_photo BACK[isNotResubmitting] -> document_selection',
      'document_review RETAKE[isSideOfDocument] -> document_photo / forgetSide',
      'document_review CONFIRM_DOCUMENT[hasSelfie] -> selfie_review',
      'document_review CONFIRM_DOCUMENT -> selfie',
      'selfie SELFIE_TAKEN -> selfie_review / storeSelfie',
      'selfie BACK -> document_review',
      'selfie_review RETAKE_SELFIE -> selfie / forgetSelfie',
      'selfie_review CONFIRM_SELFIE[hasEverythingForReview] -> final / awaitReview',
      'final REVIEW_DECIDED[isDecisionForThisCase] -> (stay) / storeReview',
      'final RESUBMIT[resubmissionNeedsDocument] -> document_photo / forgetItemsToRedo',
      'final RESUBMIT[resubmissionNeedsSelfieOnly] -> selfie / forgetItemsToRedo',
    ]);
    assert.deepEqual(Object.keys(kycMachine.implementations.guards).sort(), [
      'hasCompleteDetails',
      'hasEverythingForReview',
      'hasRequiredDocuments',
      'hasSelfie',
      'isCatalogueDocument',
      'isDecisionForThisCase',
      'isNotResubmitting',
      'isSideOfChosenDocument',
      'isSideOfDocument',
      'resubmissionNeedsDocument',
      'resubmissionNeedsSelfieOnly',
    ]);
    assert.deepEqual(Object.keys(kycMachine.implementations.actions).sort(), [
      'awaitReview',
      'forgetItemsToRedo',
      'forgetSelfie',
      'forgetSide',
      'storeApplicant',
      'storeDocumentChoice',
      'storePhoto',
      'storePhotos',
      'storeReview',
      'storeSelfie',
    ]);
  });

  test('starts in welcome with empty uploads and no review; input is merged into the context', () => {
    const [initial] = initialTransition(kycMachine, {});
    assert.equal(initial.value, 'welcome');
    assert.deepEqual(initial.context, { uploads: {}, review: null });
    const [resumed] = initialTransition(kycMachine, { applicant: ada });
    assert.deepEqual(resumed.context, { uploads: {}, review: null, applicant: ada });
  });

  test('each state takes only its own events', () => {
    const handled: Record<KycState, string[]> = {
      welcome: ['START'],
      personal_details: ['SUBMIT_DETAILS'],
      document_selection: ['SELECT_DOCUMENT', 'BACK'],
      document_photo: ['PHOTO_TAKEN', 'PHOTOS_SUBMITTED', 'BACK'],
      document_review: ['RETAKE', 'CONFIRM_DOCUMENT'],
      selfie: ['SELFIE_TAKEN', 'BACK'],
      selfie_review: ['RETAKE_SELFIE', 'CONFIRM_SELFIE'],
      final: ['REVIEW_DECIDED', 'RESUBMIT'],
    };
    for (const [state, events] of Object.entries(handled) as [KycState, string[]][]) {
      // A context in which every guard of the state's own events could hold.
      const snapshot = at(state, finalCtx({ review: state === 'final' ? resubmission('selfie') : null }));
      for (const event of oneOfEach()) {
        if (!events.includes(event.type)) assertIgnored(snapshot, event);
      }
    }
  });
});

describe('welcome', () => {
  test('START -> personal_details, context untouched', () => {
    const after = step(at('welcome', { uploads: {}, review: null }), { type: 'START' });
    assert.equal(after.value, 'personal_details');
    assert.deepEqual(after.context, { uploads: {}, review: null });
  });
});

describe('personal_details: SUBMIT_DETAILS [hasCompleteDetails] / storeApplicant', () => {
  const start = () => at('personal_details', { uploads: {}, review: null });

  test('valid details -> document_selection, applicant stored trimmed', () => {
    const after = step(start(), {
      type: 'SUBMIT_DETAILS',
      applicant: { ...ada, firstName: '  Ada ', lastName: '\tLovelace\n' },
    });
    assert.equal(after.value, 'document_selection');
    assert.deepEqual(after.context, { uploads: {}, review: null, applicant: ada });
  });

  test('incomplete or invalid details are refused (guard false)', () => {
    const invalid: unknown[] = [
      { ...ada, firstName: '   ' },
      { ...ada, lastName: '' },
      { ...ada, country: 'XX' },
      { ...ada, dateOfBirth: '2023-02-30' },
      { ...ada, dateOfBirth: isoYearsAgo(17) },
      { firstName: 'Ada', lastName: 'Lovelace', country: 'GB' },
      { ...ada, middleName: 'King' },
    ];
    for (const applicant of invalid) {
      assertIgnored(start(), { type: 'SUBMIT_DETAILS', applicant } as KycEvent);
    }
  });

  test('new details replace the earlier ones (after BACK), keeping the rest', () => {
    const snapshot = at('personal_details', ctx({ documentType: 'passport', uploads: { selfie: 's' } }));
    const grace = { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1906-12-09', country: 'US' };
    const after = step(snapshot, { type: 'SUBMIT_DETAILS', applicant: grace });
    assert.deepEqual(after.context, { ...snapshot.context, applicant: grace });
  });
});

describe('document_selection', () => {
  test('SELECT_DOCUMENT [isCatalogueDocument] each catalogue type -> document_photo / storeDocumentChoice', () => {
    for (const documentType of DOCUMENT_TYPES) {
      const after = step(at('document_selection'), { type: 'SELECT_DOCUMENT', documentType, issuingCountry: 'FR' });
      assert.equal(after.value, 'document_photo');
      assert.equal(after.context.documentType, documentType);
      assert.equal(after.context.issuingCountry, 'FR');
    }
  });

  test('SELECT_DOCUMENT with a type outside the catalogue is refused (guard false)', () => {
    for (const documentType of ['visa', 'Passport', '', 'id_card/front', 'toString']) {
      assertIgnored(at('document_selection'), { type: 'SELECT_DOCUMENT', documentType } as unknown as KycEvent);
    }
  });

  test('storeDocumentChoice: issuing country defaults to the country of residence', () => {
    const after = step(at('document_selection'), { type: 'SELECT_DOCUMENT', documentType: 'passport' });
    assert.equal(after.context.issuingCountry, 'GB');
  });

  test('storeDocumentChoice: another type drops the document uploads but keeps the selfie', () => {
    const snapshot = at('document_selection', finalCtx());
    const after = step(snapshot, { type: 'SELECT_DOCUMENT', documentType: 'passport' });
    assert.deepEqual(after.context.uploads, { selfie: 'wf1.selfie1' });
    assert.equal(after.context.documentType, 'passport');
  });

  test('storeDocumentChoice: the same type keeps its uploads', () => {
    const snapshot = at('document_selection', finalCtx());
    const after = step(snapshot, { type: 'SELECT_DOCUMENT', documentType: 'id_card', issuingCountry: 'DE' });
    assert.deepEqual(after.context.uploads, complete);
    assert.equal(after.context.issuingCountry, 'DE');
  });

  test('BACK -> personal_details, context untouched', () => {
    const snapshot = at('document_selection', finalCtx());
    const after = step(snapshot, { type: 'BACK' });
    assert.equal(after.value, 'personal_details');
    assert.deepEqual(after.context, snapshot.context);
  });
});

describe('document_photo', () => {
  const photo = (uploads = {}, review: Review | null = null) =>
    at('document_photo', ctx({ documentType: 'id_card', issuingCountry: 'GB', uploads, review }));

  test('PHOTO_TAKEN [isSideOfChosenDocument] stays and stores the upload (storePhoto)', () => {
    const first = step(photo({ selfie: 's' }), { type: 'PHOTO_TAKEN', item: 'id_card/front', upload: 'f1' });
    assert.equal(first.value, 'document_photo');
    assert.deepEqual(first.context.uploads, { selfie: 's', 'id_card/front': 'f1' });
    const again = step(first, { type: 'PHOTO_TAKEN', item: 'id_card/front', upload: 'f2' });
    assert.deepEqual(again.context.uploads, { selfie: 's', 'id_card/front': 'f2' });
  });

  test('PHOTO_TAKEN of another document, of the selfie, or with no document chosen is refused (guard false)', () => {
    for (const item of ['passport/front', 'drivers_license/back', 'selfie'] as const) {
      assertIgnored(photo(), { type: 'PHOTO_TAKEN', item, upload: 'x' });
    }
    assertIgnored(at('document_photo', ctx()), { type: 'PHOTO_TAKEN', item: 'id_card/front', upload: 'x' });
  });

  test('PHOTOS_SUBMITTED [hasRequiredDocuments] with every side -> document_review (storePhotos)', () => {
    const after = step(photo({ selfie: 's', 'id_card/front': 'old' }), {
      type: 'PHOTOS_SUBMITTED',
      documentType: 'id_card',
      uploads: { 'id_card/front': 'f1', 'id_card/back': 'b1' },
    });
    assert.equal(after.value, 'document_review');
    assert.deepEqual(after.context.uploads, { selfie: 's', 'id_card/front': 'f1', 'id_card/back': 'b1' });
  });

  test('storePhotos takes only the chosen document\'s sides from the event (no forged selfie or extra side)', () => {
    const after = step(photo({ selfie: 's' }), {
      type: 'PHOTOS_SUBMITTED',
      documentType: 'id_card',
      uploads: { 'id_card/front': 'f1', 'id_card/back': 'b1', selfie: 'forged', 'passport/front': 'p' },
    });
    assert.deepEqual(after.context.uploads, { selfie: 's', 'id_card/front': 'f1', 'id_card/back': 'b1' });
  });

  test('every catalogue type needs exactly its own sides', () => {
    for (const documentType of DOCUMENT_TYPES) {
      const items = documentItems(documentType);
      const snapshot = at('document_photo', ctx({ documentType }));
      const uploads = Object.fromEntries(items.map((item, i) => [item, `id-${i}`]));
      assert.equal(step(snapshot, { type: 'PHOTOS_SUBMITTED', documentType, uploads }).value, 'document_review');
      for (const missing of items) {
        const partial = Object.fromEntries(Object.entries(uploads).filter(([item]) => item !== missing));
        assertIgnored(snapshot, { type: 'PHOTOS_SUBMITTED', documentType, uploads: partial });
      }
    }
  });

  test('PHOTOS_SUBMITTED missing a side, with an empty id, or for another type is refused (guard false)', () => {
    assertIgnored(photo(), { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': 'f1' } });
    assertIgnored(photo(), {
      type: 'PHOTOS_SUBMITTED',
      documentType: 'id_card',
      uploads: { 'id_card/front': 'f1', 'id_card/back': '' },
    });
    assertIgnored(photo(), { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { 'passport/front': 'p' } });
    // Even carrying the chosen document's sides too, the event must name the chosen type.
    assertIgnored(photo(), {
      type: 'PHOTOS_SUBMITTED',
      documentType: 'passport',
      uploads: { 'passport/front': 'p', 'id_card/front': 'f1', 'id_card/back': 'b1' },
    });
    // The sides taken earlier in context do not count: the event must carry them.
    assertIgnored(photo({ 'id_card/front': 'f1', 'id_card/back': 'b1' }), {
      type: 'PHOTOS_SUBMITTED',
      documentType: 'id_card',
      uploads: {},
    });
  });

  test('BACK [isNotResubmitting] -> document_selection while no review is pending', () => {
    const snapshot = photo({ 'id_card/front': 'f1' });
    const after = step(snapshot, { type: 'BACK' });
    assert.equal(after.value, 'document_selection');
    assert.deepEqual(after.context, snapshot.context);
  });

  test('BACK is refused during a resubmission (guard false)', () => {
    assertIgnored(photo({}, resubmission('id_card/front')), { type: 'BACK' });
  });
});

describe('document_review', () => {
  const review = () => at('document_review', finalCtx());

  test('RETAKE [isSideOfDocument] -> document_photo without that side (forgetSide)', () => {
    for (const item of documentItems('id_card')) {
      const after = step(review(), { type: 'RETAKE', item });
      assert.equal(after.value, 'document_photo');
      const expected = { ...complete };
      delete expected[item];
      assert.deepEqual(after.context.uploads, expected);
    }
  });

  test('RETAKE of the selfie or of another document\'s side is refused (guard false)', () => {
    for (const item of ['selfie', 'passport/front', 'residence_permit/back'] as const) {
      assertIgnored(review(), { type: 'RETAKE', item });
    }
    assertIgnored(at('document_review', ctx()), { type: 'RETAKE', item: 'id_card/front' });
  });

  test('CONFIRM_DOCUMENT [hasSelfie] -> selfie_review when a selfie is there', () => {
    const after = step(review(), { type: 'CONFIRM_DOCUMENT' });
    assert.equal(after.value, 'selfie_review');
    assert.deepEqual(after.context, review().context);
  });

  test('CONFIRM_DOCUMENT without a selfie (hasSelfie false) -> selfie', () => {
    const snapshot = at('document_review', finalCtx({ uploads: { 'id_card/front': 'f', 'id_card/back': 'b' } }));
    const after = step(snapshot, { type: 'CONFIRM_DOCUMENT' });
    assert.equal(after.value, 'selfie');
    assert.deepEqual(after.context, snapshot.context);
  });
});

describe('selfie', () => {
  const noSelfie = () => at('selfie', finalCtx({ uploads: { 'id_card/front': 'f', 'id_card/back': 'b' } }));

  test('SELFIE_TAKEN -> selfie_review with the selfie stored (storeSelfie)', () => {
    const after = step(noSelfie(), { type: 'SELFIE_TAKEN', upload: 's9' });
    assert.equal(after.value, 'selfie_review');
    assert.deepEqual(after.context.uploads, { 'id_card/front': 'f', 'id_card/back': 'b', selfie: 's9' });
  });

  test('BACK -> document_review, context untouched', () => {
    const after = step(noSelfie(), { type: 'BACK' });
    assert.equal(after.value, 'document_review');
    assert.deepEqual(after.context, noSelfie().context);
  });
});

describe('selfie_review', () => {
  test('RETAKE_SELFIE -> selfie without the selfie (forgetSelfie)', () => {
    const after = step(at('selfie_review', finalCtx()), { type: 'RETAKE_SELFIE' });
    assert.equal(after.value, 'selfie');
    assert.deepEqual(after.context.uploads, { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1' });
  });

  test('CONFIRM_SELFIE [hasEverythingForReview] -> final with the review reset (awaitReview)', () => {
    const after = step(at('selfie_review', finalCtx({ review: resubmission('selfie') })), { type: 'CONFIRM_SELFIE' });
    assert.equal(after.value, 'final');
    assert.equal(after.context.review, null);
    assert.deepEqual(after.context.uploads, complete);
  });

  test('CONFIRM_SELFIE without every side, without a selfie or without a document is refused (guard false)', () => {
    assertIgnored(at('selfie_review', finalCtx({ uploads: { 'id_card/front': 'f', selfie: 's' } })), {
      type: 'CONFIRM_SELFIE',
    });
    assertIgnored(at('selfie_review', finalCtx({ uploads: { 'id_card/front': 'f', 'id_card/back': 'b' } })), {
      type: 'CONFIRM_SELFIE',
    });
    assertIgnored(at('selfie_review', ctx({ uploads: { selfie: 's' } })), { type: 'CONFIRM_SELFIE' });
  });
});

describe('final', () => {
  const waiting = () => at('final', finalCtx());

  test('REVIEW_DECIDED [isDecisionForThisCase] stays in final and stores the review (storeReview)', () => {
    for (const review of [approval, rejection, resubmission('id_card/back', 'selfie')]) {
      const after = step(waiting(), { type: 'REVIEW_DECIDED', review });
      assert.equal(after.value, 'final');
      assert.deepEqual(after.context, { ...waiting().context, review });
    }
  });

  test('REVIEW_DECIDED once a decision is stored is refused (guard false)', () => {
    for (const decided of [approval, rejection, resubmission('selfie')]) {
      for (const review of [approval, rejection, resubmission('id_card/front')]) {
        assertIgnored(at('final', finalCtx({ review: decided })), { type: 'REVIEW_DECIDED', review });
      }
    }
  });

  test('RESUBMIT [resubmissionNeedsDocument] -> document_photo without the items to redo (forgetItemsToRedo)', () => {
    const after = step(at('final', finalCtx({ review: resubmission('id_card/back') })), { type: 'RESUBMIT' });
    assert.equal(after.value, 'document_photo');
    assert.deepEqual(after.context.uploads, { 'id_card/front': 'wf1.front1', selfie: 'wf1.selfie1' });
    assert.deepEqual(after.context.review, resubmission('id_card/back'), 'the request stays until resubmitted');

    const both = step(at('final', finalCtx({ review: resubmission('selfie', 'id_card/front') })), { type: 'RESUBMIT' });
    assert.equal(both.value, 'document_photo', 'a document side comes first, even listed after the selfie');
    assert.deepEqual(both.context.uploads, { 'id_card/back': 'wf1.back1' });
  });

  test('RESUBMIT [resubmissionNeedsSelfieOnly] -> selfie without the selfie (forgetItemsToRedo)', () => {
    const after = step(at('final', finalCtx({ review: resubmission('selfie') })), { type: 'RESUBMIT' });
    assert.equal(after.value, 'selfie');
    assert.deepEqual(after.context.uploads, { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1' });
  });

  test('RESUBMIT with no resubmission requested is refused (both guards false)', () => {
    for (const review of [null, approval, rejection]) {
      assertIgnored(at('final', finalCtx({ review })), { type: 'RESUBMIT' });
    }
  });

  test('approved and rejected are terminal: no event changes state or context', () => {
    for (const review of [approval, rejection]) {
      const snapshot = at('final', finalCtx({ review }));
      for (const event of oneOfEach()) assertIgnored(snapshot, event);
    }
  });

  test('a request for resubmission with no items is not acted on', () => {
    const decided = step(waiting(), { type: 'REVIEW_DECIDED', review: { outcome: 'request_resubmission', reason: null, items: [] } });
    assert.equal(step(decided, { type: 'RESUBMIT' }).value, 'final');
  });

  test('a request to redo a side of a document the applicant did not use is not acted on', () => {
    const decided = step(waiting(), { type: 'REVIEW_DECIDED', review: resubmission('passport/front') });
    assert.equal(step(decided, { type: 'RESUBMIT' }).value, 'final');
  });
});

describe('a live actor through the whole journey', () => {
  test('welcome to final, then approved', () => {
    const actor = createActor(kycMachine, { input: undefined }).start();
    const seen: string[] = [];
    actor.subscribe((s) => seen.push(String(s.value)));
    const send = (event: KycEvent) => actor.send(event);
    send({ type: 'START' });
    send({ type: 'SUBMIT_DETAILS', applicant: ada });
    send({ type: 'SELECT_DOCUMENT', documentType: 'drivers_license', issuingCountry: 'IE' });
    send({ type: 'PHOTO_TAKEN', item: 'drivers_license/front', upload: 'f' });
    send({ type: 'PHOTO_TAKEN', item: 'drivers_license/back', upload: 'b' });
    send({ type: 'PHOTOS_SUBMITTED', documentType: 'drivers_license', uploads: { 'drivers_license/front': 'f', 'drivers_license/back': 'b' } });
    send({ type: 'RETAKE', item: 'drivers_license/back' });
    send({ type: 'PHOTOS_SUBMITTED', documentType: 'drivers_license', uploads: { 'drivers_license/front': 'f', 'drivers_license/back': 'b2' } });
    send({ type: 'CONFIRM_DOCUMENT' });
    send({ type: 'SELFIE_TAKEN', upload: 's' });
    send({ type: 'RETAKE_SELFIE' });
    send({ type: 'SELFIE_TAKEN', upload: 's2' });
    send({ type: 'CONFIRM_SELFIE' });
    send({ type: 'REVIEW_DECIDED', review: approval });
    const end = actor.getSnapshot();
    actor.stop();
    assert.deepEqual(seen, [
      'personal_details',
      'document_selection',
      'document_photo',
      'document_photo',
      'document_photo',
      'document_review',
      'document_photo',
      'document_review',
      'selfie',
      'selfie_review',
      'selfie',
      'selfie_review',
      'final',
      'final',
    ]);
    assert.deepEqual(end.context, {
      applicant: ada,
      documentType: 'drivers_license',
      issuingCountry: 'IE',
      uploads: { 'drivers_license/front': 'f', 'drivers_license/back': 'b2', selfie: 's2' },
      review: approval,
    });
  });
});

/** A date of birth whose `years`th birthday is tomorrow (UTC): the applicant is still `years - 1`. */
function isoYearsAgo(years: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().slice(0, 10);
}
