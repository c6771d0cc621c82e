/** The reviewers' routes: the queue, one case, assignment and the decision. */
import { Hono } from 'hono';
import { transition } from 'xstate';
import * as v from 'valibot';
import {
  DecisionItemSchema,
  documentItems,
  kycMachine,
  OUTCOMES,
  REJECT_REASON_CODES,
  restoreSnapshot,
  SELFIE,
  type Review,
} from '../../components/workflow/index.js';
import type { AuthVariables } from '../auth.js';
import { casesTopic, workflowTopic } from '../bus.js';
import type { Deps } from '../deps.js';
import { ApiProblem, badRequest, conflict, notFound, unprocessable } from '../problem.js';
import { openStream } from '../sse.js';
import { decodeCursor } from '../store/queue-order.js';
import { CASE_STATUSES, type WorkflowRecord } from '../store/types.js';
import { jsonBody, queryOf } from '../validate.js';
import { casePageText, caseView, workflowView } from '../views.js';
import { addToOutbox } from '../webhooks/outbox.js';
import { actorOf, hasRole } from '../reviewer-auth.js';
import { caseNotes } from './notes.js';
import { propose, secondStage } from './second-review.js';

const VersionSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

const ListQuery = v.strictObject({
  status: v.optional(v.picklist(CASE_STATUSES.filter((s) => s !== 'in_progress'), 'Unknown status')),
  q: v.optional(v.pipe(v.string(), v.maxLength(200, 'Search at most 200 characters'))),
  sort: v.optional(v.picklist(['submittedAt', '-submittedAt'], 'Sort by submittedAt or -submittedAt'), 'submittedAt'),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'limit must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(100, 'limit is at most 100')),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512), v.check((c) => decodeCursor(c) !== undefined, 'Unknown cursor'))),
});

const reason = v.pipe(v.string(), v.trim(), v.maxLength(1000, 'Reason at most 1000 characters'));

const DecisionBody = v.pipe(
  v.strictObject({
    outcome: v.picklist(OUTCOMES, 'outcome is approve, reject or request_resubmission'),
    reason: v.optional(v.nullable(reason)),
    reasonCode: v.optional(v.picklist(REJECT_REASON_CODES, 'Unknown reason code')),
    items: v.optional(v.pipe(v.array(DecisionItemSchema), v.maxLength(3))),
    version: VersionSchema,
  }),
  v.check((body) => body.outcome !== 'reject' || !!body.reason || !!body.reasonCode, 'A rejection needs a reason'),
  v.check((body) => body.outcome === 'reject' || !body.reasonCode, 'Only a rejection has a reasonCode (items carry their own)'),
  v.check((body) => body.outcome !== 'request_resubmission' || !!body.items?.length, 'A resubmission request needs at least one item'),
  v.check((body) => body.outcome === 'request_resubmission' || !body.items?.length, 'Only a resubmission request names items'),
);

const AssignmentBody = v.strictObject({
  version: VersionSchema,
  /** Admins only: hand the case to this reviewer id (default: yourself). */
  assignee: v.optional(v.pipe(v.string(), v.regex(/^[\p{L}\p{N}_.@|:+-]{1,128}$/u, 'assignee must be a reviewer id'))),
});

export function cases(deps: Deps) {
  const { store, bus, auth } = deps;

  async function loadCase(id: string): Promise<WorkflowRecord> {
    const record = await store.get(id);
    // Never-submitted workflows are the applicant's alone.
    if (!record || record.status === 'in_progress') throw notFound('No such case');
    return record;
  }

  function announce(record: WorkflowRecord, caseEvent: string) {
    bus.publish(casesTopic, { event: caseEvent, data: store.summaryOf(record) });
  }

  return new Hono<{ Variables: AuthVariables }>()
    .use(auth.reviewer)
    .get('/', queryOf(ListQuery), async (c) => {
      const query = c.req.valid('query');
      // Each summary's JSON text is kept per summary version (views.ts).
      return c.body(casePageText(store, await store.listCases({ ...query, limit: Number(query.limit) })), 200, { 'Content-Type': 'application/json' });
    })
    .get('/stream', (c) => openStream(c, deps, casesTopic))
    .get('/:id', async (c) => c.json(caseView(store, await loadCase(c.req.param('id')))))

    .post('/:id/assignment', jsonBody(AssignmentBody), async (c) => {
      const id = c.req.param('id');
      const me = c.get('caller');
      if (me.kind !== 'reviewer') throw new ApiProblem(403, 'Reviewers only');
      const { version, assignee = me.name } = c.req.valid('json');
      // Only an admin reassigns: to someone else, or away from someone else.
      const admin = hasRole(me.roles, 'kyc:admin');
      if (assignee !== me.name && !admin) throw new ApiProblem(403, 'Only an admin may assign a case to someone else');
      const before = await loadCase(id);
      if (before.version !== version) throw conflict('The case changed since you opened it', before.version);
      if (before.status !== 'pending_review') throw conflict(`Only cases pending review can be claimed; this one is ${before.status}`, before.version);
      if (before.assignee && before.assignee !== me.name && !admin) throw conflict(`${before.assignee} is already working on this case`, before.version);
      const record = await store.update(id, version, (next) => {
        const from = next.assignee;
        next.assignee = assignee;
        next.history.push({ at: new Date().toISOString(), actor: actorOf(me), action: from && from !== assignee ? 'reassigned' : 'assigned', details: { assignee, ...(from && from !== assignee ? { from } : {}) } });
        return next;
      });
      announce(record, 'case.updated');
      return c.json(caseView(store, record));
    })

    .delete('/:id/assignment', async (c) => {
      const id = c.req.param('id');
      const me = c.get('caller');
      if (me.kind !== 'reviewer') throw new ApiProblem(403, 'Reviewers only');
      const before = await loadCase(id);
      const admin = hasRole(me.roles, 'kyc:admin');
      if (!before.assignee || (before.assignee !== me.name && !admin))
        throw conflict(before.assignee ? `Only ${before.assignee} (or an admin) can release this case` : 'Nobody holds this case', before.version);
      const record = await store.update(id, before.version, (next) => {
        const held = next.assignee;
        next.assignee = null;
        next.history.push({ at: new Date().toISOString(), actor: actorOf(me), action: 'released', ...(held !== me.name ? { details: { from: held } } : {}) });
        return next;
      });
      announce(record, 'case.updated');
      return c.json(caseView(store, record));
    })

    .post('/:id/decision', secondStage(deps), jsonBody(DecisionBody), async (c) => {
      const id = c.req.param('id');
      const me = c.get('caller');
      if (me.kind !== 'reviewer') throw new ApiProblem(403, 'Reviewers only');
      const body = c.req.valid('json');
      const before = await loadCase(id);
      if (before.version !== body.version) throw conflict('The case changed since you opened it', before.version);
      if (before.status !== 'pending_review') throw conflict(`This case is already ${before.status.replace('_', ' ')}`, before.version);
      if (before.assignee && before.assignee !== me.name) throw conflict(`${before.assignee} is working on this case`, before.version);
      const items = body.items ?? [];
      const allowed = new Set<string>([...(before.context.documentType ? documentItems(before.context.documentType) : []), SELFIE]);
      const foreign = items.filter((item) => !allowed.has(item.document));
      if (foreign.length)
        throw unprocessable('Items must be sides of this case’s document or the selfie', foreign.map((item) => ({ path: 'items', message: `${item.document} is not part of this case` })));
      if (new Set(items.map((item) => item.document)).size !== items.length) throw badRequest('Each item at most once');

      const review: Review = { outcome: body.outcome, reason: body.reason || null, ...(body.reasonCode && { reasonCode: body.reasonCode }), items: items as Review['items'] };
      const snapshot = restoreSnapshot(before);
      const event = { type: 'REVIEW_DECIDED', review } as const;
      if (!snapshot.can(event)) throw conflict('The workflow is not waiting for a decision', before.version);
      if (deps.config.fourEyes.includes(body.outcome)) return c.json(caseView(store, await propose(deps, id, body.version, me, review)));
      const [after] = transition(kycMachine, snapshot, event);

      const status = body.outcome === 'approve' ? 'approved' : body.outcome === 'reject' ? 'rejected' : 'resubmission_requested';
      const record = await store.update(id, body.version, (next) => {
        if (next.status !== 'pending_review') throw conflict(`This case is already ${next.status}`, next.version);
        const at = new Date().toISOString();
        next.context = after.context;
        next.status = status;
        next.assignee = null;
        next.decision = { ...review, decidedAt: at, reviewer: me.name };
        next.returned = null;
        next.history.push({ at, actor: actorOf(me), action: 'decided', from: 'pending_review', to: status, details: { outcome: review.outcome, reason: review.reason, reasonCode: review.reasonCode, items: review.items } });
        addToOutbox(deps.config, next, 'workflow.decided'); // in this same write: a 2xx means the webhook is durable
        return next;
      });
      deps.webhooks?.take(record);
      bus.publish(workflowTopic(id), { event: 'workflow.decided', data: workflowView(record) });
      announce(record, 'case.decided');
      return c.json(caseView(store, record));
    })
    .route('/:id/notes', caseNotes(deps));
}
