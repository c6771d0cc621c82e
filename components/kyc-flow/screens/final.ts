/** final: under review, then the reviewer's decision (pushed live), with a way forward the integrator configures. */
import { html } from 'lit';
import { parseItem, SELFIE, sidesOf } from '../../workflow/index.js';
import { redoText, rejectionText, type GivenReason } from '../reasons.js';
import type { KycFlowStrings } from '../strings.js';
import { heading, primary, type FlowView } from './view.js';

function itemName(t: KycFlowStrings, item: string): string {
  const parsed = parseItem(item);
  if (!parsed || parsed.type === SELFIE) return t.selfie;
  const name = t.documentTypes[parsed.type];
  return sidesOf(parsed.type).length === 1 ? name : t.itemName(name, t.sides[parsed.side!]);
}

/** The reason (with its code, when the BFF sent one) of an item to redo. */
export function itemReason(view: FlowView, document: string): GivenReason {
  const item = view.state.snapshot.context.review?.items.find((entry) => entry.document === document) as GivenReason | undefined;
  const coded = view.state.decision?.items.find((entry) => entry.document === document);
  return { reason: item?.reason, reasonCode: coded?.reasonCode ?? item?.reasonCode };
}

/** Contact (`support-url`) and, after a rejection, a new application (`allow-restart`). */
function wayForward(view: FlowView, restart: boolean) {
  const { t } = view;
  const support = view.supportUrl;
  if (!support && !(restart && view.restart)) return '';
  return html`<div class="actions">
    ${support ? html`<a part="button support" class="button" href=${support} target="_blank" rel="noopener">${t.contactSupport}</a>` : ''}
    ${restart && view.restart ? primary(t.startAgain, view.busy, view.restart) : ''}
  </div>`;
}

export function renderFinal(view: FlowView) {
  const { t } = view;
  const review = view.state.snapshot.context.review;
  if (!review) {
    return html`${heading(t.underReviewHeading)}
      <p>${t.underReview}</p>`;
  }
  if (review.outcome === 'approve') {
    return html`${heading(t.approvedHeading)}
      <p class="outcome-approve">${t.approved}</p>`;
  }
  if (review.outcome === 'reject') {
    const decision = view.state.decision;
    const text = rejectionText(t, { reason: review.reason, reasonCode: decision?.outcome === 'reject' ? decision.reasonCode : null });
    return html`${heading(t.rejectedHeading)}
      <p class="outcome-reject">${t.rejected}</p>
      ${text ? html`<p>${text}</p>` : ''} ${wayForward(view, true)}`;
  }
  return html`
    ${heading(t.resubmitHeading)}
    <p>${t.resubmit}</p>
    <ul class="items">
      ${review.items.map(
        (entry) => html`<li><strong>${itemName(t, entry.document)}</strong>: ${redoText(t, itemReason(view, entry.document))}</li>`,
      )}
    </ul>
    <div class="actions">${primary(t.continue, view.busy, () => view.send({ type: 'RESUBMIT' }))}</div>
    ${wayForward(view, false)}
  `;
}
