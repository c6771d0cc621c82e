/** welcome: what is needed, and Start (which creates the workflow). */
import { html } from 'lit';
import { heading, primary, type FlowView } from './view.js';

export function renderWelcome(view: FlowView) {
  const { t } = view;
  return html`
    ${heading(t.welcomeHeading)}
    <p>${t.welcomeIntro}</p>
    <ul>
      ${t.welcomeNeeds.map((need) => html`<li>${need}</li>`)}
    </ul>
    <p class="muted">${t.welcomeTime}</p>
    <div class="actions">${primary(t.start, view.busy, () => view.send({ type: 'START' }))}</div>
  `;
}
