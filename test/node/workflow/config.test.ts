/**
 * Which states persist and which submit is data in the workflow definition;
 * these tests hold it to the table of workflow.md (read from the contract
 * beside the checkout when it is there, and restated here either way).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFINITION_ID,
  DEFINITION_VERSION,
  isKycState,
  kycMachine,
  PERSIST_STATES,
  STATES,
  SUBMIT_EVENTS,
  SUBMIT_STATES,
} from '../../../components/workflow/machine.js';
import { DOCUMENT_CATALOGUE } from '../../../components/workflow/catalogue.js';
import { at, check, ctx, step } from './helpers.js';

const CONTRACT = fileURLToPath(new URL('../../../../shared/contract/workflow.md', import.meta.url));

/** The "Applicant states" table of workflow.md, as restated here. */
const TABLE = [
  { state: 'welcome', persisted: false, submit: false },
  { state: 'personal_details', persisted: true, submit: false },
  { state: 'document_selection', persisted: true, submit: false },
  { state: 'document_photo', persisted: false, submit: true },
  { state: 'document_review', persisted: true, submit: false },
  { state: 'selfie', persisted: false, submit: false },
  { state: 'selfie_review', persisted: false, submit: false },
  { state: 'final', persisted: true, submit: false },
];

describe('persist and submit configuration', () => {
  test('the states, in journey order', () => {
    assert.deepEqual(STATES, TABLE.map((row) => row.state));
    assert.equal(kycMachine.config.initial, 'welcome');
    assert.equal(kycMachine.id, DEFINITION_ID);
    assert.equal(typeof DEFINITION_VERSION, 'number');
  });

  test('PERSIST_STATES = personal_details, document_selection, document_review, final', () => {
    assert.deepEqual(PERSIST_STATES, ['personal_details', 'document_selection', 'document_review', 'final']);
    assert.deepEqual(PERSIST_STATES, TABLE.filter((row) => row.persisted).map((row) => row.state));
  });

  test('SUBMIT_STATES = document_photo, left forward by the one SUBMIT_EVENT PHOTOS_SUBMITTED', () => {
    assert.deepEqual(SUBMIT_STATES, ['document_photo']);
    assert.deepEqual(SUBMIT_STATES, TABLE.filter((row) => row.submit).map((row) => row.state));
    assert.deepEqual(SUBMIT_EVENTS, ['PHOTOS_SUBMITTED']);
    // The submit event is the transition that leaves document_photo forward.
    const targets = kycMachine.states.document_photo.transitions.get('PHOTOS_SUBMITTED')?.flatMap((t) => t.target ?? []);
    assert.deepEqual(targets?.map((node) => node.key), ['document_review']);
    // And no other state handles it.
    for (const [name, node] of Object.entries(kycMachine.states)) {
      if (name !== 'document_photo') assert.equal(node.transitions.has('PHOTOS_SUBMITTED'), false, name);
    }
  });

  test('the flags are data on the state nodes (meta), not code', () => {
    for (const row of TABLE) {
      const meta = (kycMachine.states[row.state as keyof typeof kycMachine.states].config.meta ?? {}) as Record<string, unknown>;
      assert.equal(Boolean(meta.persist), row.persisted, `${row.state} persist`);
      assert.equal(Boolean(meta.submit), row.submit, `${row.state} submit`);
    }
  });

  test('every persisted state and the submit state lie on the forward path from welcome', () => {
    const forward = [
      { type: 'START' },
      { type: 'SUBMIT_DETAILS', applicant: ctx().applicant! },
      { type: 'SELECT_DOCUMENT', documentType: 'passport' },
      { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { 'passport/front': 'wf1.p' } },
      { type: 'CONFIRM_DOCUMENT' },
      { type: 'SELFIE_TAKEN', upload: 'wf1.s' },
      { type: 'CONFIRM_SELFIE' },
    ] as const;
    let snapshot = at('welcome', { uploads: {}, review: null });
    const visited = [String(snapshot.value)];
    for (const event of forward) {
      snapshot = step(snapshot, event);
      visited.push(String(snapshot.value));
    }
    assert.deepEqual(visited, STATES);
  });

  test('isKycState knows the eight states and nothing else', () => {
    for (const state of STATES) check(isKycState(state), state);
    for (const other of ['', 'done', 'FINAL', 'toString', undefined, 3]) assert.equal(isKycState(other), false, String(other));
  });
});

describe('agreement with workflow.md', { skip: existsSync(CONTRACT) ? false : `no contract at ${CONTRACT}` }, () => {
  const text = existsSync(CONTRACT) ? readFileSync(CONTRACT, 'utf8') : '';

  test('the applicant states table (persisted / submit columns) matches the definition', () => {
    const rows = [...text.matchAll(/^\| `([a-z_]+)` \|[^|]*\| (yes|no) \| (\*\*yes\*\*|yes|no) \|$/gm)].map((m) => ({
      state: m[1],
      persisted: m[2] === 'yes',
      submit: m[3] !== 'no',
    }));
    assert.deepEqual(rows, TABLE);
    assert.deepEqual(rows.map((r) => r.state), STATES);
    assert.deepEqual(rows.filter((r) => r.persisted).map((r) => r.state), PERSIST_STATES);
    assert.deepEqual(rows.filter((r) => r.submit).map((r) => r.state), SUBMIT_STATES);
  });

  test('the submit event named in the contract is the definition\'s', () => {
    check(text.includes('"type": "PHOTOS_SUBMITTED"'), 'workflow.md names PHOTOS_SUBMITTED');
    assert.deepEqual(SUBMIT_EVENTS, ['PHOTOS_SUBMITTED']);
  });

  test('the documents table matches the catalogue', () => {
    const rows = [...text.matchAll(/^\| `([a-z_]+)` \| (`[a-z]+`(?:, `[a-z]+`)*) \|$/gm)].map((m) => [
      m[1],
      m[2].split(', ').map((side) => side.replaceAll('`', '')),
    ]);
    assert.deepEqual(Object.fromEntries(rows), DOCUMENT_CATALOGUE);
  });
});
