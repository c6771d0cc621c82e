/** final: under review, then the reviewer's decision (pushed live), and Continue for a resubmission. */
import { html } from 'lit';
import { parseItem, SELFIE } from '../../workflow/index.js';
import type { KycFlowStrings } from '../strings.js';
import { heading, primary, type FlowView } from './view.js';

function itemName(t: KycFlowStrings, item: string): string {
  const parsed = parseItem(item);
  if (!parsed || parsed.type === SELFIE) return t.selfie;
  return t.itemName(t.documentTypes[parsed.type], t.sides[parsed.side!]);
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
    return html`${heading(t.rejectedHeading)}
      <p class="outcome-reject">${t.rejected}</p>
      ${review.reason ? html`<p>${t.reason(review.reason)}</p>` : ''}`;
  }
  return html`
    ${heading(t.resubmitHeading)}
    <p>${t.resubmit}</p>
    <ul class="items">
      ${review.items.map((entry) => html`<li><strong>${itemName(t, entry.document)}</strong>: ${entry.reason}</li>`)}
    </ul>
    <div class="actions">${primary(t.continue, view.busy, () => view.send({ type: 'RESUBMIT' }))}</div>
  `;
}
