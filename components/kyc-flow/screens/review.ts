/** document_review: every side of the document, each with Retake. */
import { html } from 'lit';
import { documentItems, parseItem, sidesOf } from '../../workflow/index.js';
import { heading, image, primary, type FlowView } from './view.js';

export function renderDocumentReview(view: FlowView) {
  const { t, busy } = view;
  const context = view.state.snapshot.context;
  const type = context.documentType!;
  return html`
    ${heading(t.reviewHeading)}
    <p class="muted">${t.reviewHint}</p>
    <ul class="sides">
      ${documentItems(type).map((item) => {
        const side = parseItem(item)!.side!;
        const caption = sidesOf(type).length === 1 ? t.documentTypes[type] : t.sideImage(t.documentTypes[type], t.sides[side]);
        return html`<li>
          <figure>
            ${image(view, context.uploads[item], caption)}
            <figcaption id="kyc-caption-${side}">${caption}</figcaption>
          </figure>
          <button part="button" type="button" aria-describedby="kyc-caption-${side}" ?disabled=${busy}
            @click=${() => view.send({ type: 'RETAKE', item })}>${t.retake}</button>
        </li>`;
      })}
    </ul>
    <div class="actions">${primary(t.continue, busy, () => view.send({ type: 'CONFIRM_DOCUMENT' }))}</div>
  `;
}
