/**
 * The resubmission path of workflow.md, end to end: in the machine (a live
 * actor, as <kyc-flow> runs it) and through the BFF's checks (stored
 * snapshots moved only by checkSnapshotMove / checkSubmitEvent, the
 * decision applied with REVIEW_DECIDED as the server does).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor } from 'xstate';
import { kycMachine, PERSIST_STATES, STATES, type KycEvent, type KycState } from '../../../components/workflow/machine.js';
import {
  applicantContextOf,
  checkSnapshotMove,
  checkSubmitEvent,
  restoreSnapshot,
  type MoveCheck,
  type StoredWorkflowState,
} from '../../../components/workflow/moves.js';
import type { Review } from '../../../components/workflow/schemas.js';
import { approval, at, complete, finalCtx, oneOfEach, rejection, resubmission, step, type Snap } from './helpers.js';

const newFront = { 'id_card/front': 'wf1.front2', 'id_card/back': 'wf1.back1' };

function liveFrom(snapshot: Snap) {
  return createActor(kycMachine, { snapshot, input: undefined }).start();
}

describe('resubmission in the machine', () => {
  test('id_card/front: final -> document_photo -> document_review -> selfie_review -> final, review reset', () => {
    const actor = liveFrom(at('final', finalCtx()));
    const review = resubmission('id_card/front');
    actor.send({ type: 'REVIEW_DECIDED', review });
    assert.equal(actor.getSnapshot().value, 'final');
    assert.deepEqual(actor.getSnapshot().context.review, review);

    actor.send({ type: 'RESUBMIT' });
    let s = actor.getSnapshot();
    assert.equal(s.value, 'document_photo');
    assert.deepEqual(s.context.uploads, { 'id_card/back': 'wf1.back1', selfie: 'wf1.selfie1' }, 'the front to redo is removed');

    actor.send({ type: 'BACK' });
    assert.equal(actor.getSnapshot().value, 'document_photo', 'no way back to the document choice while resubmitting');

    actor.send({ type: 'PHOTO_TAKEN', item: 'id_card/front', upload: 'wf1.front2' });
    actor.send({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: newFront });
    assert.equal(actor.getSnapshot().value, 'document_review');

    actor.send({ type: 'CONFIRM_DOCUMENT' });
    s = actor.getSnapshot();
    assert.equal(s.value, 'selfie_review', 'the selfie was kept, so no new one is asked for');
    assert.equal(s.context.uploads.selfie, 'wf1.selfie1');

    actor.send({ type: 'CONFIRM_SELFIE' });
    s = actor.getSnapshot();
    actor.stop();
    assert.equal(s.value, 'final');
    assert.equal(s.context.review, null, 'back under review');
    assert.deepEqual(s.context.uploads, { ...newFront, selfie: 'wf1.selfie1' });
  });

  test('selfie only: final -> selfie -> selfie_review -> final', () => {
    const actor = liveFrom(at('final', finalCtx()));
    actor.send({ type: 'REVIEW_DECIDED', review: resubmission('selfie') });
    actor.send({ type: 'RESUBMIT' });
    assert.equal(actor.getSnapshot().value, 'selfie');
    assert.deepEqual(actor.getSnapshot().context.uploads, { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1' });
    actor.send({ type: 'SELFIE_TAKEN', upload: 'wf1.selfie2' });
    actor.send({ type: 'CONFIRM_SELFIE' });
    const s = actor.getSnapshot();
    actor.stop();
    assert.equal(s.value, 'final');
    assert.equal(s.context.review, null);
    assert.deepEqual(s.context.uploads, { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back1', selfie: 'wf1.selfie2' });
  });

  test('a side and the selfie: the document first, then a new selfie is required', () => {
    let s = at('final', finalCtx({ review: resubmission('id_card/back', 'selfie') }));
    s = step(s, { type: 'RESUBMIT' });
    assert.equal(s.value, 'document_photo');
    assert.deepEqual(s.context.uploads, { 'id_card/front': 'wf1.front1' });
    s = step(s, { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: { 'id_card/front': 'wf1.front1', 'id_card/back': 'wf1.back2' } });
    s = step(s, { type: 'CONFIRM_DOCUMENT' });
    assert.equal(s.value, 'selfie');
    assert.equal(step(s, { type: 'CONFIRM_SELFIE' }).value, 'selfie', 'no final without a selfie');
    s = step(step(s, { type: 'SELFIE_TAKEN', upload: 'wf1.selfie2' }), { type: 'CONFIRM_SELFIE' });
    assert.equal(s.value, 'final');
    assert.equal(s.context.review, null);
  });

  test('a second decision can be taken once the resubmission is back in final', () => {
    let s = at('final', finalCtx({ review: resubmission('selfie') }));
    s = [{ type: 'RESUBMIT' }, { type: 'SELFIE_TAKEN', upload: 'wf1.selfie2' }, { type: 'CONFIRM_SELFIE' }, { type: 'REVIEW_DECIDED', review: approval }].reduce(
      (snap, event) => step(snap, event as KycEvent),
      s,
    );
    assert.equal(s.value, 'final');
    assert.deepEqual(s.context.review, approval);
  });

  for (const [name, review] of [['approve', approval], ['reject', rejection]] as [string, Review][]) {
    test(`${name} is terminal: no event changes the state or the context`, () => {
      const actor = liveFrom(at('final', finalCtx()));
      actor.send({ type: 'REVIEW_DECIDED', review });
      const decided = actor.getSnapshot();
      for (const event of oneOfEach()) {
        actor.send(event);
        assert.equal(actor.getSnapshot().value, 'final', `${event.type} after ${name}`);
      }
      const end = actor.getSnapshot();
      actor.stop();
      assert.deepEqual(end.context, decided.context);
      assert.deepEqual(end.context.review, review);
    });
  }
});

describe('resubmission through the BFF checks', () => {
  /** A stand-in for the server's stored row: only moves the checks allow. */
  class Stored {
    row: StoredWorkflowState;
    constructor(state: KycState, context = finalCtx()) {
      this.row = { state, context };
    }
    private take(check: MoveCheck) {
      if (!check.ok) assert.fail(check.reason);
      this.row = { state: check.snapshot.value as KycState, context: check.snapshot.context };
    }
    put(state: KycState, context = this.row.context) {
      this.take(checkSnapshotMove(this.row, { state, context: applicantContextOf(context) }, PERSIST_STATES));
    }
    event(event: KycEvent) {
      this.take(checkSubmitEvent(this.row, event, PERSIST_STATES));
    }
    decide(review: Review) {
      const snapshot = restoreSnapshot(this.row);
      assert.equal(snapshot.can({ type: 'REVIEW_DECIDED', review }), true, 'a decision is awaited');
      this.take({ ok: true, snapshot: step(snapshot, { type: 'REVIEW_DECIDED', review }) });
    }
  }

  test('id_card/front: event from final, PUTs of document_review and final, review reset', () => {
    const server = new Stored('final');
    server.decide(resubmission('id_card/front'));
    // The client: RESUBMIT -> document_photo (not persisted), new front, then the submit event.
    server.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: newFront });
    assert.equal(server.row.state, 'document_review');
    server.put('document_review');
    server.put('final', { ...server.row.context, uploads: { ...newFront, selfie: 'wf1.selfie1' } });
    assert.equal(server.row.state, 'final');
    assert.equal(server.row.context.review, null);
    assert.deepEqual(server.row.context.uploads, { ...newFront, selfie: 'wf1.selfie1' });
    // And it can be decided again.
    server.decide(approval);
    assert.deepEqual(server.row.context.review, approval);
  });

  test('selfie only: a PUT of final with the new selfie', () => {
    const server = new Stored('final');
    server.decide(resubmission('selfie'));
    server.put('final', { ...server.row.context, uploads: { ...complete, selfie: 'wf1.selfie2' } });
    assert.equal(server.row.context.review, null);
    assert.equal(server.row.context.uploads.selfie, 'wf1.selfie2');
  });

  test('a decision is taken once: not again until the resubmission is back', () => {
    const server = new Stored('final');
    server.decide(rejection);
    const snapshot = restoreSnapshot(server.row);
    for (const review of [approval, rejection, resubmission('selfie')]) {
      assert.equal(snapshot.can({ type: 'REVIEW_DECIDED', review }), false);
    }
  });

  test('every state the checks ever store is a persisted one', () => {
    const server = new Stored('final');
    const seen = new Set<string>([server.row.state]);
    server.decide(resubmission('id_card/front', 'selfie'));
    server.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: newFront });
    seen.add(server.row.state);
    server.put('final', { ...server.row.context, uploads: { ...newFront, selfie: 'wf1.selfie2' } });
    seen.add(server.row.state);
    assert.deepEqual([...seen].sort(), ['document_review', 'final']);
    for (const state of seen) assert.equal(PERSIST_STATES.includes(state as KycState), true, state);
    assert.equal(STATES.length, 8);
  });
});
