/**
 * Seeds cases for the review-queue tests through the real BFF's applicant
 * routes (exactly what `<kyc-flow>` would send), and acts as a second
 * reviewer over HTTP. Images are drawn on a canvas, so every test has its own.
 */
import { documentItems, type DocumentType } from '../../components/workflow/catalogue.js';

interface TestConfig {
  api: string;
  reviewerKey: string;
  otherReviewerKey: string;
}
// Served by the real-bff plugin of web-test-runner.config.mjs. Imported through a
// variable because TypeScript 7 does not match the ambient `declare module
// '/__kyc-test-config.js'` in kyc-test-config.d.ts to an absolute specifier.
const CONFIG_MODULE = '/__kyc-test-config.js';
export const { api, reviewerKey, otherReviewerKey } = (await import(CONFIG_MODULE)) as TestConfig;

export interface SeededCase {
  id: string;
  token: string;
  version: number;
  firstName: string;
  lastName: string;
  documentType: DocumentType;
  uploads: Record<string, string>;
}

let counter = 0;
/** A surname no other test (or earlier run against the same BFF) uses. */
export function uniqueName(prefix = 'Case'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

async function call<T>(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const response = await fetch(`${api}${path}`, { ...init, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A PNG of `width`×`height` with a label on it. */
export async function makeImage(label: string, width = 320, height = 200, hue = 200): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = `hsl(${hue} 60% 80%)`;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#123';
  g.font = '20px sans-serif';
  g.fillText(label, 12, height / 2);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/png'),
  );
}

async function upload(seed: { id: string; token: string }, type: string, side: string | null, label: string) {
  const form = new FormData();
  form.set('file', await makeImage(label, side === 'back' ? 300 : 320, 200, side ? 200 : 30), `${label}.png`);
  form.set('type', type);
  if (side) form.set('side', side);
  return call<{ id: string; version: number }>(`/workflows/${seed.id}/documents`, {
    method: 'POST',
    token: seed.token,
    body: form,
  });
}

async function put(seed: SeededCase, state: string, context: Record<string, unknown>) {
  const { version } = await call<{ version: number }>(`/workflows/${seed.id}/snapshot`, {
    method: 'PUT',
    token: seed.token,
    json: { state, context, version: seed.version },
  });
  seed.version = version;
}

/** Uploads the listed document sides and submits them (`PHOTOS_SUBMITTED`), then stores `document_review`. */
async function submitPhotos(seed: SeededCase, items: string[], applicant: Record<string, string>, tag: string) {
  for (const item of items) {
    const [type, side] = item.split('/');
    const doc = await upload(seed, type, side, `${seed.lastName} ${item} ${tag}`);
    seed.uploads[item] = doc.id;
    seed.version = doc.version;
  }
  const sides = Object.fromEntries(documentItems(seed.documentType).map((item) => [item, seed.uploads[item]]));
  const { version } = await call<{ version: number }>(`/workflows/${seed.id}/events`, {
    method: 'POST',
    token: seed.token,
    json: { type: 'PHOTOS_SUBMITTED', documentType: seed.documentType, uploads: sides, version: seed.version },
  });
  seed.version = version;
  await put(seed, 'document_review', {
    applicant,
    documentType: seed.documentType,
    issuingCountry: applicant.country,
    uploads: { ...seed.uploads },
  });
}

async function submitSelfie(seed: SeededCase, applicant: Record<string, string>, tag: string) {
  const selfie = await upload(seed, 'selfie', null, `${seed.lastName} selfie ${tag}`);
  seed.uploads.selfie = selfie.id;
  seed.version = selfie.version;
  await put(seed, 'final', {
    applicant,
    documentType: seed.documentType,
    issuingCountry: applicant.country,
    uploads: { ...seed.uploads },
  });
}

const applicantOf = (seed: SeededCase) => ({
  firstName: seed.firstName,
  lastName: seed.lastName,
  dateOfBirth: '1990-12-10',
  country: 'GB',
});

/** A workflow taken all the way to `final`: a case `pending_review` in the queue. */
export async function seedCase(
  options: { firstName?: string; lastName?: string; documentType?: DocumentType } = {},
): Promise<SeededCase> {
  const created = await call<{ id: string; token: string; version: number }>('/workflows', { method: 'POST', json: {} });
  const seed: SeededCase = {
    ...created,
    firstName: options.firstName ?? 'Ada',
    lastName: options.lastName ?? uniqueName(),
    documentType: options.documentType ?? 'id_card',
    uploads: {},
  };
  const applicant = applicantOf(seed);
  await put(seed, 'personal_details', { uploads: {} });
  await put(seed, 'document_selection', { applicant, uploads: {} });
  await submitPhotos(seed, documentItems(seed.documentType), applicant, 'v1');
  await submitSelfie(seed, applicant, 'v1');
  return seed;
}

/** The applicant redoes the items a reviewer asked for and submits again (back to `pending_review`). */
export async function resubmit(seed: SeededCase, items: string[]): Promise<void> {
  const current = await call<{ version: number }>(`/workflows/${seed.id}`, { token: seed.token });
  seed.version = current.version;
  const applicant = applicantOf(seed);
  const documents = items.filter((item) => item !== 'selfie');
  for (const item of items) delete seed.uploads[item];
  if (documents.length) await submitPhotos(seed, documents, applicant, 'v2');
  if (items.includes('selfie')) await submitSelfie(seed, applicant, 'v2');
  else
    await put(seed, 'final', {
      applicant,
      documentType: seed.documentType,
      issuingCountry: applicant.country,
      uploads: { ...seed.uploads },
    });
}

/** Reviewer routes over plain HTTP (bob by default: the "other reviewer"). */
export function asReviewer(key: string = otherReviewerKey) {
  return {
    getCase: (id: string) => call<{ status: string; version: number; assignee: string | null; decision: unknown }>(`/cases/${id}`, { token: key }),
    claim: async (id: string) => {
      const { version } = await call<{ version: number }>(`/cases/${id}`, { token: key });
      return call(`/cases/${id}/assignment`, { method: 'POST', token: key, json: { version } });
    },
    decide: async (id: string, body: Record<string, unknown>) => {
      const { version } = await call<{ version: number }>(`/cases/${id}`, { token: key });
      return call(`/cases/${id}/decision`, { method: 'POST', token: key, json: { ...body, version } });
    },
  };
}

// ------------------------------------------------------------------ DOM helpers

/** Text a screen reader would read for `node` (aria-hidden subtrees and form controls left out). */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  if (node.getAttribute('aria-hidden') === 'true') return '';
  if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement) return '';
  return [...node.childNodes].map(textOf).join('');
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A simple accessible name: aria-label, aria-labelledby, <label>s, else the text. */
export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  const root = el.getRootNode() as Document | ShadowRoot;
  const by = el.getAttribute('aria-labelledby');
  if (by) return squash(by.split(/\s+/).map((id) => textOf(root.getElementById(id) ?? document.createElement('i'))).join(' '));
  if ('labels' in el && (el as HTMLInputElement).labels?.length)
    return squash([...(el as HTMLInputElement).labels!].map(textOf).join(' '));
  return squash(textOf(el));
}

/** Every element matching `selector` under `root` (one shadow root deep) whose accessible name is exactly `name`. */
export function allByName<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string, name: string | RegExp): T[] {
  return [...root.querySelectorAll<T>(selector)].filter((el) =>
    typeof name === 'string' ? accessibleName(el) === name : name.test(accessibleName(el)),
  );
}

/** The one element by selector and accessible name, ignoring ones inside closed dialogs. */
export function byName<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string, name: string | RegExp): T {
  const found = allByName<T>(root, selector, name).filter((el) => {
    const dialog = el.closest('dialog');
    return !dialog || dialog.open;
  });
  if (found.length !== 1) throw new Error(`expected one ${selector} named ${name}, found ${found.length}`);
  return found[0];
}

export function queryByName<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string, name: string | RegExp): T | undefined {
  return allByName<T>(root, selector, name).find((el) => {
    const dialog = el.closest('dialog');
    return !dialog || dialog.open;
  });
}

/** Sets a field's value as typing would (input + change events). */
export function fill(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Polls until `check` returns a truthy value (mocha's timeout bounds it). */
type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;
export async function eventually<T>(check: () => T | Promise<T>, what = 'condition', interval = 25): Promise<Truthy<T>> {
  let last: unknown;
  for (let i = 0; i < 600; i++) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** The names in the list, in order. */
export function rowNames(el: HTMLElement): string[] {
  return [...el.shadowRoot!.querySelectorAll('tbody a[data-case-id]')].map((a) => squash(a.textContent ?? ''));
}

// ------------------------------------------------------------------ mounting

export interface QueueOptions {
  basePath?: string;
  pageSize?: number;
  token?: string;
  locale?: string;
}

/** Mounts `<kyc-review-queue>` against the test BFF (alice by default). */
export async function mountQueue<T extends HTMLElement>(options: QueueOptions = {}): Promise<T> {
  const { fixture, html } = await import('@open-wc/testing');
  return fixture<T>(html`<kyc-review-queue
    api=${api}
    token=${options.token ?? reviewerKey}
    base-path=${options.basePath ?? '/review'}
    page-size=${options.pageSize ?? 20}
    locale=${options.locale ?? 'en'}
  ></kyc-review-queue>`);
}

/** Puts the page URL back as it was (tests navigate under their base paths). */
export function rememberUrl(): () => void {
  const href = location.href;
  return () => history.replaceState(null, '', href);
}

/** Types into the search field and waits for the list to show exactly `names` (in order). */
export async function searchFor(el: HTMLElement, q: string, names?: string[]) {
  const search = byName<HTMLInputElement>(el.shadowRoot!, 'input', 'Search by name');
  fill(search, q);
  if (names) await eventually(() => JSON.stringify(rowNames(el)) === JSON.stringify(names), `rows ${names.join(', ')}`);
}

export function shadow(el: HTMLElement): ShadowRoot {
  return el.shadowRoot!;
}
