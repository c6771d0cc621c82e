/** selfie_review: the selfie, Retake, and Submit (which submits the case for review). */
import { html } from 'lit';
import { SELFIE } from '../../workflow/index.js';
import { heading, image, primary, type FlowView } from './view.js';

export function renderSelfieReview(view: FlowView) {
  const { t, busy } = view;
  return html`
    ${heading(t.selfieReviewHeading)}
    <figure>${image(view, view.state.snapshot.context.uploads[SELFIE], t.selfieImage)}</figure>
    <div class="actions">
      <button part="button" type="button" ?disabled=${busy} @click=${() => view.send({ type: 'RETAKE_SELFIE' })}>
        ${t.retake}
      </button>
      ${primary(t.submit, busy, () => view.send({ type: 'CONFIRM_SELFIE' }))}
    </div>
  `;
}
