/**
 * The open case: header, notices, details, figures, history, the decision bar and every dialog.
 *
 * Why some rules are as they are (said here, not in CSS comments, which would ship):
 * - `@container (min-width: 60rem)`: Beside the documents, the details get room for a label and a date or a country on one line.
 * - `grid-template-columns: minmax(22rem, 1fr) minmax(0, 2.5fr);`: 22rem: the longest date ("Sep 30, 2026, 12:59 PM", a two-digit hour) still fits beside its label.
 * - `@container kyc-details (max-width: 19.99rem)`: Narrower than that (a phone): each label above its value, so values do not break.
 * - `img.rot-90`: Rotations that keep the picture in the scrollable area.
 */
import { css } from 'lit';

export const caseStyles = css`
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
  @container (min-width: 60rem) {
    .case-grid {
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
  /* A field the applicant changed from what the bank sent: the mark is in words, the border only helps the eye. */
  .changed {
    display: block;
    margin-top: 0.2em;
    padding-inline-start: 0.5em;
    border-inline-start: 3px solid var(--_warning);
    font-size: 0.9em;
  }
  .details > .notes,
  .details > .second-review,
  .details > .returned {
    margin-top: var(--_space);
  }
  .figures {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr));
  }
  .figure {
    container-type: inline-size;
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
