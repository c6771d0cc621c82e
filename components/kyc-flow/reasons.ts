/**
 * A reviewer's reason, as the applicant reads it. A common reason travels as
 * a code (catalogue.ts: REJECT_REASON_CODES, RESUBMIT_REASON_CODES) and is
 * worded here in the applicant's locale, as what to do next rather than a
 * verdict; free text is shown as the reviewer wrote it.
 */
import type { KycFlowStrings } from './strings.js';

export interface GivenReason {
  reason?: string | null;
  reasonCode?: string | null;
}

/** The words for a rejection's reason, or null when there is none. */
export function rejectionText(t: KycFlowStrings, given: GivenReason): string | null {
  const step = given.reasonCode ? t.rejectSteps[given.reasonCode] : undefined;
  if (step) return step;
  return given.reason ? t.reason(given.reason) : null;
}

/** The words for one item to redo (the reviewer's text when the code has no words). */
export function redoText(t: KycFlowStrings, given: GivenReason): string {
  return (given.reasonCode && t.redoSteps[given.reasonCode]) || given.reason || '';
}
