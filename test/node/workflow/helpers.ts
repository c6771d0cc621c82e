/**
 * Shared fixtures for the statechart tests: snapshots restored at any state
 * with a chosen context, and a pure `step` (xstate's `transition`, no actor).
 */
import assert from 'node:assert/strict';
import { transition, type SnapshotFrom } from 'xstate';
import { kycMachine, type KycContext, type KycEvent, type KycState } from '../../../components/workflow/machine.js';
import type { Applicant, Review, Uploads } from '../../../components/workflow/schemas.js';
import type { UploadItem } from '../../../components/workflow/catalogue.js';

export type Snap = SnapshotFrom<typeof kycMachine>;

export const ada: Applicant = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' };

/** The id-card uploads of a complete case (both sides and the selfie). */
export const complete: Uploads = { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1', selfie: 'wf1.selfie1' };

/** A context as far as `document_selection` got, plus whatever is given. */
export function ctx(extra: Partial<KycContext> = {}): KycContext {
  return { applicant: ada, uploads: {}, review: null, ...extra };
}

/** The context of a case that reached `final` with an id card. */
export function finalCtx(extra: Partial<KycContext> = {}): KycContext {
  return ctx({ documentType: 'id_card', issuingCountry: 'GB', uploads: { ...complete }, ...extra });
}

/** A snapshot resting in `state` with `context` (as the BFF restores one). */
export function at(state: KycState, context: KycContext = ctx()): Snap {
  return kycMachine.resolveState({ value: state, context });
}

/** One pure transition. */
export function step(snapshot: Snap, event: KycEvent): Snap {
  return transition(kycMachine, snapshot, event)[0];
}

export function resubmission(...documents: UploadItem[]): Review {
  return {
    outcome: 'request_resubmission',
    reason: null,
    items: documents.map((document) => ({ document, reason: `${document} is unreadable` })),
  };
}
export const approval: Review = { outcome: 'approve', reason: null, items: [] };
export const rejection: Review = { outcome: 'reject', reason: 'The document is forged', items: [] };

/** One event of every type, carrying data that would be valid somewhere. */
export function oneOfEach(): KycEvent[] {
  return [
    { type: 'START' },
    { type: 'SUBMIT_DETAILS', applicant: ada },
    { type: 'SELECT_DOCUMENT', documentType: 'passport' },
    { type: 'BACK' },
    { type: 'PHOTO_TAKEN', item: 'id_card/front', upload: 'wf1.front2' },
    { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': 'wf1.front2', 'id_card/back': 'wf1.back2' } },
    { type: 'RETAKE', item: 'id_card/front' },
    { type: 'CONFIRM_DOCUMENT' },
    { type: 'SELFIE_TAKEN', upload: 'wf1.selfie2' },
    { type: 'RETAKE_SELFIE' },
    { type: 'CONFIRM_SELFIE' },
    { type: 'REVIEW_DECIDED', review: resubmission('selfie') },
    { type: 'RESUBMIT' },
  ];
}

/** A date's UTC calendar day as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * `assert.ok` without a message makes node read the (transpiled, one-line)
 * source to build one, which took minutes under tsx: always pass a message.
 */
export function check(value: boolean, message = 'expected true'): void {
  assert.equal(value, true, message);
}
