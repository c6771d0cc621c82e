/**
 * Base rules (tokens, buttons, fields, errors) and the list: filters, table, rows, paging.
 *
 * Why some rules are as they are (said here, not in CSS comments, which would ship):
 * - `--_font: var(--kyc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);`: Each knob defaults to a global token, so a portal themes every KYC element at once.
 * - `--_space: calc(var(--kyc-spacing, 1rem) / 2);`: Half of the shared --kyc-spacing (1rem in both elements by default).
 * - `font-family: var(--_font);`: Inherited properties reset, so the portal's own text styles cannot leak in by accident.
 */
import { css } from 'lit';

export const listStyles = css`
  :host {
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
    --_space: calc(var(--kyc-spacing, 1rem) / 2);

    display: block;
    container-type: inline-size;
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
    white-space: nowrap;
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

`;
