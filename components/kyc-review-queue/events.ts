/**
 * The events `<kyc-review-queue>` fires. Each is a typed `Event` subclass
 * with a static `eventName` and a typed `detail`; all bubble and are composed
 * so a host listens on the element or any ancestor.
 */
import type { Outcome } from '../workflow/schemas.js';

const init: EventInit = { bubbles: true, composed: true };

/** A case was opened (by a link, a deep link, the keyboard or Back/Forward). */
export class KycCaseOpenEvent extends Event {
  static readonly eventName = 'kyc-case-open' as const;
  constructor(readonly detail: { caseId: string }) {
    super(KycCaseOpenEvent.eventName, init);
  }
}

/** The reviewer's decision was accepted by the BFF. */
export class KycCaseDecidedEvent extends Event {
  static readonly eventName = 'kyc-case-decided' as const;
  constructor(readonly detail: { caseId: string; outcome: Outcome }) {
    super(KycCaseDecidedEvent.eventName, init);
  }
}

/** Something failed; `code` is stable (`unauthorized`, `conflict`, `network`, …), `message` readable. */
export class KycReviewErrorEvent extends Event {
  static readonly eventName = 'kyc-error' as const;
  constructor(readonly detail: { code: string; message: string }) {
    super(KycReviewErrorEvent.eventName, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    [KycCaseOpenEvent.eventName]: KycCaseOpenEvent;
    [KycCaseDecidedEvent.eventName]: KycCaseDecidedEvent;
    // Shared name with <kyc-flow>: the same shape ({code, message}), so the declarations agree.
    [KycReviewErrorEvent.eventName]: KycReviewErrorEvent;
  }
}
