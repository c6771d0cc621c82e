import { css } from 'lit';

export const styles = css`
  :host {
    /* Each knob defaults to a global token, so a portal themes every KYC element at once. */
    --_font: var(--kyc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_text: var(--kyc-color-text, #1b1f24);
    --_muted: var(--kyc-color-muted, #57606a);
    --_surface: var(--kyc-color-surface, #ffffff);
    --_surface-alt: var(--kyc-color-surface-alt, #f4f6f8);
    --_border: var(--kyc-color-border, #c9d1d9);
    --_accent: var(--kyc-color-primary, #0a58ca);
    --_on-accent: var(--kyc-color-on-primary, #ffffff);
    --_danger: var(--kyc-color-error, #b42318);
    --_success: var(--kyc-color-success, #1a7f37);
    --_warning: var(--kyc-color-warning, #8a5a00);
    --_new: var(--kyc-color-new, #fff4c2);
    --_radius: var(--kyc-radius, 6px);
    /* Half of the shared --kyc-spacing (1rem in both elements by default). */
    --_space: calc(var(--kyc-spacing, 1rem) / 2);

    display: block;
    container-type: inline-size;
    /* Inherited properties reset, so the portal's own text styles cannot leak in by accident. */
    font-family: var(--_font);
    font-size: var(--kyc-font-size, 1rem);
    font-weight: 400;
    font-style: normal;
    line-height: 1.45;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    white-space: normal;
    color: var(--_text);
    background: var(--_surface);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .base {
    padding: var(--_space);
    min-width: 0;
  }
  h2,
  h3 {
    margin: 0 0 var(--_space);
    line-height: 1.2;
  }
  h2 {
    font-size: 1.35em;
  }
  h3 {
    font-size: 1.1em;
  }
  p {
    margin: 0 0 var(--_space);
  }
  a {
    color: var(--_accent);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--_muted);
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  button {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    min-height: 2.5rem;
    min-width: 2.5rem;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  button[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
    font-weight: 600;
  }
  kbd {
    font: 0.8em ui-monospace, monospace;
    border: 1px solid currentColor;
    border-radius: 3px;
    padding: 0 0.3em;
    opacity: 0.8;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.6);
    min-height: 2.5rem;
    max-width: 100%;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    outline-color: var(--_danger);
  }
  .error {
    border: 1px solid var(--_danger);
    color: var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .error p {
    margin: 0;
  }
  .empty {
    padding: calc(var(--_space) * 2) 0;
    color: var(--_muted);
  }

  /* ---- list ---- */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space) calc(var(--_space) * 2);
    align-items: flex-end;
    margin-bottom: var(--_space);
  }
  .title {
    flex: 1 1 14rem;
  }
  .count {
    color: var(--_muted);
    margin: 0;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .filters label {
    display: flex;
    flex-direction: column;
    font-size: 0.9em;
    gap: 0.2rem;
    min-width: 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) * 0.75);
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  thead th {
    font-size: 0.85em;
    color: var(--_muted);
  }
  tbody th {
    font-weight: 600;
  }
  tr.active {
    background: var(--_surface-alt);
  }
  tr.new {
    background: var(--_new);
  }
  .badge {
    display: inline-block;
    font-size: 0.75em;
    font-weight: 700;
    border-radius: 999px;
    padding: 0 0.5em;
    margin-inline-start: 0.4em;
    border: 1px solid currentColor;
  }
  .status {
    display: inline-block;
    font-size: 0.85em;
    font-weight: 600;
    padding: 0.05em 0.5em;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
  .status-pending_review,
  .status-resubmission_requested {
    color: var(--_warning);
  }
  .status-approved {
    color: var(--_success);
  }
  .status-rejected {
    color: var(--_danger);
  }
  .list-footer {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: space-between;
    padding-top: var(--_space);
  }
  .shown {
    margin: 0;
    color: var(--_muted);
  }
  @container (max-width: 40rem) {
    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    tbody tr {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin-bottom: var(--_space);
      padding: calc(var(--_space) * 0.5);
    }
    th,
    td {
      border: 0;
      padding: calc(var(--_space) * 0.25) calc(var(--_space) * 0.5);
    }
    td[data-label]::before {
      content: attr(data-label) ': ';
      color: var(--_muted);
    }
  }

  /* ---- case ---- */
  .back {
    display: inline-block;
    margin-bottom: var(--_space);
    padding: calc(var(--_space) * 0.5) 0;
  }
  .case-header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: baseline;
  }
  .notice,
  .message {
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .notice {
    border: 1px solid var(--_warning);
    background: var(--_new);
  }
  .notice p,
  .message p {
    margin: 0;
  }
  .notice.live {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .message {
    border: 1px solid var(--_success);
    color: var(--_success);
  }
  .assignment {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-bottom: var(--_space);
  }
  .assignment p {
    margin: 0;
  }
  .case-grid {
    display: grid;
    gap: calc(var(--_space) * 2);
    grid-template-columns: minmax(0, 1fr);
  }
  /* Beside the documents, the details get room for a label and a date or a country on one line. */
  @container (min-width: 60rem) {
    .case-grid {
      /* 22rem: the longest date ("Sep 30, 2026, 12:59 PM", a two-digit hour) still fits beside its label. */
      grid-template-columns: minmax(22rem, 1fr) minmax(0, 2.5fr);
    }
  }
  .details {
    container: kyc-details / inline-size;
    min-width: 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.25rem var(--_space);
    margin: 0 0 var(--_space);
  }
  /* Narrower than that (a phone): each label above its value, so values do not break. */
  @container kyc-details (max-width: 19.99rem) {
    .details dl {
      grid-template-columns: minmax(0, 1fr);
      row-gap: 0;
    }
    .details dt {
      font-size: 0.875em;
    }
    .details dd {
      margin-bottom: calc(var(--_space) * 0.75);
    }
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .decision {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }
  .figures {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
  }
  .figure {
    margin: 0;
    background: var(--_surface-alt);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    min-width: 0;
  }
  figcaption {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
    justify-content: space-between;
    margin-bottom: calc(var(--_space) * 0.5);
  }
  .frame {
    overflow: auto;
    min-height: 6rem;
    max-height: min(26rem, 70vh);
    background: var(--_surface);
    border-radius: calc(var(--_radius) / 2);
  }
  .frame img {
    display: block;
    max-width: none;
    height: auto;
  }
  /* Rotations that keep the picture in the scrollable area. */
  img.rot-90 {
    transform-origin: top left;
    transform: rotate(90deg) translateY(-100%);
  }
  img.rot-180 {
    transform: rotate(180deg);
  }
  img.rot-270 {
    transform-origin: top left;
    transform: rotate(270deg) translateX(-100%);
  }
  .tools button {
    display: inline-grid;
    place-items: center;
    padding: 0.25rem;
  }
  .tools,
  .versions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    margin-top: calc(var(--_space) * 0.5);
  }
  .versions button {
    font-size: 0.85em;
    min-height: 2rem;
  }
  .history ol {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .history li {
    margin-bottom: 0.25rem;
  }
  .history time {
    color: var(--_muted);
    margin-inline-end: 0.4em;
  }
  .history {
    margin-top: calc(var(--_space) * 2);
  }
  @container (max-width: 30rem) {
    .history time {
      display: block;
    }
  }
  .decision-bar {
    position: sticky;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: flex-end;
    background: var(--_surface-alt);
    border-top: 1px solid var(--_border);
    padding: var(--_space);
    margin: calc(var(--_space) * 2) calc(var(--_space) * -1) calc(var(--_space) * -1);
  }
  .decision-bar .muted {
    margin: 0 auto 0 0;
  }

  /* ---- dialogs ---- */
  dialog {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    width: min(36rem, calc(100vw - 1rem));
    max-height: calc(100vh - 1rem);
    overflow: auto;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog form {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.5);
  }
  dialog label {
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0 0 var(--_space);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .item-row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5) var(--_space);
    align-items: center;
    padding: calc(var(--_space) * 0.25) 0;
  }
  .check {
    display: flex;
    gap: 0.4em;
    align-items: center;
    flex: 0 0 11rem;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    min-height: 0;
  }
  .item-reason {
    flex: 1 1 12rem;
    display: flex;
  }
  .item-reason input {
    flex: 1;
    min-width: 0;
  }
  .field-error {
    color: var(--_danger);
    min-height: 1em;
    margin: 0;
  }
  .dialog-actions,
  .dialog-head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: flex-end;
    align-items: center;
    margin-top: var(--_space);
  }
  .dialog-head {
    justify-content: space-between;
    margin: 0 0 var(--_space);
  }
  .dialog-head h2 {
    margin: 0;
    flex: 1;
  }
  dialog.full {
    width: calc(100vw - 1rem);
    height: calc(100vh - 1rem);
    max-width: none;
  }
  .full-frame {
    overflow: auto;
    max-height: calc(100% - 4rem);
  }
  .full-frame img {
    display: block;
    max-width: none;
  }
  .shortcuts {
    grid-template-columns: 5rem minmax(0, 1fr);
  }
  .shortcuts dt {
    color: var(--_text);
  }
`;
