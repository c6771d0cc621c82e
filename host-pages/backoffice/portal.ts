/**
 * The demo's "existing admin portal": its own header, navigation and routes
 * (dashboard, customers, KYC reviews, settings), with `<kyc-review-queue>`
 * mounted under /backoffice/kyc. The portal owns sign-in: the reviewer's key
 * comes from the sign-in form or from a `#token=<key>` fragment (what
 * `npm start` prints), is kept in sessionStorage, and reaches the element as
 * its `token` property. The fragment is removed from the address bar as soon
 * as it has been read.
 *
 * With the demo identity provider (`/idp`, served by `npm start`), staff can
 * instead pick a demo person: the portal gets a short-lived JWT for them and
 * renews it a minute before it expires by setting the element's `token`
 * again, as a portal signed in through OIDC would. Only the person's id is
 * kept in sessionStorage; a reload asks the provider for a fresh token.
 *
 * The element routes its own paths (`/backoffice/kyc/`, `/backoffice/kyc/cases/<id>`);
 * the portal only decides which section shows, and never re-creates the element.
 */
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';

const BASE = '/backoffice';
const KYC_BASE = `${BASE}/kyc`;
const STORAGE_KEY = 'northwind-admin.reviewer-key';
const API = '/api/v1';
const IDP = '/idp';
const PERSON_KEY = 'northwind-admin.idp-person';
/** Renew this long before the token expires (or at 4/5 of its life when that is shorter). */
const RENEW_BEFORE_MS = 60_000;

interface IdpPerson {
  id: string;
  name: string;
  title: string;
  roles: string[];
}
interface IdpToken {
  token: string;
  expiresAt: string;
  person: IdpPerson;
}

type Page = 'dashboard' | 'customers' | 'kyc' | 'settings' | 'not-found';
const TITLES: Record<Page, string> = {
  dashboard: 'Dashboard',
  customers: 'Customers',
  kyc: 'KYC reviews',
  settings: 'Settings',
  'not-found': 'Page not found',
};

const $ = <T extends Element>(selector: string) => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`The portal page lacks ${selector}`);
  return found;
};

const queue = $<KycReviewQueue>('kyc-review-queue');
const signIn = $<HTMLElement>('#sign-in');
const signInForm = $<HTMLFormElement>('#sign-in-form');
const keyInput = $<HTMLInputElement>('#reviewer-key');
const signInError = $<HTMLElement>('#sign-in-error');
const session = $<HTMLElement>('#session');
const signOut = $<HTMLButtonElement>('#sign-out');
const main = $<HTMLElement>('#main');
const who = $<HTMLElement>('#who');
const idpSignIn = $<HTMLElement>('#idp-sign-in');
const idpPeople = $<HTMLUListElement>('#idp-people');
const idpError = $<HTMLElement>('#idp-error');

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeKey(key: string | null) {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage disabled: the key lives as long as the page */
  }
}

/** Reads `#token=<key>` once and removes it from the address bar (and from history). */
function takeFragmentKey(): string | null {
  if (!location.hash) return null;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const key = fragment.get('token');
  if (!key) return null;
  fragment.delete('token');
  const rest = fragment.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return key;
}

/** Asks the BFF whether the key is a reviewer's (the key only ever in the header). */
async function check(key: string): Promise<'ok' | 'rejected' | 'unreachable'> {
  try {
    const response = await fetch(`${API}/cases?limit=1`, { headers: { Authorization: `Bearer ${key}` } });
    if (response.ok) return 'ok';
    return response.status === 401 || response.status === 403 ? 'rejected' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

function pageOf(pathname: string): Page {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === BASE || path === `${BASE}/index.html`) return 'dashboard';
  if (path === `${BASE}/customers`) return 'customers';
  if (path === KYC_BASE || path.startsWith(`${KYC_BASE}/`)) return 'kyc';
  if (path === `${BASE}/settings`) return 'settings';
  return 'not-found';
}

let signedIn = false;

/** Shows the section for the current path; focuses its heading after a portal navigation. */
function render(focus = false) {
  const page = pageOf(location.pathname);
  signIn.hidden = signedIn;
  session.hidden = !signedIn;
  for (const section of document.querySelectorAll<HTMLElement>('section[data-page]')) {
    section.hidden = !signedIn || section.dataset.page !== page;
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-route]')) {
    if (link.dataset.route === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${signedIn ? TITLES[page] : 'Sign in'} — Northwind Admin`;
  if (focus) {
    const heading = signedIn ? document.querySelector<HTMLElement>(`section[data-page="${page}"] h1`) : $<HTMLElement>('#sign-in-heading');
    (heading ?? main).focus();
  }
}

function stored(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function storePerson(id: string | null) {
  try {
    if (id) sessionStorage.setItem(PERSON_KEY, id);
    else sessionStorage.removeItem(PERSON_KEY);
  } catch {
    /* storage disabled: the session lives as long as the page */
  }
}

/** `remember`: keep it for a reload (a reviewer key); a JWT is never stored, its person is. */
function useKey(key: string | null, remember = true) {
  storeKey(remember ? key : null);
  signedIn = !!key;
  queue.token = key;
  if (!key) {
    clearTimeout(renewal);
    renewal = undefined;
    currentIdp = null;
    who.textContent = 'Signed in as reviewer';
  }
  render();
}

// ------------------------------------------------------------ demo identity provider

let renewal: ReturnType<typeof setTimeout> | undefined;
let currentIdp: IdpToken | null = null;

async function issueToken(person: string): Promise<IdpToken | 'refused' | 'unreachable'> {
  try {
    const response = await fetch(`${IDP}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person }) });
    if (!response.ok) return response.status >= 500 ? 'unreachable' : 'refused';
    return (await response.json()) as IdpToken;
  } catch {
    return 'unreachable';
  }
}

/** Signs in (or renews) as the token's person; the element carries on where it was. */
function useIdpToken(issued: IdpToken) {
  currentIdp = issued;
  storePerson(issued.person.id);
  storeKey(null);
  who.textContent = `Signed in as ${issued.person.name} (${issued.person.title})`;
  useKey(issued.token, false);
  scheduleRenewal(issued);
}

function scheduleRenewal(issued: IdpToken) {
  clearTimeout(renewal);
  const left = Date.parse(issued.expiresAt) - Date.now();
  // A minute before the end, or at 4/5 of a shorter life (never at once, never in a loop).
  const delay = Math.max(1000, left - Math.min(RENEW_BEFORE_MS, left / 5));
  renewal = setTimeout(() => void renew(issued.person.id), delay);
}

async function renew(person: string) {
  const next = await issueToken(person);
  if (typeof next === 'object') {
    useIdpToken(next);
    return;
  }
  // Not renewed: try again shortly while the current token lasts; the element reports 401 after that.
  if (next === 'unreachable' && currentIdp && Date.parse(currentIdp.expiresAt) > Date.now()) renewal = setTimeout(() => void renew(person), 10_000);
  else showSignIn('Your session ended. Sign in again.');
}

// A tab in the background may have its timers slowed: renew on return if the token is close to its end.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && currentIdp && Date.parse(currentIdp.expiresAt) - Date.now() < RENEW_BEFORE_MS) void renew(currentIdp.person.id);
});

/** Offers the demo people when the provider is there (npm start); the key form stays either way. */
async function offerIdp() {
  let people: IdpPerson[];
  try {
    const response = await fetch(`${IDP}/people`);
    if (!response.ok) return;
    people = (await response.json()) as IdpPerson[];
  } catch {
    return;
  }
  idpPeople.replaceChildren(
    ...people.map((person) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.person = person.id;
      const name = document.createElement('span');
      name.textContent = `Sign in as ${person.name}`;
      const role = document.createElement('span');
      role.className = 'role';
      role.textContent = person.title;
      button.append(name, role);
      button.addEventListener('click', async () => {
        idpError.textContent = '';
        button.disabled = true;
        const issued = await issueToken(person.id);
        button.disabled = false;
        if (typeof issued === 'object') {
          useIdpToken(issued);
          render(true);
        } else idpError.textContent = issued === 'refused' ? 'The identity provider refused this person.' : 'The identity provider could not be reached. Try again.';
      });
      item.append(button);
      return item;
    }),
  );
  idpSignIn.hidden = false;
}

function showSignIn(message: string) {
  useKey(null);
  signInError.textContent = message;
  keyInput.focus();
}

// The portal's own links: client-side navigation between its sections.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-portal-link]');
  if (!link || link.origin !== location.origin) return;
  event.preventDefault();
  if (link.pathname !== location.pathname) history.pushState({ portal: true }, '', link.pathname);
  render(true);
});
// Back/Forward: the element follows its own paths; the portal shows the right section.
window.addEventListener('popstate', () => render());

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    signInError.textContent = 'Enter your reviewer key.';
    keyInput.focus();
    return;
  }
  signInError.textContent = '';
  const button = signInForm.querySelector('button');
  if (button) button.disabled = true;
  const verdict = await check(key);
  if (button) button.disabled = false;
  if (verdict === 'ok') {
    keyInput.value = '';
    useKey(key);
    render(true);
  } else {
    signInError.textContent =
      verdict === 'rejected' ? 'This key was not accepted. Check it and try again.' : 'The server could not be reached. Try again.';
    keyInput.focus();
  }
});

signOut.addEventListener('click', () => {
  storePerson(null);
  useKey(null);
  render(true);
});

// A key the BFF stops accepting (rotated, mistyped in the fragment) sends the reviewer back to sign-in.
queue.addEventListener('kyc-error', (event) => {
  if (event.detail.code !== 'unauthorized') return;
  // A provider token that ran out (a sleeping laptop, a throttled tab): renew it rather than sign out.
  if (currentIdp && Date.parse(currentIdp.expiresAt) - Date.now() < RENEW_BEFORE_MS) return void renew(currentIdp.person.id);
  showSignIn(currentIdp ? 'Your session was not accepted. Sign in again.' : 'Your key was not accepted. Sign in again.');
});
queue.addEventListener('kyc-case-open', () => {
  document.title = `Case — ${TITLES.kyc} — Northwind Admin`;
});

async function start() {
  void offerIdp();
  const fromFragment = takeFragmentKey();
  const person = fromFragment ? null : stored(PERSON_KEY);
  if (person) {
    // Signed in through the provider before this reload: a fresh token, no sign-in screen.
    const issued = await issueToken(person);
    if (typeof issued === 'object') return useIdpToken(issued);
    storePerson(null);
  }
  const key = fromFragment ?? storedKey();
  if (!key) {
    useKey(null);
    return;
  }
  if (fromFragment) {
    // A key from a link is checked once before it is kept.
    const verdict = await check(fromFragment);
    if (verdict === 'rejected') {
      showSignIn('The key in the link was not accepted. Sign in with your key.');
      return;
    }
  }
  useKey(key);
}

void start();
