/** The events `<kyc-flow>` fires: typed, bubbling and composed. */
import type { DecisionItem, KycState, Outcome } from '../workflow/index.js';
import type { WorkflowStatus } from '../client/types.js';

const init: EventInit = { bubbles: true, composed: true };

export interface KycStateChangeDetail {
  state: KycState;
  status: WorkflowStatus;
}
/** Once on start or resume, then on every change of state or status. */
export class KycStateChangeEvent extends Event {
  static readonly eventName = 'kyc-state-change' as const;
  constructor(readonly detail: KycStateChangeDetail) {
    super(KycStateChangeEvent.eventName, init);
  }
}

export interface KycSubmittedDetail {
  workflowId: string;
}
/** The applicant finished collecting (entered `final`): the case is in the review queue. */
export class KycSubmittedEvent extends Event {
  static readonly eventName = 'kyc-submitted' as const;
  constructor(readonly detail: KycSubmittedDetail) {
    super(KycSubmittedEvent.eventName, init);
  }
}

export interface KycDecisionDetail {
  workflowId: string;
  outcome: Outcome;
  reason: string | null;
  items: DecisionItem[];
}
/** A reviewer's decision reached the element (pushed, or found on a later visit). */
export class KycDecisionEvent extends Event {
  static readonly eventName = 'kyc-decision' as const;
  constructor(readonly detail: KycDecisionDetail) {
    super(KycDecisionEvent.eventName, init);
  }
}

export interface KycErrorDetail {
  /** `network`, `conflict`, `invalid`, `camera_denied`, `photo_unreadable`, `handed_off` (the application continued on another device; this element stopped), `handoff_invalid` (a hand-off link that expired or was used), … */
  code: string;
  message: string;
}
/** Something failed; the element also shows it in its live region. */
export class KycFlowErrorEvent extends Event {
  static readonly eventName = 'kyc-error' as const;
  constructor(readonly detail: KycErrorDetail) {
    super(KycFlowErrorEvent.eventName, init);
  }
}

/**
 * The applicant's link is no longer good: the token expired (`token_expired`,
 * KYC_APPLICANT_TOKEN_TTL without use) or the start code was expired or used.
 * The host page asks its server for a new start code and sets `start-code` again.
 */
export class KycExpiredEvent extends Event {
  static readonly eventName = 'kyc-expired' as const;
  constructor(readonly detail: { code: 'token_expired' | 'handoff_invalid' }) {
    super(KycExpiredEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'kyc-state-change': KycStateChangeEvent;
    'kyc-submitted': KycSubmittedEvent;
    'kyc-decision': KycDecisionEvent;
    // Shared name with <kyc-review-queue>: the same shape ({code, message}), so the declarations agree.
    'kyc-error': KycFlowErrorEvent;
    'kyc-expired': KycExpiredEvent;
  }
}
