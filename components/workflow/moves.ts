/**
 * Pure checks of a client's move against the statechart, for the BFF (and
 * for tests). No live actor: stored snapshots are restored with
 * `resolveState` and explored with `transition`.
 */
import { transition, type SnapshotFrom } from 'xstate';
import { documentItems, SELFIE } from './catalogue.js';
import {
  kycMachine,
  SUBMIT_EVENTS,
  type KycContext,
  type KycEvent,
  type KycState,
} from './machine.js';
import type { ApplicantContext } from './schemas.js';

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
  return found
    ? { ok: true, snapshot: found }
    : { ok: false, reason: `The workflow cannot move from "${stored.state}" to "${target.state}" with this data` };
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
  if (!found) return { ok: false, reason: `"${event.type}" is not allowed from "${stored.state}" with this data` };
  const [after] = transition(kycMachine, found, event);
  return { ok: true, snapshot: after };
}
