/**
 * The internal-notes panel of an open case (reviewers.md § Notes): the notes,
 * oldest first, with author and time, and a form to add one. A lit template
 * taking data and a callback; the queue keeps the state and calls the BFF.
 */
import { css, html, nothing } from 'lit';
import { formatDateTime } from './format.js';
import type { ReviewerStrings } from './reviewers.strings.js';

/** One note as `GET /cases/:id` lists it (and `POST /cases/:id/notes` answers). */
export interface CaseNote {
  id: string;
  author: { id: string; name: string };
  text: string;
  createdAt: string;
}

export const NOTE_MAX_LENGTH = 2000;

export interface NotesPanelOptions {
  notes: readonly CaseNote[];
  strings: ReviewerStrings;
  locale: string;
  /** True while a note is being sent: the button says so and the form waits. */
  busy?: boolean;
  /** The last error in words (shown in an alert), or null. */
  error?: string | null;
  /** Sends the (trimmed, non-empty) text; resolves true when stored, so the form clears. */
  onAdd(text: string): Promise<boolean>;
}

export function notesPanel({ notes, strings: s, locale, busy = false, error = null, onAdd }: NotesPanelOptions) {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('note') as HTMLTextAreaElement;
    const text = field.value.trim();
    if (!text || busy) {
      field.focus();
      return;
    }
    if (await onAdd(text)) form.reset();
  };
  return html`<section class="notes" aria-labelledby="notes-heading" part="notes">
    <h3 id="notes-heading">${s.notesHeading}</h3>
    <p class="notes-intro">${s.notesIntro}</p>
    ${notes.length
      ? html`<ol class="notes-list">
          ${notes.map(
            (note) => html`<li class="note">
              <p class="note-meta"><span class="note-author">${note.author.name || note.author.id}</span>, <time datetime=${note.createdAt}>${formatDateTime(note.createdAt, locale)}</time></p>
              <p class="note-text">${note.text}</p>
            </li>`,
          )}
        </ol>`
      : html`<p class="notes-empty">${s.notesEmpty}</p>`}
    <form class="note-form" @submit=${submit} novalidate>
      <label for="note-text">${s.noteLabel}</label>
      <textarea id="note-text" name="note" rows="3" maxlength=${NOTE_MAX_LENGTH} required aria-describedby="note-hint" ?aria-invalid=${!!error}></textarea>
      <p id="note-hint" class="hint">${s.noteHint}</p>
      ${error ? html`<p class="form-error" role="alert">${error}</p>` : nothing}
      <button type="submit" ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}>${busy ? s.addingNote : s.addNote}</button>
    </form>
  </section>`;
}

export const notesPanelStyles = css`
  .notes {
    display: grid;
    gap: var(--_space, 0.5rem);
  }
  .notes h3 {
    margin: 0;
    font-size: 1.05em;
  }
  .notes-intro,
  .notes-empty,
  .note-meta,
  .hint {
    margin: 0;
    color: var(--_muted, #57606a);
    font-size: 0.9em;
  }
  .notes-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space, 0.5rem);
  }
  .note {
    border-inline-start: 3px solid var(--_border, #c9d1d9);
    padding-inline-start: var(--_space, 0.5rem);
  }
  .note-text {
    margin: 0.2em 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .note-form {
    display: grid;
    gap: 0.35em;
  }
  .note-form textarea {
    font: inherit;
    min-height: 4.5em;
    padding: 0.4em;
    border: 1px solid var(--_border, #c9d1d9);
    border-radius: var(--_radius, 6px);
    resize: vertical;
  }
  .note-form textarea:focus-visible,
  .note-form button:focus-visible {
    outline: 3px solid var(--_accent, #0a58ca);
    outline-offset: 2px;
  }
  .note-form button {
    justify-self: start;
    font: inherit;
    min-height: 44px;
    padding: 0.4em 1em;
    border: 1px solid var(--_accent, #0a58ca);
    border-radius: var(--_radius, 6px);
    background: var(--_surface, #fff);
    color: var(--_accent, #0a58ca);
    cursor: pointer;
  }
  .note-form button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  .form-error {
    margin: 0;
    color: var(--_danger, #b42318);
  }
`;
