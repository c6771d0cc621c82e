/** What the API answers for a stored workflow, per audience. */
import type { Review } from '../components/workflow/index.js';
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
    status: record.status,
    state: record.state,
    context: record.context,
    documents: newestFirst(record.documents),
    decision: applicantDecision(record.decision),
    version: record.version,
  };
}

/** `GET /cases/:id`: the list item plus everything a reviewer needs. */
export function caseView(store: WorkflowStore, record: WorkflowRecord) {
  return {
    ...store.summaryOf(record),
    context: record.context,
    documents: newestFirst(record.documents),
    decision: record.decision,
    history: record.history,
  };
}
