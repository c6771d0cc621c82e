/**
 * Four eyes (reviewers.md § Two-stage decisions): a decision whose outcome is
 * on KYC_FOUR_EYES becomes a proposal (status pending_second_review), and a
 * senior or admin who did not write it confirms or returns it through the
 * same POST /cases/:id/decision.
 */
import type { Context, Next } from 'hono';
import { transition } from 'xstate';
import * as v from 'valibot';
import { kycMachine, restoreSnapshot, SECOND_REVIEW_OUTCOMES, STATUS_AFTER_DECISION, type Review } from '../../components/workflow/index.js';
import type { AuthVariables } from '../auth.js';
import { casesTopic, workflowTopic } from '../bus.js';
import type { Deps } from '../deps.js';
import { ApiProblem, conflict, forbidden, notFound } from '../problem.js';
import { actorOf, hasRole, type ReviewerCaller } from '../reviewer-auth.js';
import type { ReviewerRef, WorkflowRecord } from '../store/types.js';
import { parseWith } from '../validate.js';
import { addToOutbox } from '../webhooks/outbox.js';
import { caseView, workflowView } from '../views.js';

const SecondReviewBody = v.pipe(
  v.strictObject({
    outcome: v.picklist(SECOND_REVIEW_OUTCOMES, 'outcome is confirm or return on a case waiting for a second review'),
    reason: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(1000, 'Reason at most 1000 characters')))),
    version: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  }),
  v.check((body) => body.outcome !== 'return' || !!body.reason, 'Returning a proposal needs a reason'),
);

export const refOf = (me: ReviewerCaller): ReviewerRef => ({ id: me.name, name: me.displayName });

/** Records `review` as a proposal instead of deciding it; the applicant hears nothing. */
export async function propose(deps: Deps, id: string, version: number, me: ReviewerCaller, review: Review): Promise<WorkflowRecord> {
  const record = await deps.store.update(id, version, (next) => {
    if (next.status !== 'pending_review') throw conflict(`This case is already ${next.status.replaceAll('_', ' ')}`, next.version);
    const at = new Date().toISOString();
    next.status = 'pending_second_review';
    next.assignee = null;
    next.proposal = { ...review, author: refOf(me), proposedAt: at };
    next.returned = null;
    next.history.push({
      at,
      actor: actorOf(me),
      action: 'proposed',
      from: 'pending_review',
      to: 'pending_second_review',
      details: { outcome: review.outcome, reason: review.reason, items: review.items },
    });
    return next;
  });
  deps.bus.publish(casesTopic, { event: 'case.updated', data: deps.store.summaryOf(record) });
  return record;
}

/**
 * Runs before the first-stage validator of POST /:id/decision: a case waiting
 * for a second review takes {outcome: confirm | return} here; any other case
 * goes on to the first stage untouched.
 */
export function secondStage(deps: Deps) {
  const { store, bus } = deps;
  return async (c: Context<{ Variables: AuthVariables }>, next: Next) => {
    const id = c.req.param('id') ?? '';
    const before = await store.get(id);
    if (before?.status !== 'pending_second_review') return next();
    const me = c.get('caller');
    if (me.kind !== 'reviewer') throw forbidden('Reviewers only');
    // As jsonBody() would answer: 415 for a body that is not JSON, 400 for JSON that does not parse.
    if (!/^application\/([\w.-]+\+)?json$/i.test((c.req.header('content-type') ?? '').split(';')[0].trim())) throw new ApiProblem(415, 'Send the body as application/json');
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiProblem(400, 'Malformed request body');
    }
    const body = parseWith(SecondReviewBody, raw, 'request body');
    if (!hasRole(me.roles, 'kyc:senior')) throw forbidden('A second review needs the kyc:senior or kyc:admin role');
    const proposal = before.proposal;
    if (!proposal) throw notFound('This case has no proposal');
    if (proposal.author.id === me.name) throw forbidden('You proposed this decision: a second reviewer must confirm or return it');
    if (before.version !== body.version) throw conflict('The case changed since you opened it', before.version);

    const at = new Date().toISOString();
    const actor = actorOf(me);
    if (body.outcome === 'return') {
      const record = await store.update(id, body.version, (draft) => {
        if (draft.status !== 'pending_second_review' || !draft.proposal) throw conflict(`This case is already ${draft.status.replaceAll('_', ' ')}`, draft.version);
        draft.status = 'pending_review';
        draft.returned = { outcome: draft.proposal.outcome, reason: body.reason!, by: refOf(me), at, author: draft.proposal.author };
        draft.proposal = null;
        draft.history.push({ at, actor, action: 'returned', from: 'pending_second_review', to: 'pending_review', details: { outcome: proposal.outcome, author: proposal.author.id, reason: body.reason } });
        return draft;
      });
      bus.publish(casesTopic, { event: 'case.updated', data: store.summaryOf(record) });
      return c.json(caseView(store, record));
    }

    const review: Review = { outcome: proposal.outcome, reason: proposal.reason, items: proposal.items };
    const snapshot = restoreSnapshot(before);
    const event = { type: 'REVIEW_DECIDED', review } as const;
    if (!snapshot.can(event)) throw conflict('The workflow is not waiting for a decision', before.version);
    const [after] = transition(kycMachine, snapshot, event);
    const status = STATUS_AFTER_DECISION[review.outcome];
    const record = await store.update(id, body.version, (draft) => {
      if (draft.status !== 'pending_second_review') throw conflict(`This case is already ${draft.status.replaceAll('_', ' ')}`, draft.version);
      draft.context = after.context;
      draft.status = status;
      draft.assignee = null;
      draft.decision = { ...review, decidedAt: at, reviewer: proposal.author.id, confirmedBy: me.name };
      draft.proposal = null;
      draft.history.push({ at, actor, action: 'confirmed', from: 'pending_second_review', to: status, details: { outcome: review.outcome, reason: review.reason, items: review.items, author: proposal.author.id } });
      addToOutbox(deps.config, draft, 'workflow.decided'); // the decision is final only now: its webhook goes in this same write
      return draft;
    });
    bus.publish(workflowTopic(id), { event: 'workflow.decided', data: workflowView(record) });
    bus.publish(casesTopic, { event: 'case.decided', data: store.summaryOf(record) });
    return c.json(caseView(store, record));
  };
}
