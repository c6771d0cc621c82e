/** document_selection: which document, and where it was issued (default: the country of residence). */
import { html, nothing } from 'lit';
import { COUNTRY_CODES, DOCUMENT_TYPES, type DocumentType } from '../../workflow/index.js';
import { backButton, countryOptions, heading, type FlowView } from './view.js';

export function renderDocumentChoice(view: FlowView) {
  const { t } = view;
  const context = view.state.snapshot.context;
  const issuing = context.issuingCountry ?? context.applicant?.country ?? '';
  const error = view.fieldErrors.documentType;
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const documentType = data.get('documentType') as DocumentType | null;
    const issuingCountry = String(data.get('issuingCountry') ?? '') || undefined;
    if (!documentType || !DOCUMENT_TYPES.includes(documentType)) {
      view.invalid({ documentType: t.chooseDocument }, 'input[name=documentType]');
      return;
    }
    view.invalid({});
    view.send({ type: 'SELECT_DOCUMENT', documentType, ...(issuingCountry ? { issuingCountry } : {}) });
  };
  return html`
    ${heading(t.documentHeading)}
    <form novalidate @submit=${onSubmit}>
      <fieldset aria-describedby=${error ? 'kyc-documentType-error' : nothing}>
        <legend>${t.documentLegend}</legend>
        ${DOCUMENT_TYPES.map(
          (type) => html`<label class="choice">
            <input type="radio" name="documentType" value=${type} required ?checked=${context.documentType === type} />
            ${t.documentTypes[type]}
          </label>`,
        )}
        ${error ? html`<p class="field-error" id="kyc-documentType-error">${error}</p>` : nothing}
      </fieldset>
      <div class="field" part="field">
        <label for="kyc-issuingCountry">${t.issuingCountry}</label>
        <select part="input" id="kyc-issuingCountry" name="issuingCountry">
          ${countryOptions(COUNTRY_CODES, view.locale, issuing)}
        </select>
      </div>
      <div class="actions">
        ${backButton(view)}
        <button part="button primary" class="primary" type="submit" ?disabled=${view.busy}>${t.continue}</button>
      </div>
    </form>
  `;
}
