import { css } from 'lit';

export const styles = css`
  :host {
    /* The host page's inherited styles (fonts, colours, line height, alignment) stop here. */
    all: initial;
    display: block;
    box-sizing: border-box;
    min-inline-size: 0;
    max-inline-size: var(--kyc-max-width, 40rem);
    font-family: var(--kyc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--kyc-font-size, 1rem);
    line-height: 1.5;
    color: var(--kyc-color-text, #1b1f24);
    --_primary: var(--kyc-color-primary, #0b5cad);
    --_on-primary: var(--kyc-color-on-primary, #fff);
    --_surface: var(--kyc-color-surface, #fff);
    --_muted: var(--kyc-color-muted, #555f6b);
    --_border: var(--kyc-color-border, #8a949e);
    --_error: var(--kyc-color-error, #b3261e);
    --_warning: var(--kyc-color-warning, #7a4d00);
    --_warning-bg: var(--kyc-color-warning-background, #fff4d6);
    --_success: var(--kyc-color-success, #1e6b34);
    --_radius: var(--kyc-radius, 0.5rem);
    --_gap: var(--kyc-spacing, 1rem);
    --_focus: var(--kyc-focus-ring, 3px solid #1a73e8);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  /* Grid tracks may shrink below their content (a long option, a long link) instead of overflowing. */
  .base,
  .screen,
  form,
  .field,
  fieldset,
  figure,
  .handoff,
  .link-row {
    grid-template-columns: minmax(0, 1fr);
  }
  .base {
    background: var(--_surface);
    border: 1px solid var(--kyc-color-frame, #d0d5da);
    border-radius: var(--_radius);
    padding: var(--_gap);
    display: grid;
    gap: var(--_gap);
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.375em;
    line-height: 1.25;
    margin: 0;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  p,
  ul,
  ol {
    margin: 0;
  }
  .screen {
    display: grid;
    gap: var(--_gap);
    min-inline-size: 0;
  }
  .muted {
    color: var(--_muted);
  }

  /* Step indicator: bars with "Step 2 of 5: Your details" above them when narrow, labelled bars when wide.
     The container is the indicator's own box, whose width never depends on its content. */
  .progress {
    container-type: inline-size;
    display: grid;
    gap: 0.375rem;
    min-inline-size: 0;
  }
  .step-text {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .step-text strong {
    color: var(--kyc-color-text, #1b1f24);
  }
  .steps {
    list-style: none;
    padding: 0;
    display: flex;
    gap: 0.25rem;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .steps li {
    position: relative;
    flex: 1 1 0;
    min-inline-size: 0;
    border-block-start: 4px solid var(--kyc-color-step, #d0d5da);
  }
  .steps li.done {
    border-block-start-color: var(--_primary);
  }
  .steps li[aria-current='step'] {
    border-block-start-color: var(--_primary);
    color: var(--kyc-color-text, #1b1f24);
    font-weight: 600;
  }
  /* Narrow: the labels are read, not shown. */
  .step-label {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @container (inline-size >= 30rem) {
    .step-text {
      display: none;
    }
    .steps li {
      padding-block-start: 0.25rem;
    }
    .step-label {
      position: static;
      display: block;
      inline-size: auto;
      block-size: auto;
      clip-path: none;
      text-overflow: ellipsis;
    }
  }

  /* Forms */
  form {
    display: grid;
    gap: var(--_gap);
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label,
  legend {
    font-weight: 600;
  }
  input:not([type='radio']):not([type='file']),
  select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.5rem 0.625rem;
    inline-size: 100%;
    max-inline-size: 100%;
    min-inline-size: 0;
    min-block-size: 2.75rem;
  }
  select {
    /* A long country name ends in "…" instead of running under the arrow. */
    text-overflow: ellipsis;
    white-space: nowrap;
    overflow: hidden;
  }
  /* As specific as the rule above, and after it: an invalid field's border wins (it lost before). */
  input:not([type='radio']):not([type='file'])[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  summary:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .field-error {
    color: var(--_error);
    font-size: 0.875em;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.625rem 0.75rem;
    font-weight: 400;
    cursor: pointer;
  }
  .choice:has(input:checked) {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 1px var(--_primary);
  }
  .choice input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_primary);
  }

  /* Buttons */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  button,
  .button {
    font: inherit;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_primary);
    background: var(--_surface);
    color: var(--_primary);
    cursor: pointer;
    text-align: center;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .file-input {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    opacity: 0;
    overflow: hidden;
  }
  .file-input:focus-visible + .button {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .file-input:disabled + .button {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .upload {
    position: relative;
  }

  /* Live regions */
  .error:empty,
  .status:empty {
    display: none;
  }
  .error {
    color: var(--_error);
    border-inline-start: 4px solid var(--_error);
    padding: 0.25rem 0.75rem;
  }
  .warning {
    color: var(--_warning);
    background: var(--_warning-bg);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.75rem;
    display: grid;
    gap: 0.5rem;
  }

  /* Camera and photos */
  .camera {
    position: relative;
    background: #000;
    border-radius: var(--_radius);
    overflow: hidden;
    aspect-ratio: 4 / 3;
    max-block-size: 70vh;
  }
  .camera video {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
    display: block;
  }
  .camera.selfie video {
    transform: scaleX(-1);
  }
  .frame {
    position: absolute;
    inset-block: 12%;
    inset-inline: 8%;
    border: 3px dashed rgba(255, 255, 255, 0.9);
    border-radius: var(--_radius);
    box-shadow: 0 0 0 100vmax rgba(0, 0, 0, 0.35);
    pointer-events: none;
  }
  .selfie .frame {
    inset-block: 8%;
    inset-inline: 28%;
    border-radius: 50%;
  }
  figure {
    margin: 0;
    display: grid;
    gap: 0.25rem;
  }
  .photo {
    max-inline-size: 100%;
    max-block-size: 22rem;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_border);
    background: #f2f4f6;
    object-fit: contain;
    min-block-size: 4rem;
  }
  .sides {
    list-style: none;
    padding: 0;
    display: grid;
    gap: var(--_gap);
  }
  .sides li {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  progress {
    inline-size: 100%;
    block-size: 0.75rem;
    accent-color: var(--_primary);
  }

  /* Final */
  .outcome-approve {
    color: var(--_success);
  }
  .outcome-reject {
    color: var(--_error);
  }
  .items {
    padding-inline-start: 1.25rem;
    display: grid;
    gap: 0.25rem;
  }
`;
