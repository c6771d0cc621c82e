/**
 * A refused move says what differs, field by field, or which guard's data is
 * missing (issue 14, "Refused moves"), instead of only "cannot move from X to Y".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applicantContextOf, checkSnapshotMove, checkSubmitEvent, type StoredWorkflowState } from '../../../components/workflow/moves.js';
import { PERSIST_STATES, type KycContext, type KycEvent, type KycState } from '../../../components/workflow/machine.js';
import type { ApplicantContext } from '../../../components/workflow/schemas.js';
import { ada, complete, ctx, finalCtx } from './helpers.js';

const stored = (state: KycState, context: KycContext): StoredWorkflowState => ({ state, context });
function reasonOf(check: ReturnType<typeof checkSnapshotMove>): string {
  assert.equal(check.ok, false, 'the move should be refused');
  return check.ok ? '' : check.reason;
}
const put = (from: StoredWorkflowState, state: KycState, context: ApplicantContext) => reasonOf(checkSnapshotMove(from, { state, context }, PERSIST_STATES));
const send = (from: StoredWorkflowState, event: KycEvent) => reasonOf(checkSubmitEvent(from, event, PERSIST_STATES));

describe('why a snapshot move is refused', () => {
  test('a field the BFF stored and the client left out: "issuingCountry: stored GB, not sent"', () => {
    const from = stored('document_review', finalCtx({ uploads: { 'id_card/front': 'f1', 'id_card/back': 'b1' } }));
    const { issuingCountry: _left, ...sent } = applicantContextOf(from.context);
    const reason = put(from, 'document_review', sent);
    assert.match(reason, /^The workflow cannot move from "document_review" to "document_review" with this data: /);
    assert.match(reason, /issuingCountry: stored GB, not sent/);
    assert.doesNotMatch(reason, /uploads|applicant|documentType/, 'only the field that differs is named');
  });

  test('a field sent with another value names both values', () => {
    const from = stored('document_review', finalCtx({ uploads: { 'id_card/front': 'f1', 'id_card/back': 'b1' } }));
    const sent = { ...applicantContextOf(from.context), uploads: { 'id_card/front': 'f1', 'id_card/back': 'other' } };
    assert.match(put(from, 'document_review', sent), /uploads\.id_card\/back: stored b1, sent other/);
  });

  test('final without the back side: "the back side of id_card has no upload"', () => {
    const from = stored('document_review', finalCtx({ uploads: { 'id_card/front': 'f1' } }));
    const sent = { applicant: ada, documentType: 'id_card' as const, issuingCountry: 'GB', uploads: { 'id_card/front': 'f1', selfie: 's1' } };
    const reason = put(from, 'final', sent);
    assert.match(reason, /the back side of id_card has no upload/);
    assert.doesNotMatch(reason, /selfie has no upload/, 'the selfie was sent');
  });

  test('final without a selfie names the selfie', () => {
    const from = stored('document_review', finalCtx({ uploads: { 'id_card/front': 'f1', 'id_card/back': 'b1' } }));
    const sent = { ...applicantContextOf(from.context) };
    assert.match(put(from, 'final', sent), /the selfie has no upload/);
  });

  test('a state only the submit event enters says so', () => {
    const from = stored('document_selection', ctx());
    assert.match(put(from, 'document_review', { applicant: ada, documentType: 'id_card', uploads: complete }), /entered only by the PHOTOS_SUBMITTED event/);
  });

  test('incomplete personal details name the field', () => {
    const from = stored('personal_details', ctx({ applicant: undefined }));
    const reason = put(from, 'document_selection', { applicant: { ...ada, firstName: '' }, uploads: {} });
    assert.match(reason, /applicant\.firstName/);
  });
});

describe('why a submit event is refused', () => {
  test('PHOTOS_SUBMITTED without the back side', () => {
    const from = stored('document_selection', ctx({ documentType: 'id_card', issuingCountry: 'GB' }));
    const reason = send(from, { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads: { 'id_card/front': 'f1' } });
    assert.match(reason, /^"PHOTOS_SUBMITTED" is not allowed from "document_selection" with this data: /);
    assert.match(reason, /the back side of id_card has no upload/);
  });

  test('PHOTOS_SUBMITTED from a state that cannot reach the photo step', () => {
    const reason = send(stored('final', finalCtx()), { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: complete });
    assert.match(reason, /PHOTOS_SUBMITTED is sent from "document_photo", which this workflow cannot reach from "final"/);
  });
});
