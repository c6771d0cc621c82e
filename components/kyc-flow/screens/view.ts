/**
 * What every screen module renders from: the element hands each screen one
 * `FlowView` (strings, the client's state, callbacks) instead of itself, so a
 * screen is a plain function of it, and the element stays the one place with
 * state. Shared bits of markup live here too.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Applicant, KycEvent } from '../../workflow/index.js';
import type { KycWorkflow, KycWorkflowState } from '../../client/kyc-workflow.js';
import type { PhotoController } from '../photos.js';
import type { KycFlowStrings } from '../strings.js';

export type Field = keyof Applicant;
export type FieldErrors = Partial<Record<Field | 'documentType', string>>;

export interface FlowView {
  t: KycFlowStrings;
  locale: string;
  state: KycWorkflowState;
  /** A call is under way or a photo is being prepared: buttons wait. */
  busy: boolean;
  fieldErrors: FieldErrors;
  photos: PhotoController;
  workflow: KycWorkflow | null;
  send(event: KycEvent): void;
  /** Where an applicant can ask for help (`support-url`), if the integrator gave one. */
  supportUrl: string | null;
  /** Starts a new application (after a rejection), where the integrator allows it (`allow-restart`). */
  restart: (() => void) | null;
  /** Shows a form's errors and focuses `focus` (a selector) once rendered. */
  invalid(errors: FieldErrors, focus?: string): void;
}

export function heading(text: string): TemplateResult {
  return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
}

/** Back, where the machine takes it from here (and so does the BFF: see moves.ts). */
export function backButton(view: FlowView) {
  if (!view.state.snapshot.can({ type: 'BACK' })) return nothing;
  return html`<button part="button" type="button" ?disabled=${view.busy} @click=${() => view.send({ type: 'BACK' })}>
    ${view.t.back}
  </button>`;
}

export function primary(label: string, disabled: boolean, onClick: () => void) {
  return html`<button part="button primary" class="primary" type="button" ?disabled=${disabled} @click=${onClick}>${label}</button>`;
}

/** A stored photo, or a busy placeholder while it loads. */
export function image(view: FlowView, id: string | undefined, alt: string) {
  const url = view.photos.imageUrl(id);
  return url
    ? html`<img part="photo" class="photo" src=${url} alt=${alt} />`
    : html`<div part="photo" class="photo" role="img" aria-label=${alt} aria-busy="true"></div>`;
}

const regionNames = new Map<string, Intl.DisplayNames | null>();
function countryName(code: string, locale: string): string {
  if (!regionNames.has(locale)) {
    try {
      regionNames.set(locale, new Intl.DisplayNames([locale, 'en'], { type: 'region' }));
    } catch {
      regionNames.set(locale, null);
    }
  }
  return regionNames.get(locale)?.of(code) ?? code;
}
const countryLists = new Map<string, { code: string; name: string }[]>();

/** Country options in the locale's names and order. */
export function countryOptions(codes: readonly string[], locale: string, selected: string) {
  let list = countryLists.get(locale);
  if (!list) {
    list = codes.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale));
    countryLists.set(locale, list);
  }
  return list.map(({ code, name }) => html`<option value=${code} ?selected=${selected === code}>${name}</option>`);
}
