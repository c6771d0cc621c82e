/**
 * What the API answers for a stored workflow, per audience. Each view names
 * the fields it copies: reviewer-only parts of the record (notes, a proposal
 * awaiting its second reviewer, a return) never reach an applicant's view.
 */
import { APPLICANT_STATUS, type Review } from '../components/workflow/index.js';
import type { Decision, DocumentRecord, WorkflowRecord, WorkflowStore } from './store/types.js';

const newestFirst = (documents: DocumentRecord[]) => [...documents].reverse();

/** A decision as stored since reason codes (older records have none). */
type CodedDecision = Decision & Pick<Review, 'reasonCode'>;

function applicantDecision(decision: CodedDecision | null) {
  if (!decision) return null;
  const { outcome, reason, reasonCode, items, decidedAt } = decision;
  return { outcome, reason, ...(reasonCode && { reasonCode }), items, decidedAt };
}

/** `GET /workflows/:id` and the applicant's stream. */
export function workflowView(record: WorkflowRecord) {
  return {
    id: record.id,
    status: APPLICANT_STATUS[record.status],
    state: record.state,
    context: record.context,
    documents: newestFirst(record.documents),
    decision: applicantDecision(record.decision),
    version: record.version,
  };
}

/**
 * What the integrator sent (`POST /applicants` with `applicant`) and which of those fields the
 * applicant changed: the bank's record and the applicant's words differing is a signal for the reviewer.
 */
export function prefillView(record: WorkflowRecord) {
  const prefill = record.prefill ?? null;
  const given = record.context.applicant;
  const changedFields = prefill && given ? (Object.keys(prefill) as (keyof typeof prefill)[]).filter((field) => prefill[field] !== given[field]) : [];
  return { prefill, changedFields };
}

/** `GET /cases/:id`: the list item plus everything a reviewer needs. */
export function caseView(store: WorkflowStore, record: WorkflowRecord) {
  return {
    ...store.summaryOf(record),
    context: record.context,
    documents: newestFirst(record.documents),
    decision: record.decision,
    proposal: record.proposal ?? null,
    returned: record.returned ?? null,
    notes: record.notes ?? [],
    history: record.history,
    ...prefillView(record),
  };
}
