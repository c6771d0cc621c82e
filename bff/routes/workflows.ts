/** The applicant's routes: one workflow, opened by its own token. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  APPLICANT_STATUS,
  ApplicantContextSchema,
  checkSnapshotMove,
  checkSubmitEvent,
  CountrySchema,
  DEFINITION_VERSION,
  DocumentTypeSchema,
  initialContext,
  PERSIST_STATES,
  STATES,
  UploadsSchema,
  type KycState,
  type Uploads,
} from '../../components/workflow/index.js';
import type { AuthVariables } from '../auth.js';
import { hashToken, newToken } from '../auth.js';
import { casesTopic, workflowTopic } from '../bus.js';
import type { Deps } from '../deps.js';
import { ApiProblem, conflict, forbidden, notFound, unauthorized, unprocessable } from '../problem.js';
import { openStream } from '../sse.js';
import { MAX_UPLOADS_IN_FLIGHT, receiveUpload } from '../uploads/receive.js';
import type { CaseStatus, HistoryEntry, WorkflowRecord } from '../store/types.js';
import { jsonBody } from '../validate.js';
import { workflowView, workflowViewText } from '../views.js';
import { addToOutbox } from '../webhooks/outbox.js';

const VersionSchema = v.pipe(v.number('version must be a number'), v.integer('version must be a whole number'), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

const SnapshotBody = v.strictObject({
  state: v.picklist(STATES, 'Unknown state'),
  context: ApplicantContextSchema,
  version: VersionSchema,
});

const PhotosSubmittedBody = v.strictObject({
  type: v.literal('PHOTOS_SUBMITTED', 'The only event the BFF takes is PHOTOS_SUBMITTED'),
  documentType: DocumentTypeSchema,
  issuingCountry: v.optional(CountrySchema),
  uploads: UploadsSchema,
  version: VersionSchema,
});

const UPLOADABLE: CaseStatus[] = ['in_progress', 'resubmission_requested'];

export { MAX_UPLOADS_IN_FLIGHT, MAX_UPLOADS_PER_ITEM } from '../uploads/receive.js';

/** How long a "continue on another device" code can be redeemed. */
export const HANDOFF_TTL_MS = 10 * 60_000;

const HandoffRedeemBody = v.strictObject({
  workflowId: v.pipe(v.string('workflowId must be a string'), v.minLength(1), v.maxLength(64)),
  code: v.pipe(v.string('code must be a string'), v.minLength(1), v.maxLength(256)),
});

/**
 * Per app (its deps): workflow id → the close functions of its open applicant
 * streams. A hand-off replaces the token, and every stream open at that moment
 * was opened with the old one: they are ended, so the old device hears nothing
 * more (and cannot reconnect: its token is gone).
 */
const applicantStreams = new WeakMap<Deps, Map<string, Set<() => void>>>();

function streamsOf(deps: Deps): Map<string, Set<() => void>> {
  let map = applicantStreams.get(deps);
  if (!map) applicantStreams.set(deps, (map = new Map()));
  return map;
}

/** A `streams` set for openStream that also files each stream under its workflow. */
function streamsFor(deps: Deps, id: string): Set<() => void> {
  const all = deps.streams;
  const byWorkflow = streamsOf(deps);
  return new (class extends Set<() => void> {
    override add(close: () => void) {
      all.add(close);
      let own = byWorkflow.get(id);
      if (!own) byWorkflow.set(id, (own = new Set()));
      own.add(close);
      return this;
    }
    override delete(close: () => void) {
      const own = byWorkflow.get(id);
      own?.delete(close);
      if (own && !own.size) byWorkflow.delete(id);
      return all.delete(close);
    }
  })();
}

/** Constant-time comparison of two hex digests. */
function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const now = () => new Date().toISOString();

/** Every upload a client names must be a document of this workflow, of that very item. */
function checkUploadsBelong(record: WorkflowRecord, uploads: Uploads): void {
  const wrong = Object.entries(uploads).filter(([item, id]) => {
    const document = record.documents.find((d) => d.id === id);
    return !document || (document.side ? `${document.type}/${document.side}` : document.type) !== item;
  });
  if (wrong.length)
    throw unprocessable(
      'Uploads must be documents of this workflow, each for the item it names',
      wrong.map(([item]) => ({ path: `uploads.${item}`, message: 'Not an upload of this workflow for this item' })),
    );
}

/**
 * After a resubmission request, each requested item the client names must be a new upload:
 * one whose `document_uploaded` entry comes after the last `decided` entry in the history.
 * History order, not timestamps: a wall clock stepped back would make every new upload look old.
 */
function checkRedone(record: WorkflowRecord, uploads: Uploads): void {
  if (record.status !== 'resubmission_requested' || !record.decision) return;
  const { items } = record.decision;
  const decided = record.history.findLastIndex((entry) => entry.action === 'decided');
  const uploadedAfter = new Set(
    record.history.slice(decided + 1).flatMap((entry) => (entry.action === 'document_uploaded' ? [entry.details?.document] : [])),
  );
  const stale = items.filter(({ document: item }) => {
    const document = record.documents.find((d) => d.id === uploads[item]);
    return document !== undefined && !uploadedAfter.has(document.id);
  });
  if (stale.length)
    throw unprocessable(
      'The reviewer asked for these items again: upload new ones',
      stale.map(({ document: item }) => ({ path: `uploads.${item}`, message: 'Already reviewed: upload a new version' })),
    );
}

/** Pending review, approved or rejected: the applicant changes nothing (a no-op re-save would still bump the version under the reviewer). */
function refuseWhileClosed(record: WorkflowRecord): void {
  // Worded as the applicant knows the case (a proposal awaiting its second reviewer is still "pending review").
  if (!UPLOADABLE.includes(record.status)) throw conflict(`The case is ${APPLICANT_STATUS[record.status].replace('_', ' ')}; it cannot change now`, record.version);
}

/**
 * What one applicant may add to a workflow's history (KYC_MAX_HISTORY_PER_ACTOR): a real
 * journey, resubmissions included, writes a few dozen entries; a loop would grow it (and every
 * later write of the record) without end.
 */
function refuseHistoryFlood(record: WorkflowRecord, max: number): void {
  let own = 0;
  for (const entry of record.history) if (entry.actor.kind === 'applicant') own++;
  if (own >= max) throw new ApiProblem(429, `This workflow has recorded ${own} changes by the applicant, the most it keeps.`, { retryAfter: 3600 });
}

/** Hand-off codes one workflow may create per HANDOFF_WINDOW_MS (KYC_HANDOFFS_PER_10_MIN). */
export const HANDOFF_WINDOW_MS = 10 * 60_000;

function refuseHandoffFlood(record: WorkflowRecord, max: number): void {
  const since = Date.now() - HANDOFF_WINDOW_MS;
  const recent = record.history.filter((entry) => entry.action === 'handoff_created' && Date.parse(entry.at) > since);
  if (recent.length >= max) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(recent[0].at) + HANDOFF_WINDOW_MS - Date.now()) / 1000));
    throw new ApiProblem(429, `At most ${max} hand-off links per ${HANDOFF_WINDOW_MS / 60_000} minutes; use the last one.`, { retryAfter });
  }
}

function refuseOldDefinition(record: WorkflowRecord): void {
  if (record.definitionVersion !== DEFINITION_VERSION)
    throw conflict(`This workflow was stored by definition version ${record.definitionVersion}; it cannot be continued by version ${DEFINITION_VERSION}`);
}

export function workflows(deps: Deps) {
  const { store, bus, auth, limiter, config } = deps;

  const applicantActor = (id: string): HistoryEntry['actor'] => ({ kind: 'applicant', id });

  /** Workflow id → its uploads in flight (taken before the body is read). */
  const uploading = new Map<string, number>();

  /** After any change: tell the applicant's open streams and, for listed cases, the queue. */
  function announce(record: WorkflowRecord, event: 'workflow.updated' | 'workflow.decided', caseEvent?: string) {
    bus.publish(workflowTopic(record.id), { event, data: workflowView(record) });
    if (caseEvent) bus.publish(casesTopic, { event: caseEvent, data: store.summaryOf(record) });
  }

  async function load(id: string): Promise<WorkflowRecord> {
    const record = await store.get(id);
    if (!record) throw notFound('No such workflow');
    return record;
  }


  return new Hono<{ Variables: AuthVariables }>()
    .post('/', jsonBody(v.strictObject({})), async (c) => {
      if (!config.publicStart) throw forbidden('Checks start from the integrator’s server here (POST /applicants)');
      limiter.check(c, 'workflow-create');
      limiter.hit(c, 'workflow-create');
      const token = newToken();
      const at = now();
      const record: WorkflowRecord = {
        id: randomBytes(16).toString('base64url'),
        tokenHash: hashToken(token),
        definitionVersion: DEFINITION_VERSION,
        status: 'in_progress',
        state: STATES[0],
        context: initialContext(),
        decision: null,
        version: 1,
        createdAt: at,
        updatedAt: at,
        submittedAt: null,
        assignee: null,
        documents: [],
        history: [{ at, actor: { kind: 'system', id: 'bff' }, action: 'created', to: STATES[0] }],
      };
      await store.create(record);
      return c.json({ id: record.id, token, status: record.status, state: record.state, version: record.version }, 201);
    })

    .get('/:id', auth.applicant, async (c) => {
      // Kept text per record version (views.ts): an unchanged workflow is neither read nor stringified again.
      const text = await workflowViewText(store, c.req.param('id'));
      if (text === undefined) throw notFound('No such workflow');
      return c.body(text, 200, { 'Content-Type': 'application/json' });
    })

    // The checks run inside update(), under the workflow's lock and against the very record the change
    // applies to: one read per write, and no window between checking and writing. A stale version is
    // the store's VersionConflict (409 with the current version), an unknown id its WorkflowNotFound (404).
    .put('/:id/snapshot', auth.applicant, jsonBody(SnapshotBody), async (c) => {
      const id = c.req.param('id');
      const body = c.req.valid('json');
      const uploads = body.context.uploads ?? {};
      let entersFinal = false;
      const record = await store.update(id, body.version, (next) => {
        refuseOldDefinition(next);
        refuseWhileClosed(next);
        refuseHistoryFlood(next, config.maxHistoryPerActor);
        checkUploadsBelong(next, uploads);
        const check = checkSnapshotMove(next, { state: body.state as KycState, context: body.context }, PERSIST_STATES);
        if (!check.ok) throw unprocessable(check.reason);
        // A selfie-only resubmission goes final → selfie → final between two saves: it re-enters
        // final when the machine passed through the selfie again (CONFIRM_SELFIE clears the review).
        entersFinal =
          body.state === 'final' &&
          (next.state !== 'final' || (next.status === 'resubmission_requested' && check.snapshot.context.review === null));
        const resubmitted = entersFinal && next.status === 'resubmission_requested';
        if (resubmitted) checkRedone(next, uploads);
        const at = now();
        next.history.push({ at, actor: applicantActor(id), action: 'progressed', from: next.state, to: body.state });
        next.state = body.state as KycState;
        next.context = check.snapshot.context;
        if (entersFinal) {
          next.status = 'pending_review';
          next.submittedAt = at;
          next.assignee = null;
          next.decision = null; // the earlier decision stays in the history
          next.history.push({ at, actor: applicantActor(id), action: resubmitted ? 'resubmitted' : 'submitted', to: 'pending_review' });
          addToOutbox(config, next, 'workflow.submitted'); // in this same write
        }
        return next;
      });
      if (entersFinal) deps.webhooks?.take(record);
      announce(record, 'workflow.updated', entersFinal ? 'case.submitted' : undefined);
      return c.json({ version: record.version });
    })

    .post('/:id/events', auth.applicant, jsonBody(PhotosSubmittedBody), async (c) => {
      const id = c.req.param('id');
      const { version, ...event } = c.req.valid('json');
      const record = await store.update(id, version, (next) => {
        refuseOldDefinition(next);
        refuseWhileClosed(next);
        refuseHistoryFlood(next, config.maxHistoryPerActor);
        checkUploadsBelong(next, event.uploads);
        checkRedone(next, event.uploads);
        const check = checkSubmitEvent(next, event, PERSIST_STATES);
        if (!check.ok) throw unprocessable(check.reason);
        const to = String(check.snapshot.value) as KycState;
        next.history.push({
          at: now(),
          actor: applicantActor(id),
          action: 'progressed',
          from: next.state,
          to,
          details: { event: event.type, documentType: event.documentType, uploads: event.uploads },
        });
        next.state = to;
        next.context = check.snapshot.context;
        return next;
      });
      announce(record, 'workflow.updated', record.status === 'in_progress' ? undefined : 'case.updated');
      return c.json({ version: record.version });
    })

    .post(
      '/:id/documents',
      auth.applicant,
      async (c, next) => {
        const id = c.req.param('id');
        const count = uploading.get(id) ?? 0;
        if (count >= MAX_UPLOADS_IN_FLIGHT)
          throw new ApiProblem(429, `At most ${MAX_UPLOADS_IN_FLIGHT} uploads of one workflow at a time; try again when one has finished.`, { retryAfter: 5 });
        uploading.set(id, count + 1);
        try {
          await next();
        } finally {
          const left = (uploading.get(id) ?? 1) - 1;
          if (left > 0) uploading.set(id, left);
          else uploading.delete(id);
        }
      },
      receiveUpload(deps, (record) => announce(record, 'workflow.updated')),
    )

    .get('/:id/stream', auth.applicant, async (c) => {
      const id = c.req.param('id');
      await load(id);
      return openStream(c, { bus, config, streams: streamsFor(deps, id) }, workflowTopic(id));
    })

    /**
     * "Continue on another device": a one-time code (192 random bits, stored only
     * as its hash, valid for HANDOFF_TTL_MS) replacing any earlier one. The code
     * travels in the link's fragment; `POST /handoffs` trades it for a new token.
     * Only while the applicant can still work on the workflow (in progress, or asked to
     * resubmit): a case awaiting or past a decision is the reviewers', and a hand-off must
     * not move the version they decide against. At most KYC_HANDOFFS_PER_10_MIN per workflow.
     */
    .post('/:id/handoff', auth.applicant, jsonBody(v.strictObject({})), async (c) => {
      const id = c.req.param('id');
      const code = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + HANDOFF_TTL_MS).toISOString();
      const record = await store.update(id, undefined, (next) => {
        refuseWhileClosed(next);
        refuseHandoffFlood(next, config.handoffsPerWindow);
        refuseHistoryFlood(next, config.maxHistoryPerActor);
        next.handoff = { codeHash: hashToken(code), expiresAt };
        next.history.push({ at: now(), actor: applicantActor(id), action: 'handoff_created', details: { expiresAt } });
        return next;
      });
      announce(record, 'workflow.updated', record.status === 'in_progress' ? undefined : 'case.updated');
      return c.json({ code, expiresAt, version: record.version }, 201);
    });
}

/**
 * `POST /handoffs` (no credentials): redeems a hand-off code once, before it
 * expires, for a NEW applicant token; the old token stops working at once and
 * the streams opened with it end. A wrong, used or expired code counts as a
 * failed authentication for the rate limiter.
 */
export function handoffs(deps: Deps) {
  const { store, bus, limiter } = deps;
  return new Hono().post('/', jsonBody(HandoffRedeemBody), async (c) => {
    limiter.check(c, 'auth-failure');
    const { workflowId, code } = c.req.valid('json');
    const codeHash = hashToken(code);
    const refuse = (problem: ApiProblem) => {
      limiter.hit(c, 'auth-failure');
      return problem;
    };
    const before = await store.get(workflowId);
    if (!before?.handoff || !sameHash(before.handoff.codeHash, codeHash)) throw refuse(unauthorized('This link is not valid, or was already used'));
    const token = newToken();
    let record: WorkflowRecord;
    try {
      record = await store.update(workflowId, undefined, (next) => {
        // Checked again under the workflow's lock: of two redemptions at once, one wins.
        if (!next.handoff || !sameHash(next.handoff.codeHash, codeHash)) throw unauthorized('This link is not valid, or was already used');
        if (Date.parse(next.handoff.expiresAt) <= Date.now()) throw new ApiProblem(410, 'This link has expired');
        next.handoff = null;
        next.tokenHash = hashToken(token);
        next.history.push({ at: now(), actor: { kind: 'applicant', id: workflowId }, action: 'handed_off' });
        return next;
      });
    } catch (error) {
      throw error instanceof ApiProblem ? refuse(error) : error;
    }
    // Every stream open now was opened with the old token (the new one was never used yet). Nothing is
    // published on the workflow's topic: only those streams would hear it.
    for (const close of [...(streamsOf(deps).get(workflowId) ?? [])]) close();
    if (record.status !== 'in_progress') bus.publish(casesTopic, { event: 'case.updated', data: store.summaryOf(record) });
    return c.json({ id: record.id, token, status: APPLICANT_STATUS[record.status], state: record.state, version: record.version }, 201);
  });
}
