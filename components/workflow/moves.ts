/**
 * Pure checks of a client's move against the statechart, for the BFF (and
 * for tests). No live actor: stored snapshots are restored with
 * `resolveState` and explored with `transition`.
 */
import { transition, type SnapshotFrom } from 'xstate';
import { documentItems, sidesOf, SELFIE, type DocumentType } from './catalogue.js';
import {
  kycMachine,
  SUBMIT_EVENTS,
  type KycContext,
  type KycEvent,
  type KycState,
} from './machine.js';
import * as v from 'valibot';
import { ApplicantSchema, type ApplicantContext, type Uploads } from './schemas.js';

export type KycSnapshot = SnapshotFrom<typeof kycMachine>;

export interface StoredWorkflowState {
  state: KycState;
  context: KycContext;
}

/** The longest chain of unpersisted steps a client may take between two saves. */
const MAX_STEPS = 8;

export function restoreSnapshot(stored: StoredWorkflowState): KycSnapshot {
  return kycMachine.resolveState({ value: stored.state, context: stored.context });
}

export function initialContext(): KycContext {
  return { uploads: {}, review: null };
}

/** The fields a client owns, without undefined keys (what a PUT carries). */
export function applicantContextOf(context: KycContext): ApplicantContext {
  const { applicant, documentType, issuingCountry, uploads } = context;
  return stripUndefined({ applicant, documentType, issuingCountry, uploads: { ...uploads } }) as ApplicantContext;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Stable JSON for comparing contexts (key order ignored). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

/** Every event a client could have sent on its way, carrying the data it claims to have. */
function candidateEvents(goal: Partial<ApplicantContext>, from: KycContext): KycEvent[] {
  const events: KycEvent[] = [
    { type: 'START' },
    { type: 'BACK' },
    { type: 'CONFIRM_DOCUMENT' },
    { type: 'RETAKE_SELFIE' },
    { type: 'CONFIRM_SELFIE' },
    { type: 'RESUBMIT' },
  ];
  if (goal.applicant) events.push({ type: 'SUBMIT_DETAILS', applicant: goal.applicant });
  if (goal.documentType)
    events.push({ type: 'SELECT_DOCUMENT', documentType: goal.documentType, issuingCountry: goal.issuingCountry });
  const type = from.documentType ?? goal.documentType;
  if (type) for (const item of documentItems(type)) events.push({ type: 'RETAKE', item });
  // Sides photographed since the last save (then Back, say): the route checks that each upload is this workflow's.
  for (const documentType of new Set([from.documentType, goal.documentType])) {
    if (!documentType) continue;
    for (const item of documentItems(documentType)) {
      const upload = goal.uploads?.[item];
      if (upload) events.push({ type: 'PHOTO_TAKEN', item, upload });
    }
  }
  if (goal.uploads?.[SELFIE]) events.push({ type: 'SELFIE_TAKEN', upload: goal.uploads[SELFIE] });
  return events;
}

/**
 * Searches the statechart for a path from the stored snapshot to `accept`,
 * through unpersisted states only, using only data the client claims.
 * Submit events are never taken here: they must come through `applyEvent`.
 */
function search(
  start: KycSnapshot,
  goal: Partial<ApplicantContext>,
  accept: (snapshot: KycSnapshot) => boolean,
  isPersisted: (state: KycState) => boolean,
): KycSnapshot | undefined {
  const seen = new Set<string>();
  let frontier = [start];
  for (let depth = 0; depth <= MAX_STEPS && frontier.length; depth++) {
    const next: KycSnapshot[] = [];
    for (const snapshot of frontier) {
      if (accept(snapshot)) return snapshot;
      // Passing through a persisted state means the client skipped a save.
      if (depth > 0 && isPersisted(snapshot.value as KycState)) continue;
      for (const event of candidateEvents(goal, snapshot.context)) {
        if (SUBMIT_EVENTS.includes(event.type) || !snapshot.can(event)) continue;
        const [after] = transition(kycMachine, snapshot, event);
        const key = `${String(after.value)}|${canonical(after.context)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(after);
      }
    }
    frontier = next;
  }
  return undefined;
}

export type MoveCheck = { ok: true; snapshot: KycSnapshot } | { ok: false; reason: string };

/**
 * May the stored snapshot become `target` (a persisted state with the
 * client's context)? Returns the snapshot the machine computes, whose
 * context is what gets stored.
 */
export function checkSnapshotMove(
  stored: StoredWorkflowState,
  target: { state: KycState; context: ApplicantContext },
  persistStates: readonly KycState[],
): MoveCheck {
  if (!persistStates.includes(target.state)) return { ok: false, reason: `"${target.state}" is not a persisted state` };
  const want = canonical(target.context);
  const found = search(
    restoreSnapshot(stored),
    target.context,
    (s) => s.value === target.state && canonical(applicantContextOf(s.context)) === want,
    (state) => persistStates.includes(state),
  );
  if (found) return { ok: true, snapshot: found };
  const why = explainMove(stored, target, persistStates);
  return { ok: false, reason: `The workflow cannot move from "${stored.state}" to "${target.state}" with this data${why.length ? `: ${why.join('; ')}` : ''}` };
}

/** May the client send this submit event from where it stands (through unpersisted states)? */
export function checkSubmitEvent(
  stored: StoredWorkflowState,
  event: KycEvent,
  persistStates: readonly KycState[],
): MoveCheck {
  if (!SUBMIT_EVENTS.includes(event.type)) return { ok: false, reason: `"${event.type}" is not an event the BFF takes` };
  const goal: Partial<ApplicantContext> =
    event.type === 'PHOTOS_SUBMITTED'
      ? { documentType: event.documentType, issuingCountry: event.issuingCountry }
      : {};
  const found = search(restoreSnapshot(stored), goal, (s) => s.can(event), (state) => persistStates.includes(state));
  if (!found) {
    const why = explainEvent(stored, event, goal, persistStates);
    return { ok: false, reason: `"${event.type}" is not allowed from "${stored.state}" with this data${why.length ? `: ${why.join('; ')}` : ''}` };
  }
  const [after] = transition(kycMachine, found, event);
  return { ok: true, snapshot: after };
}

/*
 * Why a move was refused, for the client's developer: the check above stays
 * as it is (a search for a path); these only run after a refusal and name
 * what differs, field by field, or which guard's data is missing.
 */

/** A value as a reason shows it: text bare, anything else as JSON. */
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** `applicant.firstName`, `documentType`, `uploads.id_card/back`, …: each field of a client context and its value. */
function fieldsOf(context: Partial<ApplicantContext>): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if ((key === 'applicant' || key === 'uploads') && value && typeof value === 'object')
      for (const [inner, innerValue] of Object.entries(value)) {
        if (innerValue !== undefined) fields.set(`${key}.${inner}`, innerValue);
      }
    else fields.set(key, value);
  }
  return fields;
}

/** "issuingCountry: stored GB, not sent", one line per field that differs. */
function differences(stored: Partial<ApplicantContext>, sent: Partial<ApplicantContext>): string[] {
  const have = fieldsOf(stored);
  const got = fieldsOf(sent);
  const lines: string[] = [];
  for (const field of new Set([...have.keys(), ...got.keys()])) {
    const a = have.get(field);
    const b = got.get(field);
    if (canonical(a) === canonical(b)) continue;
    if (b === undefined) lines.push(`${field}: stored ${shown(a)}, not sent`);
    else if (a === undefined) lines.push(`${field}: sent ${shown(b)}, not stored`);
    else lines.push(`${field}: stored ${shown(a)}, sent ${shown(b)}`);
  }
  return lines;
}

/** "the back side of id_card has no upload", for each item of the document (and the selfie, if asked) without one. */
function missingUploads(documentType: DocumentType | undefined, uploads: Uploads, selfie: boolean): string[] {
  if (!documentType) return ['no document type is chosen'];
  const lines = sidesOf(documentType)
    .filter((side) => !uploads[`${documentType}/${side}` as keyof Uploads])
    .map((side) => `the ${side} side of ${documentType} has no upload`);
  if (selfie && !uploads[SELFIE]) lines.push('the selfie has no upload');
  return lines;
}

type TransitionConfig = { target?: string; guard?: string };
const machineStates = (kycMachine.config as unknown as { states: Record<string, { on?: Record<string, string | TransitionConfig | TransitionConfig[]> }> }).states;

/** Every transition of the machine: from, event, to, guard. */
const TRANSITIONS = Object.entries(machineStates).flatMap(([from, node]) =>
  Object.entries(node.on ?? {}).flatMap(([event, config]) =>
    (Array.isArray(config) ? config : [config]).map((t) => (typeof t === 'string' ? { from, event, to: t, guard: undefined } : { from, event, to: t.target ?? from, guard: t.guard })),
  ),
);

/** What a guard needs that `context` (with the client's data) lacks; empty when it has it. */
function guardNeeds(guard: string, context: KycContext, sent: Partial<ApplicantContext>): string[] {
  switch (guard) {
    case 'hasEverythingForReview':
      return missingUploads(context.documentType, context.uploads, true);
    case 'hasCompleteDetails': {
      if (!sent.applicant) return ['applicant: not sent'];
      const parsed = v.safeParse(ApplicantSchema, sent.applicant);
      return parsed.success ? [] : parsed.issues.map((issue) => `applicant.${v.getDotPath(issue) ?? ''}: ${issue.message}`);
    }
    case 'isNotResubmitting':
      return context.review == null ? [] : ['a reviewer asked for new uploads: the document choice cannot be reopened'];
    case 'resubmissionNeedsDocument':
    case 'resubmissionNeedsSelfieOnly':
      return context.review?.outcome === 'request_resubmission' ? [] : ['no resubmission was requested'];
    default:
      return [];
  }
}

/**
 * Why `checkSnapshotMove` found no path. If the target state can be reached
 * with the client's data, the fields in which the nearest such snapshot
 * differs from what was sent; otherwise the data a guard on the way in lacks.
 */
function explainMove(
  stored: StoredWorkflowState,
  target: { state: KycState; context: ApplicantContext },
  persistStates: readonly KycState[],
): string[] {
  const inTarget: KycSnapshot[] = [];
  search(restoreSnapshot(stored), target.context, (s) => (s.value === target.state && inTarget.push(s), false), (state) => persistStates.includes(state));
  if (inTarget.length) {
    const options = inTarget.map((s) => differences(applicantContextOf(s.context), target.context));
    return options.reduce((best, lines) => (lines.length < best.length ? lines : best));
  }
  // The client's data reaches no snapshot in the target state: what do the ways in need?
  // The context the move would store: the stored one with the client's fields (a PUT carries all its uploads).
  const merged: KycContext = { ...stored.context, ...target.context };
  const lines = new Set<string>();
  for (const way of TRANSITIONS.filter((t) => t.to === target.state && t.from !== target.state)) {
    if (SUBMIT_EVENTS.includes(way.event as KycEvent['type'])) lines.add(`"${target.state}" is entered only by the ${way.event} event, not by saving a snapshot`);
    else if (way.guard) for (const line of guardNeeds(way.guard, merged, target.context)) lines.add(line);
  }
  return [...lines];
}

/** Why `checkSubmitEvent` found no snapshot that takes the event. */
function explainEvent(stored: StoredWorkflowState, event: KycEvent, goal: Partial<ApplicantContext>, persistStates: readonly KycState[]): string[] {
  const from = TRANSITIONS.filter((t) => t.event === event.type).map((t) => t.from);
  const able: KycSnapshot[] = [];
  search(restoreSnapshot(stored), goal, (s) => (from.includes(String(s.value)) && able.push(s), false), (state) => persistStates.includes(state));
  if (!able.length) return [`${event.type} is sent from "${from.join('" or "')}", which this workflow cannot reach from "${stored.state}" with this data`];
  if (event.type !== 'PHOTOS_SUBMITTED') return [];
  const lines = new Set<string>();
  for (const s of able) {
    if (s.context.documentType !== event.documentType) lines.add(`documentType: stored ${shown(s.context.documentType ?? 'none')}, sent ${event.documentType}`);
    else for (const line of missingUploads(event.documentType, event.uploads, false)) lines.add(line);
  }
  return [...lines];
}
