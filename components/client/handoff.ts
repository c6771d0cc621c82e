/**
 * "Continue on another device": a one-time code (`POST …/handoff`) in a
 * link's fragment, `#kyc-handoff=<workflowId>.<code>`. The device that opens
 * it redeems it (`POST /handoffs`) for a new token, and the old token stops
 * working (the first device then reports `handed_off`: core.ts). No token
 * ever travels in a link.
 */
import { KycApiError, request } from '../common/http.js';
import { isAbort, type Core } from './core.js';
import type { CreatedWorkflow } from './types.js';

/** The fragment parameter of a hand-off link: `#kyc-handoff=<workflowId>.<code>`. */
export const FRAGMENT_HANDOFF = 'kyc-handoff';

export interface HandoffFragment {
  workflowId: string;
  code: string;
}

interface Handoff {
  code: string;
  expiresAt: string;
  version?: number;
}

/**
 * Trades the code for a new token and keeps it (in storage too, even if the
 * client is destroyed meanwhile: the code is used up either way). A refused
 * code (expired, used, replaced, malformed) is returned as the error to report
 * once the client is ready; the client carries on as if there had been no link.
 */
export async function redeemHandoff(core: Core, given: HandoffFragment): Promise<KycApiError | null> {
  try {
    const redeemed = await request<CreatedWorkflow>(core.api, '/handoffs', {
      method: 'POST',
      json: { workflowId: given.workflowId, code: given.code },
    });
    core.workflowId = redeemed.id;
    core.token = redeemed.token;
    core.remember();
    return null;
  } catch (error) {
    if (!(error instanceof KycApiError) || ![400, 401, 404, 410, 422].includes(error.status)) throw error;
    return new KycApiError(
      error.status,
      'handoff_invalid',
      'This link has expired or was already used. Open a new link on the other device, or start here.',
      error.problem,
    );
  }
}

/** A new one-time link to this workflow on `pageUrl` (default: this page); null before the workflow exists. */
export async function makeHandoffLink(core: Core, pageUrl?: string): Promise<{ link: string; expiresAt: string } | null> {
  if (core.destroyed || core.state.phase !== 'ready' || !core.workflowId || !core.token) return null;
  const id = core.workflowId;
  try {
    const answer = await request<Handoff>(core.api, `${core.path()}/handoff`, {
      method: 'POST',
      token: core.token,
      json: {},
      signal: core.aborter.signal,
    });
    // Making the code moved the version by one and changed nothing else: follow it (a larger jump is someone else's).
    if (answer.version === core.version + 1) core.version = answer.version;
    const url = new URL(pageUrl ?? (typeof location === 'undefined' ? 'http://localhost/' : location.href));
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.delete(FRAGMENT_HANDOFF);
    // The code is URL-safe base64 and ids have no dot: no escaping needed, so the QR code stays small.
    const rest = fragment.toString();
    url.hash = `${rest ? `${rest}&` : ''}${FRAGMENT_HANDOFF}=${id}.${answer.code}`;
    return { link: url.href, expiresAt: answer.expiresAt };
  } catch (error) {
    if (isAbort(error) || core.destroyed) return null;
    core.fail(error, null);
    return null;
  }
}

/**
 * Reads (and removes from the address bar) a hand-off link's fragment,
 * `#kyc-handoff=<workflowId>.<code>`. The old `#kyc-workflow=…&kyc-token=…`
 * is not read: a link must never hand a page a token it did not ask for.
 */
export function takeHandoffFragment(): HandoffFragment | null {
  if (typeof location === 'undefined' || !location.hash) return null;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const value = fragment.get(FRAGMENT_HANDOFF);
  if (value === null) return null;
  fragment.delete(FRAGMENT_HANDOFF);
  const dot = value.indexOf('.');
  const workflowId = dot > 0 ? value.slice(0, dot) : '';
  const code = dot > 0 ? value.slice(dot + 1) : '';
  const rest = fragment.toString();
  const url = `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`;
  try {
    history.replaceState(history.state, '', url);
  } catch {
    /* sandboxed: the fragment stays, nothing else breaks */
  }
  // A mangled link still counts as a link: redeeming it fails and the element says so.
  return { workflowId: workflowId || '-', code: code || '-' };
}
