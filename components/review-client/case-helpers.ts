/** Small readings of the reviewer routes' shapes, shared by the client and its views. */
import type { CaseDetail, CaseItem } from './types.js';

/** A case's list row (`GET /cases/:id` is its row plus these four). */
export function summaryOf(detail: CaseDetail): CaseItem {
  const { context: _c, documents: _d, decision: _e, history: _h, proposal: _p, returned: _r, notes: _n, prefill: _f, changedFields: _g, ...item } = detail;
  return item;
}

/** Who decided a case: the decision's reviewer, else the last `decided` entry of its history. */
export function deciderOf(detail: CaseDetail): string | null {
  return (
    (detail.decision as { reviewer?: string } | null)?.reviewer ??
    [...detail.history].reverse().find((entry) => entry.action === 'decided')?.actor.id ??
    null
  );
}

export const nameOf = (item: CaseItem) => (item.applicant ? `${item.applicant.firstName} ${item.applicant.lastName}` : '');

