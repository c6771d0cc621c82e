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
