/**
 * Start codes (integrator.md): the integrator's server calls `POST /applicants`
 * and gives its page `startCode` = `<workflowId>.<code>`; the page sets it on
 * `<kyc-flow start-code="…">`. A start code IS a hand-off code: the client
 * redeems it at `POST /handoffs` exactly as a "continue on another device"
 * link (KycWorkflowOptions.handoff). Nothing here puts it in a URL or a log.
 */
import type { HandoffFragment } from './kyc-workflow.js';

/** `<workflowId>.<code>` → the hand-off to redeem; a mangled code still counts (redeeming it fails, and the element says so). */
export function parseStartCode(startCode: string): HandoffFragment {
  const dot = startCode.indexOf('.');
  return { workflowId: dot > 0 ? startCode.slice(0, dot) : '-', code: dot > 0 ? startCode.slice(dot + 1) || '-' : '-' };
}

/** Host → the start code it already handed to a client: a code is redeemed once, not again on reconnect. */
const given = new WeakMap<object, string>();

/** The hand-off for `host`'s `start-code`, the first time that code is asked for; null after that or without one. */
export function takeStartCode(host: object, startCode: string | null | undefined): HandoffFragment | null {
  if (!startCode || given.get(host) === startCode) return null;
  given.set(host, startCode);
  return parseStartCode(startCode);
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
    'kyc-expired': KycExpiredEvent;
  }
}
