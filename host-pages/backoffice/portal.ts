/**
 * The demo's "existing admin portal": its own header, navigation and routes
 * (dashboard, customers, KYC reviews, settings), with `<kyc-review-queue>`
 * mounted under /backoffice/kyc. The portal owns sign-in: the reviewer's key
 * comes from the sign-in form or from a `#token=<key>` fragment (what
 * `npm start` prints), is kept in sessionStorage, and reaches the element as
 * its `token` property. The fragment is removed from the address bar as soon
 * as it has been read.
 *
 * The element routes its own paths (`/backoffice/kyc/`, `/backoffice/kyc/cases/<id>`);
 * the portal only decides which section shows, and never re-creates the element.
 */
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';

const BASE = '/backoffice';
const KYC_BASE = `${BASE}/kyc`;
const STORAGE_KEY = 'northwind-admin.reviewer-key';
const API = '/api/v1';

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

function useKey(key: string | null) {
  storeKey(key);
  signedIn = !!key;
  queue.token = key;
  render();
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
  useKey(null);
  render(true);
});

// A key the BFF stops accepting (rotated, mistyped in the fragment) sends the reviewer back to sign-in.
queue.addEventListener('kyc-error', (event) => {
  if (event.detail.code === 'unauthorized') showSignIn('Your key was not accepted. Sign in again.');
});
queue.addEventListener('kyc-case-open', () => {
  document.title = `Case — ${TITLES.kyc} — Northwind Admin`;
});

async function start() {
  const fromFragment = takeFragmentKey();
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
