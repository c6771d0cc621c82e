/** The shortcut help: every key and what it does. */
import { html } from 'lit';
import type { QueueStrings } from './strings.js';

export function renderHelp(s: QueueStrings, close: () => void) {
  return html`<h2 id="help-heading">${s.shortcuts}</h2>
    <dl class="shortcuts">${s.shortcutList.map(([key, what]) => html`<dt><kbd>${key}</kbd></dt><dd>${what}</dd>`)}</dl>
    <div class="dialog-actions">
      <button part="button" type="button" autofocus @click=${close}>${s.close}</button>
    </div>`;
}
