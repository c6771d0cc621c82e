/**
 * moves.ts: the BFF's checks of a client's snapshot PUT (checkSnapshotMove)
 * and of the one submit event (checkSubmitEvent), against the statechart.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applicantContextOf,
  canonical,
  checkSnapshotMove,
  checkSubmitEvent,
  initialContext,
  restoreSnapshot,
  type MoveCheck,
  type StoredWorkflowState,
} from '../../../components/workflow/moves.js';
import { PERSIST_STATES, type KycContext, type KycEvent, type KycState } from '../../../components/workflow/machine.js';
import type { ApplicantContext, Uploads } from '../../../components/workflow/schemas.js';
import { ada, approval, complete, ctx, finalCtx, rejection, resubmission } from './helpers.js';

const stored = (state: KycState, context: KycContext): StoredWorkflowState => ({ state, context });
const put = (from: StoredWorkflowState, state: KycState, context: ApplicantContext) =>
  checkSnapshotMove(from, { state, context }, PERSIST_STATES);
const send = (from: StoredWorkflowState, event: KycEvent) => checkSubmitEvent(from, event, PERSIST_STATES);

const sides: Uploads = { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1' };
const photos = (uploads: Uploads = sides, documentType: 'id_card' | 'passport' = 'id_card', issuingCountry?: string): KycEvent => ({
  type: 'PHOTOS_SUBMITTED',
  documentType,
  uploads,
  ...(issuingCountry ? { issuingCountry } : {}),
});

function accepted(check: MoveCheck, state: KycState) {
  if (!check.ok) assert.fail(`refused: ${check.reason}`);
  assert.equal(check.snapshot.value, state);
  return check.snapshot;
}
function refused(check: MoveCheck, pattern?: RegExp) {
  assert.equal(check.ok, false, 'the move should be refused');
  if (!check.ok && pattern) assert.match(check.reason, pattern);
}

/** The client's view (what a PUT carries) of a context. */
const client = (context: KycContext) => applicantContextOf(context);

describe('helpers of moves.ts', () => {
  test('initialContext is what the machine starts with', () => {
    assert.deepEqual(initialContext(), { uploads: {}, review: null });
  });

  test('applicantContextOf drops review and undefined fields, copies uploads', () => {
    const context = finalCtx({ review: approval, issuingCountry: undefined });
    const view = applicantContextOf(context);
    assert.deepEqual(view, { applicant: ada, documentType: 'id_card', uploads: complete });
    assert.equal('review' in view, false);
    assert.equal('issuingCountry' in view, false);
    assert.notEqual(view.uploads, context.uploads);
  });

  test('canonical ignores key order, not values', () => {
    assert.equal(canonical({ a: 1, b: { c: [1, 2], d: 'x' } }), canonical({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    assert.notEqual(canonical({ a: [1, 2] }), canonical({ a: [2, 1] }));
    assert.notEqual(canonical({ a: 1 }), canonical({ a: 1, b: null }));
  });

  test('restoreSnapshot rests in the stored state with the stored context', () => {
    const snapshot = restoreSnapshot(stored('final', finalCtx({ review: rejection })));
    assert.equal(snapshot.value, 'final');
    assert.deepEqual(snapshot.context, finalCtx({ review: rejection }));
  });
});

describe('checkSnapshotMove', () => {
  test('welcome -> personal_details is allowed', () => {
    accepted(put(stored('welcome', initialContext()), 'personal_details', { uploads: {} }), 'personal_details');
  });

  test('welcome -> final is refused, as is skipping the save at personal_details', () => {
    const from = stored('welcome', initialContext());
    refused(put(from, 'final', client(finalCtx())), /cannot move from "welcome" to "final"/);
    refused(put(from, 'document_selection', client(ctx())));
    // Data that never went through the machine.
    refused(put(from, 'personal_details', { applicant: ada, uploads: {} }));
  });

  test('personal_details -> document_selection with valid details; invalid details refused', () => {
    const from = stored('personal_details', initialContext());
    const snapshot = accepted(put(from, 'document_selection', { applicant: ada, uploads: {} }), 'document_selection');
    assert.deepEqual(snapshot.context, { applicant: ada, uploads: {}, review: null });
    refused(put(from, 'document_selection', { applicant: { ...ada, dateOfBirth: '2023-02-30' }, uploads: {} }));
    refused(put(from, 'document_selection', { applicant: { ...ada, country: 'XX' }, uploads: {} }));
    // A document type cannot be chosen on the way.
    refused(put(from, 'document_selection', { applicant: ada, documentType: 'passport', uploads: {} }));
  });

  test('document_selection -> personal_details (BACK), and back with a document chosen', () => {
    const from = stored('document_selection', ctx());
    accepted(put(from, 'personal_details', { applicant: ada, uploads: {} }), 'personal_details');
    // document_selection -> document_photo -> BACK -> document_selection keeps the choice.
    const back = accepted(
      put(from, 'document_selection', { applicant: ada, documentType: 'passport', issuingCountry: 'FR', uploads: {} }),
      'document_selection',
    );
    assert.equal(back.context.issuingCountry, 'FR');
  });

  test('PHOTOS_SUBMITTED is never taken through a PUT: document_selection -> document_review refused', () => {
    const from = stored('document_selection', ctx());
    const context = { applicant: ada, documentType: 'id_card' as const, issuingCountry: 'GB', uploads: sides };
    refused(put(from, 'document_review', context));
    refused(put(from, 'document_review', { ...context, uploads: complete }));
    // Nor from a document_review back to itself with new photos (a retake goes through the event).
    refused(put(stored('document_review', finalCtx({ uploads: sides })), 'document_review', { ...context, uploads: { ...sides, 'id_card/back': 'wf1.back2' } }));
  });

  test('document_review -> final with a selfie is allowed; the review awaits a decision', () => {
    const from = stored('document_review', finalCtx({ uploads: sides }));
    const snapshot = accepted(put(from, 'final', client(finalCtx())), 'final');
    assert.deepEqual(snapshot.context, finalCtx());
    assert.equal(snapshot.context.review, null);
  });

  test('no final without a selfie', () => {
    const from = stored('document_review', finalCtx({ uploads: sides }));
    refused(put(from, 'final', client(finalCtx({ uploads: sides }))));
  });

  test('no final without every side of the document', () => {
    const from = stored('document_review', finalCtx({ uploads: { 'id_card/front': 'wf1.front1' } }));
    refused(put(from, 'final', client(finalCtx({ uploads: { 'id_card/front': 'wf1.front1', selfie: 'wf1.selfie1' } }))));
  });

  test('re-storing the same state and context is allowed in every persisted state (key order ignored)', () => {
    const cases: [KycState, KycContext][] = [
      ['personal_details', initialContext()],
      ['personal_details', ctx({ documentType: 'passport', issuingCountry: 'GB' })],
      ['document_selection', ctx()],
      ['document_review', finalCtx({ uploads: sides })],
      ['document_review', finalCtx()],
      ['final', finalCtx()],
      ['final', finalCtx({ review: approval })],
      ['final', finalCtx({ review: rejection })],
      ['final', finalCtx({ review: resubmission('id_card/front') })],
    ];
    for (const [state, context] of cases) {
      const view = client(context);
      const reordered = Object.fromEntries(Object.entries(view).reverse()) as ApplicantContext;
      reordered.uploads = Object.fromEntries(Object.entries(view.uploads ?? {}).reverse());
      const snapshot = accepted(put(stored(state, context), state, reordered), state);
      assert.deepEqual(snapshot.context, context, `${state} keeps its context, review included`);
    }
  });

  test('a target state that is not persisted is refused, even when reachable with that context', () => {
    const from = stored('document_review', finalCtx());
    for (const state of ['welcome', 'document_photo', 'selfie', 'selfie_review'] as const) {
      refused(put(from, state, client(finalCtx())), /is not a persisted state/);
    }
    refused(put(stored('document_selection', ctx()), 'document_photo', { applicant: ada, documentType: 'passport', issuingCountry: 'GB', uploads: {} }), /is not a persisted state/);
  });

  test('a context that differs from what the machine computes is refused', () => {
    const review = stored('document_review', finalCtx({ uploads: sides }));
    // Forged uploads: a document side swapped on the way to final.
    refused(put(review, 'final', client(finalCtx({ uploads: { ...complete, 'id_card/front': 'wf1.forged' } }))));
    // An extra item the document does not have.
    refused(put(review, 'final', client(finalCtx({ uploads: { ...complete, 'passport/front': 'wf1.p' } }))));
    // The same state with other data.
    refused(put(review, 'document_review', client(finalCtx({ uploads: { ...sides, 'id_card/back': 'wf1.back2' } }))));
    refused(put(review, 'document_review', client(finalCtx({ uploads: sides, documentType: 'drivers_license' }))));
    // Personal details changed without passing personal_details.
    refused(put(stored('document_selection', ctx()), 'document_selection', { applicant: { ...ada, lastName: 'Byron' }, uploads: {} }));
    refused(put(stored('final', finalCtx()), 'final', client(finalCtx({ issuingCountry: 'FR' }))));
    // A missing field is a difference too.
    refused(put(stored('final', finalCtx()), 'final', { documentType: 'id_card', issuingCountry: 'GB', uploads: complete }));
  });

  test('the search does not pass through a persisted state on the way', () => {
    // document_review -> selfie -> BACK -> document_review -> ... would skip a save.
    const from = stored('document_review', finalCtx({ uploads: sides }));
    // A selfie taken, then back to the document choice: only through document_review again.
    refused(put(from, 'document_selection', client(finalCtx({ uploads: { ...sides, selfie: 'wf1.selfie1' } }))));
    refused(put(from, 'personal_details', client(finalCtx({ uploads: sides }))));
  });

  test('Back after photographing a side keeps that side (issue 16 item 2: it was a 422)', () => {
    // Chosen an ID card, front photographed, Back: the BFF last saw document_selection without a document.
    const chosen = stored('document_selection', ctx());
    const front = { 'id_card/front': 'wf1.front1' };
    const snapshot = accepted(put(chosen, 'document_selection', client(finalCtx({ uploads: front }))), 'document_selection');
    assert.deepEqual(snapshot.context.uploads, front);
    // Both sides photographed but not submitted, then Back.
    accepted(put(chosen, 'document_selection', client(finalCtx({ uploads: sides }))), 'document_selection');
    // From the review: Retake the front, photograph it again, Back.
    const review = stored('document_review', finalCtx({ uploads: sides }));
    const retaken = { ...sides, 'id_card/front': 'wf1.front2' };
    accepted(put(review, 'document_selection', client(finalCtx({ uploads: retaken }))), 'document_selection');
    // Sides of another document than the one chosen are not photographs the machine takes.
    refused(put(chosen, 'document_selection', client(finalCtx({ uploads: { ...front, 'passport/front': 'wf1.p' } }))));
  });

  test('a resubmission is not completed through a PUT alone', () => {
    const requested = finalCtx({ review: resubmission('id_card/front') });
    // New front photo straight into final: it needs the PHOTOS_SUBMITTED event.
    refused(put(stored('final', requested), 'final', client(finalCtx({ uploads: { ...complete, 'id_card/front': 'wf1.front2' } }))));
    refused(put(stored('final', requested), 'document_review', client(finalCtx({ uploads: { ...complete, 'id_card/front': 'wf1.front2' } }))));
  });

  test('a selfie-only resubmission completes through a PUT of final with the new selfie', () => {
    const from = stored('final', finalCtx({ review: resubmission('selfie') }));
    const snapshot = accepted(put(from, 'final', client(finalCtx({ uploads: { ...complete, selfie: 'wf1.selfie2' } }))), 'final');
    assert.equal(snapshot.context.review, null, 'back under review');
    assert.equal(snapshot.context.uploads.selfie, 'wf1.selfie2');
  });

  test('approved and rejected cases accept no new data', () => {
    for (const review of [approval, rejection]) {
      const from = stored('final', finalCtx({ review }));
      refused(put(from, 'final', client(finalCtx({ uploads: { ...complete, selfie: 'wf1.selfie2' } }))));
      refused(put(from, 'document_review', client(finalCtx())));
    }
  });
});

describe('checkSubmitEvent', () => {
  test('PHOTOS_SUBMITTED from document_selection -> document_review with the photos', () => {
    const snapshot = accepted(send(stored('document_selection', ctx()), photos(sides, 'id_card', 'FR')), 'document_review');
    assert.deepEqual(snapshot.context, finalCtx({ uploads: sides, issuingCountry: 'FR' }));
  });

  test('without an issuing country it defaults to the country of residence', () => {
    const snapshot = accepted(send(stored('document_selection', ctx()), photos({ 'passport/front': 'wf1.p' }, 'passport')), 'document_review');
    assert.equal(snapshot.context.issuingCountry, 'GB');
    assert.equal(snapshot.context.documentType, 'passport');
  });

  test('another document type than one chosen earlier drops that document\'s uploads, keeps the selfie', () => {
    const from = stored('document_selection', finalCtx());
    const snapshot = accepted(send(from, photos({ 'passport/front': 'wf1.p' }, 'passport')), 'document_review');
    assert.deepEqual(snapshot.context.uploads, { 'passport/front': 'wf1.p', selfie: 'wf1.selfie1' });
  });

  test('PHOTOS_SUBMITTED from document_review (the retake path) is accepted', () => {
    const from = stored('document_review', finalCtx());
    const snapshot = accepted(send(from, photos({ ...sides, 'id_card/back': 'wf1.back2' })), 'document_review');
    assert.deepEqual(snapshot.context.uploads, { ...complete, 'id_card/back': 'wf1.back2' });
    assert.equal(snapshot.context.review, null);
  });

  test('PHOTOS_SUBMITTED from final is accepted during a document resubmission only', () => {
    const event = photos({ ...sides, 'id_card/front': 'wf1.front2' });
    const requested = stored('final', finalCtx({ review: resubmission('id_card/front') }));
    const snapshot = accepted(send(requested, event), 'document_review');
    assert.deepEqual(snapshot.context.uploads, { ...complete, 'id_card/front': 'wf1.front2' });
    assert.deepEqual(snapshot.context.review, resubmission('id_card/front'), 'still resubmitting until final');

    for (const review of [null, approval, rejection, resubmission('selfie')]) {
      refused(send(stored('final', finalCtx({ review })), event), /is not allowed from "final"/);
    }
  });

  test('not from a state before the document choice was saved', () => {
    refused(send(stored('welcome', initialContext()), photos()));
    refused(send(stored('personal_details', initialContext()), photos()));
    refused(send(stored('personal_details', ctx()), photos()));
  });

  test('no document_review without every side', () => {
    refused(send(stored('document_selection', ctx()), photos({ 'id_card/front': 'wf1.front1' })));
    refused(send(stored('document_selection', ctx()), photos({ 'id_card/front': 'wf1.front1', 'id_card/back': '' })));
    refused(send(stored('document_selection', ctx()), photos({ 'id_card/front': 'wf1.f', 'passport/front': 'wf1.p' })));
    // From review the earlier sides do not count: the event carries them all.
    refused(send(stored('document_review', finalCtx()), photos({ 'id_card/back': 'wf1.back2' })));
  });

  test('on the retake path the document type cannot change', () => {
    refused(send(stored('document_review', finalCtx()), photos({ 'passport/front': 'wf1.p' }, 'passport')));
    refused(send(stored('document_review', finalCtx()), photos({ ...sides, 'passport/front': 'wf1.p' }, 'passport')));
  });

  test('only submit events are taken', () => {
    const from = stored('selfie_review', finalCtx());
    for (const event of [
      { type: 'CONFIRM_SELFIE' },
      { type: 'REVIEW_DECIDED', review: approval },
      { type: 'SELECT_DOCUMENT', documentType: 'passport' },
      { type: 'START' },
    ] as KycEvent[]) {
      refused(send(from, event), /is not an event the BFF takes/);
      refused(send(stored('final', finalCtx()), event), /is not an event the BFF takes/);
    }
  });

  test('a selfie smuggled into the event is not stored', () => {
    const snapshot = accepted(send(stored('document_selection', ctx()), photos({ ...sides, selfie: 'wf1.forged' })), 'document_review');
    assert.equal(snapshot.context.uploads.selfie, undefined);
    const retake = accepted(send(stored('document_review', finalCtx()), photos({ ...sides, selfie: 'wf1.forged' })), 'document_review');
    assert.equal(retake.context.uploads.selfie, 'wf1.selfie1');
  });

  test('after the event the client may re-store the state it reached', () => {
    const after = accepted(send(stored('document_selection', ctx()), photos()), 'document_review');
    const now = stored('document_review', after.context);
    accepted(put(now, 'document_review', client(after.context)), 'document_review');
  });
});
