import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
// routes.js alone: the package's index also loads router.js, which reads `location` on import (a define entry must load without a DOM).
import { Routes, type RoutesConnectedEvent } from '@lit-labs/router/routes.js';
import { KycApiError, request } from '../common/http.js';
import { openEventStream, type StreamMessage } from '../common/event-stream.js';
import { documentItems, SELFIE } from '../workflow/catalogue.js';
import type { DecisionItem, Outcome } from '../workflow/schemas.js';
import { KycCaseDecidedEvent, KycCaseOpenEvent, KycReviewErrorEvent } from './events.js';
import { countryName, formatDate, formatDateTime, fullName, historyLine, itemLabel, itemOfDocument, minutesSince } from './format.js';
import { cssomStyle } from './cssom-style.js';
import { ImageStore } from './image-store.js';
import { styles } from './kyc-review-queue.styles.js';
import { stringsFor, type QueueStrings } from './strings.js';
import { CASE_STATUSES, type CaseDetail, type CaseDocument, type CaseItem, type CaseList, type CaseStatus, type SortOrder } from './types.js';

type DialogName = 'help' | 'reject' | 'resubmit' | 'full';
interface ImageView {
  docId: string;
  zoom: number;
  rotation: number;
}

const CASE_EVENTS = ['case.submitted', 'case.updated', 'case.decided'];
const NOT_TYPING = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'];

/** True when a key press in `node` is someone typing, not a shortcut. */
function isTyping(node: EventTarget | undefined): boolean {
  if (!(node instanceof HTMLElement)) return false;
  if (node.isContentEditable || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement) return true;
  return node instanceof HTMLInputElement && !NOT_TYPING.includes(node.type);
}

/**
 * A route pattern for the router from a regular expression: the router only
 * calls `test` and `exec`, so browsers without URLPattern work too.
 */
function pathPattern(re: RegExp): URLPattern {
  const exec = ({ pathname = '' }: { pathname?: string }) => {
    const match = re.exec(pathname);
    return match ? { pathname: { input: pathname, groups: { ...match.groups } } } : null;
  };
  return { test: (input: { pathname?: string }) => exec(input) !== null, exec } as unknown as URLPattern;
}

const decode = (text = '') => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Small line icons (the buttons carry the words in aria-label and title). */
const icon = (d: string) =>
  html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
    fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d} /></svg>`;
const ICONS = {
  zoomIn: icon('M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14M20 20l-4-4M8 11h6M11 8v6'),
  zoomOut: icon('M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14M20 20l-4-4M8 11h6'),
  rotate: icon('M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7'),
  full: icon('M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5'),
};

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

/**
 * A reviewer's KYC queue for any admin portal: the list of submitted cases
 * (live), each case with its details, images, history and a decision bar.
 *
 * @tagname kyc-review-queue
 * @summary Reviews KYC cases through the BFF's reviewer routes.
 *
 * @fires {KycCaseOpenEvent} kyc-case-open - `{caseId}` when a case opens (link, deep link, keyboard, Back/Forward).
 * @fires {KycCaseDecidedEvent} kyc-case-decided - `{caseId, outcome}` when the BFF accepted a decision.
 * @fires {KycReviewErrorEvent} kyc-error - `{code, message}` on a failure shown to the reviewer (`unauthorized`, `conflict`, `network`, …).
 *
 * @csspart base - The element's outer box.
 * @csspart error - The error region (e.g. "sign in again").
 * @csspart list - The list view: toolbar and table of cases.
 * @csspart toolbar - Filter, search and sort above the list.
 * @csspart count - The number of cases waiting for review.
 * @csspart table - The list of cases.
 * @csspart row - One case in the list.
 * @csspart new-badge - The mark on a case that arrived while the list was open.
 * @csspart load-more - The "Load more" button.
 * @csspart case - One open case.
 * @csspart back - The link back to the list.
 * @csspart status - A status badge.
 * @csspart notice - A conflict or change explained in words.
 * @csspart figure - One document side or the selfie, with its tools.
 * @csspart image - A document image.
 * @csspart history - The case's history.
 * @csspart decision-bar - Approve, Reject and Request resubmission.
 * @csspart button - Every button.
 * @csspart primary - The approving and confirming buttons.
 * @csspart danger - The rejecting buttons.
 * @csspart dialog - Every dialog.
 *
 * @cssproperty --kyc-font-family - Font of the whole element.
 * @cssproperty --kyc-font-size - Base font size.
 * @cssproperty --kyc-color-text - Text colour.
 * @cssproperty --kyc-color-muted - Secondary text colour.
 * @cssproperty --kyc-color-surface - Background.
 * @cssproperty --kyc-color-surface-alt - Background of rows, figures and bars.
 * @cssproperty --kyc-color-border - Borders.
 * @cssproperty --kyc-color-primary - Links, focus and primary buttons (the same token as `<kyc-flow>`'s).
 * @cssproperty --kyc-color-on-primary - Text on primary buttons.
 * @cssproperty --kyc-color-error - Rejection and errors.
 * @cssproperty --kyc-color-success - Approval.
 * @cssproperty --kyc-color-warning - Waiting and resubmission.
 * @cssproperty --kyc-color-new - Mark of newly arrived cases.
 * @cssproperty --kyc-radius - Corner radius.
 * @cssproperty --kyc-spacing - Spacing between blocks (1rem); the queue's inner gaps are half of it.
 */
export class KycReviewQueue extends LitElement {
  static override styles = styles;

  static override properties = {
    api: { type: String },
    token: { type: String },
    basePath: { type: String, attribute: 'base-path' },
    locale: { type: String },
    strings: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    statusFilter: { state: true },
    query: { state: true },
    sort: { state: true },
    items: { state: true },
    nextCursor: { state: true },
    total: { state: true },
    waitingCount: { state: true },
    listState: { state: true },
    activeIndex: { state: true },
    caseId: { state: true },
    detail: { state: true },
    caseState: { state: true },
    notice: { state: true },
    message: { state: true },
    liveChange: { state: true },
    busy: { state: true },
    dialog: { state: true },
    dialogError: { state: true },
    fullItem: { state: true },
    errorMessage: { state: true },
    announcement: { state: true },
    authFailed: { state: true },
    now: { state: true },
  };

  /** The BFF's base URL (default: same origin `/api/v1`). */
  declare api: string;
  /** The reviewer's key, sent only as `Authorization: Bearer …`. */
  declare token: string | null;
  /** Where the portal mounted the element; cases live at `<base-path>/cases/<id>`. */
  declare basePath: string | undefined;
  /** `en` (default) or `de`. */
  declare locale: string;
  /** Overrides for any of the element's words. */
  declare strings: Partial<QueueStrings> | undefined;
  /** Cases per page (1–100). */
  declare pageSize: number;

  declare protected statusFilter: CaseStatus | '';
  declare protected query: string;
  declare protected sort: SortOrder;
  declare protected items: CaseItem[];
  declare protected nextCursor: string | null;
  declare protected total: number;
  declare protected waitingCount: number | null;
  declare protected listState: 'idle' | 'loading' | 'ready' | 'error';
  declare protected activeIndex: number;
  declare protected caseId: string | null;
  declare protected detail: CaseDetail | null;
  declare protected caseState: 'loading' | 'ready' | 'missing' | 'error';
  declare protected notice: string;
  declare protected message: string;
  declare protected liveChange: CaseStatus | null;
  declare protected busy: boolean;
  declare protected dialog: DialogName | null;
  declare protected dialogError: string;
  declare protected fullItem: string | null;
  declare protected errorMessage: string;
  declare protected announcement: string;
  declare protected authFailed: boolean;
  declare protected now: number;

  private readonly routes: Routes;
  private readonly images: ImageStore;
  private readonly defaultBase: string;
  private views = new Map<string, ImageView>();
  private newIds = new Set<string>();
  private me: string | null = null;
  private stopStream?: () => void;
  private listAbort?: AbortController;
  private caseAbort?: AbortController;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private countTimer?: ReturnType<typeof setTimeout>;
  private clock?: ReturnType<typeof setInterval>;
  private focusAfterRender: string | null = null;
  private lastOpenedId: string | null = null;
  private dialogReturn: HTMLElement | null = null;

  constructor() {
    super();
    this.api = '/api/v1';
    this.token = null;
    this.locale = 'en';
    this.pageSize = 20;
    this.statusFilter = 'pending_review';
    this.query = '';
    this.sort = 'submittedAt';
    this.items = [];
    this.nextCursor = null;
    this.total = 0;
    this.waitingCount = null;
    this.listState = 'idle';
    this.activeIndex = -1;
    this.caseId = null;
    this.detail = null;
    this.caseState = 'loading';
    this.notice = '';
    this.message = '';
    this.liveChange = null;
    this.busy = false;
    this.dialog = null;
    this.dialogError = '';
    this.fullItem = null;
    this.errorMessage = '';
    this.announcement = '';
    this.authFailed = false;
    this.now = Date.now();
    // Without base-path: wherever the page is, minus a case deep link's tail.
    this.defaultBase = location.pathname.replace(/\/cases\/[^/]+\/?$/, '');
    // Our routes are our own: never let a router of the host page adopt them.
    this.addEventListener('lit-routes-connected', (event) => {
      if ((event as RoutesConnectedEvent).routes === this.routes) event.stopPropagation();
    });
    this.routes = new Routes(this, []);
    this.images = new ImageStore(this, {
      source: () => ({ api: this.apiBase, token: this.token }),
      onError: (error) => this.fail(error),
    });
  }

  // ---------------------------------------------------------------- lifecycle

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    window.addEventListener('keydown', this.onKeydown);
    this.clock = setInterval(() => (this.now = Date.now()), 30_000);
    this.configureRoutes();
    if (this.hasUpdated) this.restart();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
    window.removeEventListener('keydown', this.onKeydown);
    clearInterval(this.clock);
    clearTimeout(this.searchTimer);
    clearTimeout(this.countTimer);
    this.listAbort?.abort();
    this.caseAbort?.abort();
    this.stopStream?.();
    this.stopStream = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('basePath') && this.hasUpdated) this.configureRoutes();
    if (changed.has('token') || changed.has('api')) this.restart();
  }

  protected override updated() {
    if (this.focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      if (target) {
        this.focusAfterRender = null;
        target.focus();
      }
    }
  }

  /** (Re)loads everything for the current api and token; stops at a missing key. */
  private restart() {
    this.stopStream?.();
    this.stopStream = undefined;
    this.authFailed = false;
    this.errorMessage = '';
    if (!this.isConnected || !this.token) return;
    void this.loadList();
    void this.loadCount();
    if (this.caseId) void this.loadCase(this.caseId);
    this.stopStream = openEventStream({
      api: this.apiBase,
      path: '/cases/stream',
      token: this.token,
      onMessage: (message) => this.onStreamMessage(message),
      onOpen: (reconnected) => {
        if (!reconnected) return;
        // Catch up with whatever happened while the stream was down.
        void this.loadList({ limit: Math.min(100, Math.max(this.pageSize, this.items.length)) });
        void this.loadCount();
        if (this.caseId) void this.loadCase(this.caseId, { quiet: true });
      },
      onFatal: (error) => this.fail(error),
    });
  }

  protected get s(): QueueStrings {
    return stringsFor(this.locale, this.strings);
  }

  protected get apiBase(): string {
    return this.api || '/api/v1';
  }

  protected get intlLocale(): string {
    return this.locale || 'en';
  }

  // ---------------------------------------------------------------- routing

  /** The mount path without a trailing slash ("" for the origin's root). */
  protected get base(): string {
    const raw = (this.basePath ?? this.defaultBase).trim();
    return `/${raw}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  }

  protected get listPath(): string {
    return `${this.base}/`;
  }

  protected casePath(id: string): string {
    return `${this.base}/cases/${encodeURIComponent(id)}`;
  }

  private configureRoutes() {
    this.routes.routes = [
      {
        pattern: pathPattern(new RegExp(`^${escapeRegExp(this.base)}/cases/(?<id>[^/]+)/?$`)),
        render: ({ id }) => this.renderCase(decode(id)),
        enter: ({ id }) => this.enterCase(decode(id)),
      },
      // Everything else (the list's own path, or wherever the portal shows it) is the list.
      { pattern: pathPattern(/^/), render: () => this.renderList(), enter: () => this.enterList() },
    ];
    if (this.isConnected) void this.routes.goto(location.pathname);
  }

  /** Paths this element owns: the list and its cases, under base-path. */
  private owns(pathname: string): boolean {
    return pathname === this.base || pathname.startsWith(`${this.base}/`);
  }

  private navigate(path: string, marker: 'case' | 'list') {
    if (path !== location.pathname) history.pushState({ kycReviewQueue: marker }, '', path);
    void this.routes.goto(path);
  }

  private readonly onPopState = () => {
    const wasInside = this.contains(document.activeElement) || document.activeElement === this;
    if (wasInside || document.activeElement === document.body) this.focusPending = true;
    void this.routes.goto(location.pathname);
  };

  private focusPending = false;

  /** Only our own links, only under base-path; everything else is the host's. */
  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !this.renderRoot.contains(anchor) || anchor.target || anchor.hasAttribute('download')) return;
    if (anchor.origin !== location.origin || !this.owns(anchor.pathname)) return;
    event.preventDefault();
    this.focusPending = true;
    if (anchor.dataset.back !== undefined) this.goBack();
    else this.navigate(anchor.pathname, anchor.dataset.caseId ? 'case' : 'list');
  };

  protected openCase(id: string) {
    this.focusPending = true;
    this.navigate(this.casePath(id), 'case');
  }

  /** Back to the list: the browser's Back when we came from it, so history stays tidy. */
  protected goBack() {
    this.focusPending = true;
    if ((history.state as { kycReviewQueue?: string } | null)?.kycReviewQueue === 'case') history.back();
    else this.navigate(this.listPath, 'list');
  }

  private enterCase(id: string): boolean {
    if (this.caseId !== id) {
      this.resetCase();
      this.caseId = id;
      this.lastOpenedId = id;
      this.newIds.delete(id);
      this.dispatchEvent(new KycCaseOpenEvent({ caseId: id }));
      if (this.token) void this.loadCase(id, { focus: this.focusPending });
      this.focusPending = false;
    }
    return true;
  }

  private enterList(): boolean {
    if (this.caseId !== null) {
      this.resetCase();
      this.caseId = null;
      if (this.focusPending && this.lastOpenedId)
        this.focusAfterRender = `a[data-case-id="${CSS.escape(this.lastOpenedId)}"]`;
    }
    this.focusPending = false;
    return true;
  }

  private resetCase() {
    this.caseAbort?.abort();
    this.images.clear();
    this.views = new Map();
    this.detail = null;
    this.caseState = 'loading';
    this.notice = '';
    this.message = '';
    this.liveChange = null;
    this.fullItem = null;
    if (this.dialog && this.dialog !== 'help') this.dialog = null;
  }

  // ---------------------------------------------------------------- data

  /** Every call to the BFF goes through here: the key in a header, a 401 handled once. */
  private async call<T>(path: string, options: { method?: string; json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    if (!this.token || this.authFailed) throw new KycApiError(401, 'unauthorized', this.s.signInAgain);
    try {
      return await request<T>(this.apiBase, path, { ...options, token: this.token });
    } catch (error) {
      if (error instanceof KycApiError && error.status === 401) this.fail(error);
      throw error;
    }
  }

  /** Shows a failure in words and tells the host; a 401 also stops everything until a new key. */
  private fail(error: unknown) {
    if ((error as Error)?.name === 'AbortError') return;
    const apiError =
      error instanceof KycApiError ? error : new KycApiError(0, 'network', (error as Error)?.message || 'Network error');
    if (apiError.status === 401) {
      if (this.authFailed) return;
      this.authFailed = true;
      this.stopStream?.();
      this.stopStream = undefined;
      this.listAbort?.abort();
      this.caseAbort?.abort();
      this.errorMessage = this.s.signInAgain;
      this.dispatchEvent(new KycReviewErrorEvent({ code: 'unauthorized', message: this.s.signInAgain }));
      return;
    }
    this.errorMessage = this.s.genericError(apiError.message);
    this.dispatchEvent(new KycReviewErrorEvent({ code: apiError.code, message: apiError.message }));
  }

  protected async loadList(options: { append?: boolean; limit?: number } = {}) {
    if (!this.token || this.authFailed) return;
    const params = new URLSearchParams();
    if (this.statusFilter) params.set('status', this.statusFilter);
    if (this.query.trim()) params.set('q', this.query.trim());
    params.set('sort', this.sort);
    params.set('limit', String(options.limit ?? Math.min(100, Math.max(1, this.pageSize || 20))));
    if (options.append && this.nextCursor) params.set('cursor', this.nextCursor);
    this.listAbort?.abort();
    const abort = (this.listAbort = new AbortController());
    this.listState = 'loading';
    try {
      const page = await this.call<CaseList>(`/cases?${params}`, { signal: abort.signal });
      if (options.append) {
        const known = new Set(this.items.map((item) => item.id));
        this.items = [...this.items, ...page.items.filter((item) => !known.has(item.id))];
      } else {
        this.items = page.items;
        this.newIds = new Set([...this.newIds].filter((id) => page.items.some((item) => item.id === id)));
        if (this.activeIndex >= this.items.length) this.activeIndex = this.items.length - 1;
      }
      this.nextCursor = page.nextCursor;
      this.total = page.total;
      this.listState = 'ready';
      if (this.errorMessage && !this.authFailed) this.errorMessage = '';
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      this.listState = 'error';
      this.fail(error);
    }
  }

  private async loadCount() {
    if (!this.token || this.authFailed) return;
    try {
      const page = await this.call<CaseList>('/cases?status=pending_review&limit=1');
      this.waitingCount = page.total;
    } catch (error) {
      if (!(error instanceof KycApiError && error.status === 401)) this.fail(error);
    }
  }

  private scheduleCount() {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => void this.loadCount(), 150);
  }

  protected async loadCase(id: string, options: { focus?: boolean; quiet?: boolean } = {}) {
    if (!this.token || this.authFailed) return;
    this.caseAbort?.abort();
    const abort = (this.caseAbort = new AbortController());
    if (!options.quiet && !this.detail) this.caseState = 'loading';
    try {
      const detail = await this.call<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal: abort.signal });
      if (this.caseId !== id) return;
      this.setDetail(detail);
      this.caseState = 'ready';
      if (options.focus) this.focusAfterRender = '#case-heading';
    } catch (error) {
      if ((error as Error).name === 'AbortError' || this.caseId !== id) return;
      if (error instanceof KycApiError && error.status === 404) this.caseState = 'missing';
      else {
        this.caseState = this.detail ? 'ready' : 'error';
        this.fail(error);
      }
    }
  }

  private setDetail(detail: CaseDetail) {
    this.detail = detail;
    this.liveChange = null;
    // Keep the list row in step with what we just learned.
    this.items = this.items.map((item) => (item.id === detail.id ? this.summaryOf(detail) : item));
  }

  private summaryOf(detail: CaseDetail): CaseItem {
    const { id, status, applicant, documentType, submittedAt, updatedAt, assignee, version } = detail;
    return { id, status, applicant, documentType, submittedAt, updatedAt, assignee, version };
  }

  // ---------------------------------------------------------------- live updates

  private matchesList(item: CaseItem): boolean {
    if (this.statusFilter && item.status !== this.statusFilter) return false;
    const q = this.query.trim().toLowerCase();
    return !q || fullName(item.applicant).toLowerCase().includes(q);
  }

  private onStreamMessage(message: StreamMessage) {
    if (!CASE_EVENTS.includes(message.event)) return;
    let item: CaseItem;
    try {
      item = JSON.parse(message.data) as CaseItem;
    } catch {
      return;
    }
    if (!item?.id) return;
    this.scheduleCount();
    const index = this.items.findIndex((known) => known.id === item.id);
    if (index >= 0) {
      const before = this.items[index];
      this.items = this.items.map((known) => (known.id === item.id ? item : known));
      if (message.event === 'case.submitted' && before.status !== 'pending_review') this.markNew(item);
    } else if (this.listState === 'ready' && this.matchesList(item)) {
      this.insert(item);
      this.markNew(item);
    }
    if (this.caseId === item.id && this.detail && item.version > this.detail.version) this.liveChange = item.status;
  }

  private markNew(item: CaseItem) {
    this.newIds.add(item.id);
    this.announcement = this.s.newArrival(fullName(item.applicant));
  }

  /** Puts a live arrival where the sort order wants it, if that is within the loaded pages. */
  private insert(item: CaseItem) {
    const key = (c: CaseItem) => c.submittedAt ?? '';
    const desc = this.sort === '-submittedAt';
    const before = (a: CaseItem, b: CaseItem) => (desc ? key(a) > key(b) : key(a) < key(b));
    const at = this.items.findIndex((known) => before(item, known));
    this.total += 1;
    if (at >= 0) this.items = [...this.items.slice(0, at), item, ...this.items.slice(at)];
    else if (this.nextCursor === null) this.items = [...this.items, item];
  }

  // ---------------------------------------------------------------- actions

  private async claim() {
    const detail = this.detail;
    if (!detail || this.busy) return;
    this.busy = true;
    this.notice = '';
    try {
      const updated = await this.call<CaseDetail>(`/cases/${encodeURIComponent(detail.id)}/assignment`, {
        method: 'POST',
        json: { version: detail.version },
      });
      this.me = updated.assignee;
      this.setDetail(updated);
      this.message = this.s.heldByYou;
    } catch (error) {
      await this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  private async release() {
    const detail = this.detail;
    if (!detail || this.busy) return;
    this.busy = true;
    this.notice = '';
    try {
      this.setDetail(
        await this.call<CaseDetail>(`/cases/${encodeURIComponent(detail.id)}/assignment`, { method: 'DELETE' }),
      );
      this.message = '';
    } catch (error) {
      await this.explain(error);
    } finally {
      this.busy = false;
    }
  }

  /** Sends a decision with the version the reviewer saw; true when the BFF took it. */
  protected async decide(decision: { outcome: Outcome; reason?: string; items?: DecisionItem[] }): Promise<boolean> {
    const detail = this.detail;
    if (!detail || this.busy || detail.status !== 'pending_review') return false;
    this.busy = true;
    this.notice = '';
    this.message = '';
    try {
      const updated = await this.call<CaseDetail>(`/cases/${encodeURIComponent(detail.id)}/decision`, {
        method: 'POST',
        json: { ...decision, version: detail.version },
      });
      if (Array.isArray(updated.history) && Array.isArray(updated.documents)) this.setDetail(updated);
      else void this.loadCase(detail.id, { quiet: true });
      this.message = this.s.decided[decision.outcome];
      this.focusAfterRender = '#case-message';
      this.dispatchEvent(new KycCaseDecidedEvent({ caseId: detail.id, outcome: decision.outcome }));
      return true;
    } catch (error) {
      await this.explain(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** A refused action, in words; a 409 reloads the case and says who or what got there first. */
  private async explain(error: unknown) {
    if (!(error instanceof KycApiError) || error.status === 401) {
      if (!(error instanceof KycApiError)) this.fail(error);
      return;
    }
    if (error.status !== 409) {
      this.notice = this.s.genericError(error.message);
      this.dispatchEvent(new KycReviewErrorEvent({ code: error.code, message: error.message }));
      this.focusAfterRender = '#case-notice';
      return;
    }
    const before = this.detail;
    if (before) await this.loadCase(before.id, { quiet: true });
    const after = this.detail;
    const s = this.s;
    let words = s.conflictChanged;
    if (after && after.status !== 'pending_review' && before?.status === 'pending_review') {
      const who =
        (after.decision as { reviewer?: string } | null)?.reviewer ??
        [...after.history].reverse().find((entry) => entry.action === 'decided')?.actor.id ??
        null;
      words = s.conflictDecided(s.status[after.status], who);
    } else if (after?.assignee && after.assignee !== this.me) {
      words = s.conflictHeld(after.assignee);
    }
    this.notice = words;
    this.focusAfterRender = '#case-notice';
    this.dispatchEvent(new KycReviewErrorEvent({ code: 'conflict', message: words }));
  }

  // ---------------------------------------------------------------- dialogs

  protected async openDialog(name: DialogName) {
    if (this.dialog) return;
    this.dialogReturn = deepActiveElement();
    this.dialog = name;
    this.dialogError = '';
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>(`dialog[data-name="${name}"]`);
    if (!dialog) {
      this.dialog = null;
      return;
    }
    dialog.querySelector('form')?.reset();
    dialog.querySelectorAll('[aria-invalid]').forEach((field) => field.removeAttribute('aria-invalid'));
    if (!dialog.open) dialog.showModal();
  }

  private closeDialog() {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[open]')?.close();
  }

  private readonly onDialogClose = () => {
    this.dialog = null;
    this.dialogError = '';
    const back = this.dialogReturn;
    this.dialogReturn = null;
    if (back?.isConnected && !(back as HTMLButtonElement).disabled) back.focus();
    else if (this.message) this.focusAfterRender = '#case-message';
    else if (this.notice) this.focusAfterRender = '#case-notice';
  };

  private invalid(field: HTMLElement, words: string) {
    this.dialogError = words;
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }

  private async onRejectSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('reason') as HTMLTextAreaElement;
    const reason = field.value.trim();
    if (!reason) return this.invalid(field, this.s.needReason);
    field.removeAttribute('aria-invalid');
    this.dialogError = '';
    const ok = await this.decide({ outcome: 'reject', reason });
    if (ok || this.notice) this.closeDialog();
  }

  private async onResubmitSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const general = form.elements.namedItem('reason') as HTMLTextAreaElement;
    const items: DecisionItem[] = [];
    for (const item of this.caseItems()) {
      const box = form.elements.namedItem(`item:${item}`) as HTMLInputElement | null;
      if (!box?.checked) continue;
      const own = form.elements.namedItem(`reason:${item}`) as HTMLInputElement;
      const reason = own.value.trim() || general.value.trim();
      if (!reason) return this.invalid(own, this.s.needItemReason(itemLabel(item, this.s)));
      items.push({ document: item as DecisionItem['document'], reason });
    }
    if (!items.length) {
      const first = form.querySelector<HTMLInputElement>('input[type=checkbox]');
      return first ? this.invalid(first, this.s.needItems) : undefined;
    }
    this.dialogError = '';
    const ok = await this.decide({ outcome: 'request_resubmission', items });
    if (ok || this.notice) this.closeDialog();
  }

  /** Fills the Reason field from a chosen common reason. */
  private onCommonReason(event: Event) {
    const select = event.currentTarget as HTMLSelectElement;
    const field = select.form?.elements.namedItem('reason') as HTMLTextAreaElement | null;
    if (field && select.value) {
      field.value = select.value;
      field.removeAttribute('aria-invalid');
    }
  }

  /** Writing an item's own reason ticks the item. */
  private onItemReason(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const box = input.form?.elements.namedItem(`item:${input.dataset.item}`) as HTMLInputElement | null;
    if (box && input.value.trim()) box.checked = true;
  }

  // ---------------------------------------------------------------- keyboard

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const path = event.composedPath();
    const active = document.activeElement;
    // Keys belong to us when focus is inside the element (or nowhere in particular).
    if (!path.includes(this) && active && active !== document.body) return;
    if (isTyping(path[0]) || this.dialog || this.renderRoot.querySelector('dialog[open]')) return;
    const inCase = this.caseId !== null;
    const pending = this.detail?.status === 'pending_review' && !this.busy && !this.authFailed;
    switch (event.key) {
      case '?':
        void this.openDialog('help');
        break;
      case 'j':
      case 'k':
        if (inCase) return;
        this.moveActive(event.key === 'j' ? 1 : -1, path);
        break;
      case 'Enter': {
        const target = path[0];
        if (inCase || target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
        const item = this.items[this.activeIndex];
        if (!item) return;
        this.openCase(item.id);
        break;
      }
      case 'a':
        if (!inCase || !pending) return;
        void this.decide({ outcome: 'approve' });
        break;
      case 'r':
        if (!inCase || !pending) return;
        void this.openDialog('reject');
        break;
      case 's':
        if (!inCase || !pending) return;
        void this.openDialog('resubmit');
        break;
      case 'Escape':
        if (!inCase) return;
        this.goBack();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  private moveActive(delta: number, path: EventTarget[]) {
    const count = this.items.length;
    if (!count) return;
    const focused = path.find(
      (node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.dataset.index !== undefined,
    );
    const from = focused ? Number(focused.dataset.index) : this.activeIndex;
    const next = from < 0 ? (delta > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, from + delta));
    this.activeIndex = next;
    this.focusAfterRender = `a[data-index="${next}"]`;
    this.requestUpdate();
  }

  // ---------------------------------------------------------------- list

  private onStatusChange(event: Event) {
    this.statusFilter = (event.currentTarget as HTMLSelectElement).value as CaseStatus | '';
    this.activeIndex = -1;
    void this.loadList();
  }

  private onSortChange(event: Event) {
    this.sort = (event.currentTarget as HTMLSelectElement).value as SortOrder;
    this.activeIndex = -1;
    void this.loadList();
  }

  private onSearchInput(event: Event) {
    this.query = (event.currentTarget as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.activeIndex = -1;
      void this.loadList();
    }, 250);
  }

  private onSearchSubmit(event: SubmitEvent) {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    this.activeIndex = -1;
    void this.loadList();
  }

  protected override render() {
    const s = this.s;
    return html`<div part="base" class="base" lang=${this.intlLocale} @click=${this.onClick}>
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
      <div part="error" class=${this.errorMessage ? 'error' : ''} role="alert">
        ${this.errorMessage
          ? html`<p>${this.errorMessage}</p>
              ${this.authFailed
                ? nothing
                : html`<button part="button" type="button" @click=${() => this.restart()}>${s.retry}</button>`}`
          : nothing}
      </div>
      ${this.token ? this.routes.outlet() : html`<p class="empty">${s.noToken}</p>`} ${this.renderHelp()}
    </div>`;
  }

  private renderList(): TemplateResult {
    const s = this.s;
    const sortLabel = this.sort === 'submittedAt' ? 'ascending' : 'descending';
    return html`<section part="list" class="list" aria-labelledby="list-heading">
      <header part="toolbar" class="toolbar">
        <div class="title">
          <h2 id="list-heading">${s.heading}</h2>
          <p part="count" class="count">${this.waitingCount === null ? nothing : s.waiting(this.waitingCount)}</p>
        </div>
        <form class="filters" role="search" @submit=${this.onSearchSubmit}>
          <label
            >${s.statusFilter}
            <select name="status" @change=${this.onStatusChange}>
              ${CASE_STATUSES.map(
                (status) =>
                  html`<option value=${status} ?selected=${status === this.statusFilter}>${s.status[status]}</option>`,
              )}
              <option value="" ?selected=${this.statusFilter === ''}>${s.allStatuses}</option>
            </select></label
          >
          <label
            >${s.search}
            <input type="search" name="q" autocomplete="off" .value=${this.query} @input=${this.onSearchInput}
          /></label>
          <label
            >${s.sort}
            <select name="sort" @change=${this.onSortChange}>
              <option value="submittedAt" ?selected=${this.sort === 'submittedAt'}>${s.oldestFirst}</option>
              <option value="-submittedAt" ?selected=${this.sort === '-submittedAt'}>${s.newestFirst}</option>
            </select></label
          >
        </form>
        <button part="button" class="help-button" type="button" aria-haspopup="dialog" @click=${() => this.openDialog('help')}>
          ${s.shortcuts} <kbd>?</kbd>
        </button>
      </header>
      <table part="table" role="table" aria-labelledby="list-heading" aria-busy=${this.listState === 'loading'}>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${s.colApplicant}</th>
            <th role="columnheader" scope="col">${s.colDocument}</th>
            <th role="columnheader" scope="col">${s.colStatus}</th>
            <th role="columnheader" scope="col" aria-sort=${sortLabel}>${s.colSubmitted}</th>
            <th role="columnheader" scope="col">${s.colWaited}</th>
            <th role="columnheader" scope="col">${s.colAssignee}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${this.items.map((item, index) => this.renderRow(item, index))}
        </tbody>
      </table>
      ${this.listState === 'loading' && !this.items.length ? html`<p class="empty">${s.loading}</p>` : nothing}
      ${this.listState === 'ready' && !this.items.length ? html`<p class="empty">${s.empty}</p>` : nothing}
      <footer class="list-footer">
        ${this.items.length ? html`<p class="shown">${s.shown(this.items.length, Math.max(this.total, this.items.length))}</p>` : nothing}
        ${this.nextCursor
          ? html`<button
              part="button load-more"
              type="button"
              ?disabled=${this.listState === 'loading'}
              @click=${() => this.loadList({ append: true })}
            >
              ${s.loadMore}
            </button>`
          : nothing}
      </footer>
    </section>`;
  }

  private renderRow(item: CaseItem, index: number) {
    const s = this.s;
    const name = fullName(item.applicant);
    const isNew = this.newIds.has(item.id);
    const waited = item.status === 'pending_review' && item.submittedAt;
    return html`<tr part="row" role="row" class=${`${index === this.activeIndex ? 'active' : ''} ${isNew ? 'new' : ''}`}>
      <th role="rowheader" scope="row">
        <a href=${this.casePath(item.id)} data-case-id=${item.id} data-index=${index}>${name}</a>
        ${isNew ? html`<span part="new-badge" class="badge new-badge">${s.newBadge}</span>` : nothing}
      </th>
      <td role="cell" data-label=${s.colDocument}>${item.documentType ? s.documentTypes[item.documentType] : '—'}</td>
      <td role="cell" data-label=${s.colStatus}>
        <span part="status" class=${`status status-${item.status}`}>${s.status[item.status] ?? item.status}</span>
      </td>
      <td role="cell" data-label=${s.colSubmitted}>
        ${item.submittedAt
          ? html`<time datetime=${item.submittedAt}>${formatDateTime(item.submittedAt, this.intlLocale)}</time>`
          : '—'}
      </td>
      <td role="cell" data-label=${s.colWaited}>${waited ? s.duration(minutesSince(item.submittedAt, this.now)) : '—'}</td>
      <td role="cell" data-label=${s.colAssignee}>${item.assignee ?? s.unassigned}</td>
    </tr>`;
  }

  // ---------------------------------------------------------------- case

  /** The items of this case's document, plus the selfie. */
  private caseItems(): string[] {
    const type = this.detail?.context.documentType ?? this.detail?.documentType;
    return [...(type ? documentItems(type) : []), SELFIE];
  }

  /** Every version of `item`, newest first. */
  private versionsOf(item: string): CaseDocument[] {
    return (this.detail?.documents ?? []).filter((doc) => itemOfDocument(doc) === item);
  }

  private viewOf(item: string): ImageView | undefined {
    let view = this.views.get(item);
    const versions = this.versionsOf(item);
    if (!versions.length) return undefined;
    if (!view || !versions.some((doc) => doc.id === view!.docId)) {
      const current = this.detail?.context.uploads?.[item];
      view = { docId: versions.find((doc) => doc.id === current)?.id ?? versions[0].id, zoom: 1, rotation: 0 };
      this.views.set(item, view);
    }
    return view;
  }

  private updateView(item: string, change: Partial<ImageView>) {
    const view = this.viewOf(item);
    if (!view) return;
    this.views.set(item, { ...view, ...change });
    this.requestUpdate();
  }

  private renderCase(id: string): TemplateResult {
    const s = this.s;
    const detail = this.detail?.id === id ? this.detail : null;
    const back = html`<a part="back" class="back" href=${this.listPath} data-back>← ${s.back}</a>`;
    if (!detail) {
      return html`<section part="case" class="case">
        ${back}
        <p class="empty" role="status">
          ${this.caseState === 'missing' ? s.notFound : this.caseState === 'error' ? s.genericError(id) : s.loading}
        </p>
      </section>`;
    }
    const applicant = detail.context.applicant;
    const name = applicant ? fullName(applicant) : fullName(detail.applicant);
    const pending = detail.status === 'pending_review';
    const canAct = pending && !this.busy && !this.authFailed;
    const heldByMe = !!detail.assignee && detail.assignee === this.me;
    const type = detail.context.documentType ?? detail.documentType;
    const items = this.caseItems();
    // The selfie sits beside the document's front: front, selfie, then the other sides.
    const ordered = [items[0], SELFIE, ...items.slice(1, -1)].filter(Boolean);
    return html`<section part="case" class="case" aria-labelledby="case-heading">
      ${back}
      <header class="case-header">
        <h2 id="case-heading" tabindex="-1">${name}</h2>
        <span part="status" class=${`status status-${detail.status}`}>${s.status[detail.status]}</span>
      </header>
      <div id="case-notice" part="notice" class=${this.notice ? 'notice' : ''} role="alert" tabindex="-1">
        ${this.notice ? html`<p>${this.notice}</p>` : nothing}
      </div>
      ${this.liveChange && !this.notice
        ? html`<div part="notice" class="notice live">
            <p>${s.changedLive(s.status[this.liveChange])}</p>
            <button part="button" type="button" @click=${() => this.loadCase(detail.id, { quiet: true })}>
              ${s.refresh}
            </button>
          </div>`
        : nothing}
      <div id="case-message" class=${this.message ? 'message' : ''} role="status" tabindex="-1">
        ${this.message ? html`<p>${this.message}</p>` : nothing}
      </div>
      <div class="assignment">
        <p>${detail.assignee ? (heldByMe ? s.heldByYou : s.heldBy(detail.assignee)) : s.unassigned}</p>
        ${heldByMe
          ? html`<button part="button" type="button" ?disabled=${this.busy} @click=${this.release}>${s.release}</button>`
          : pending
            ? html`<button part="button" type="button" ?disabled=${!canAct} @click=${this.claim}>${s.claim}</button>`
            : nothing}
      </div>
      <div class="case-grid">
        <section class="details" aria-labelledby="details-heading">
          <h3 id="details-heading">${s.personalDetails}</h3>
          <dl>
            <dt>${s.name}</dt>
            <dd>${name}</dd>
            <dt>${s.dateOfBirth}</dt>
            <dd>${formatDate(applicant?.dateOfBirth, this.intlLocale)}</dd>
            <dt>${s.country}</dt>
            <dd>${countryName(applicant?.country, this.intlLocale)}</dd>
            <dt>${s.documentType}</dt>
            <dd>${type ? s.documentTypes[type] : '—'}</dd>
            <dt>${s.issuingCountry}</dt>
            <dd>${countryName(detail.context.issuingCountry, this.intlLocale)}</dd>
            <dt>${s.submittedAt}</dt>
            <dd>${formatDateTime(detail.submittedAt, this.intlLocale)}</dd>
          </dl>
          ${this.renderDecision(detail)}
        </section>
        <section class="documents" aria-labelledby="documents-heading">
          <h3 id="documents-heading">${s.documents}</h3>
          <div class="figures">${ordered.map((item) => this.renderFigure(item))}</div>
        </section>
      </div>
      <section part="history" class="history" aria-labelledby="history-heading">
        <h3 id="history-heading">${s.history}</h3>
        <ol>
          ${detail.history.map(
            (entry) =>
              html`<li><time datetime=${entry.at}>${formatDateTime(entry.at, this.intlLocale)}</time> ${historyLine(entry, s)}</li>`,
          )}
        </ol>
      </section>
      <div part="decision-bar" class="decision-bar" role="group" aria-label=${s.decisionBar}>
        ${pending ? nothing : html`<p class="muted">${s.notPending}</p>`}
        <button part="button primary" class="primary" type="button" ?disabled=${!canAct} @click=${() => this.decide({ outcome: 'approve' })}>
          ${s.approve} <kbd aria-hidden="true">a</kbd>
        </button>
        <button part="button danger" class="danger" type="button" aria-haspopup="dialog" ?disabled=${!canAct} @click=${() => this.openDialog('reject')}>
          ${s.reject} <kbd aria-hidden="true">r</kbd>
        </button>
        <button part="button" type="button" aria-haspopup="dialog" ?disabled=${!canAct} @click=${() => this.openDialog('resubmit')}>
          ${s.requestResubmission} <kbd aria-hidden="true">s</kbd>
        </button>
      </div>
      ${this.renderRejectDialog()} ${this.renderResubmitDialog()} ${this.renderFullDialog()}
    </section>`;
  }

  private renderDecision(detail: CaseDetail) {
    const decision = detail.decision;
    if (!decision) return nothing;
    const s = this.s;
    const outcome = s.decided[decision.outcome].replace(/\.$/, '');
    const who =
      (decision as { reviewer?: string }).reviewer ??
      [...detail.history].reverse().find((entry) => entry.action === 'decided')?.actor.id ??
      '—';
    return html`<div class="decision">
      <h3>${s.decisionTitle}</h3>
      <p>${s.decidedBy(outcome, who, formatDateTime(decision.decidedAt, this.intlLocale))}</p>
      ${decision.reason ? html`<p>${s.decisionReason}: ${decision.reason}</p>` : nothing}
      ${decision.items?.length
        ? html`<p>${s.itemsToRedoList}:</p>
            <ul>
              ${decision.items.map((item) => html`<li>${itemLabel(item.document, s)}: ${item.reason}</li>`)}
            </ul>`
        : nothing}
    </div>`;
  }

  private renderFigure(item: string) {
    const s = this.s;
    const label = itemLabel(item, s);
    const versions = this.versionsOf(item);
    const view = this.viewOf(item);
    if (!view) return nothing;
    const current = this.detail?.context.uploads?.[item] ?? versions[0]?.id;
    const versionName = (doc: CaseDocument) => {
      const n = versions.length - versions.indexOf(doc);
      const text = s.version(n, formatDateTime(doc.createdAt, this.intlLocale));
      return doc.id === current ? `${text} (${s.current})` : text;
    };
    const shown = versions.find((doc) => doc.id === view.docId) ?? versions[0];
    const url = this.images.url(shown.id);
    return html`<figure part="figure" class=${`figure ${item === SELFIE ? 'selfie' : ''}`}>
      <figcaption>
        <strong>${label}</strong>
        <span class="muted">${versionName(shown)}</span>
      </figcaption>
      <div class="frame" tabindex="0" role="group" aria-label=${label}>
        ${url
          ? html`<img
              part="image"
              src=${url}
              alt=${s.imageAlt(label, versionName(shown))}
              data-item=${item}
              data-document-id=${shown.id}
              class=${`rot-${view.rotation}`}
              ${cssomStyle({ width: `${view.zoom * 100}%` })}
            />`
          : html`<p class="muted">${this.images.hasFailed(shown.id) ? s.imageFailed : s.loadingImage}</p>`}
      </div>
      <div class="tools">
        <button part="button" type="button" aria-label=${s.zoomIn(label)} title=${s.zoomIn(label)}
          ?disabled=${view.zoom >= 4} @click=${() => this.updateView(item, { zoom: Math.min(4, view.zoom * 1.5) })}>${ICONS.zoomIn}</button>
        <button part="button" type="button" aria-label=${s.zoomOut(label)} title=${s.zoomOut(label)}
          ?disabled=${view.zoom <= 1} @click=${() => this.updateView(item, { zoom: Math.max(1, view.zoom / 1.5) })}>${ICONS.zoomOut}</button>
        <button part="button" type="button" aria-label=${s.rotate(label)} title=${s.rotate(label)}
          @click=${() => this.updateView(item, { rotation: (view.rotation + 90) % 360 })}>${ICONS.rotate}</button>
        <button part="button" type="button" aria-haspopup="dialog" aria-label=${s.openFull(label)} title=${s.openFull(label)}
          ?disabled=${!url} @click=${() => {
            this.fullItem = item;
            void this.openDialog('full');
          }}>${ICONS.full}</button>
      </div>
      ${versions.length > 1
        ? html`<div class="versions" role="group" aria-label=${`${label}: ${s.earlierVersions(versions.length - 1)}`}>
            ${versions.map(
              (doc) =>
                html`<button part="button" type="button" aria-pressed=${doc.id === shown.id ? 'true' : 'false'}
                  @click=${() => this.updateView(item, { docId: doc.id })}><span class="sr-only">${label}: </span>${versionName(doc)}</button>`,
            )}
          </div>`
        : nothing}
    </figure>`;
  }

  private renderRejectDialog() {
    const s = this.s;
    return html`<dialog part="dialog" data-name="reject" aria-labelledby="reject-heading" @close=${this.onDialogClose}>
      ${this.dialog === 'reject'
        ? html`<form novalidate @submit=${this.onRejectSubmit}>
            <h2 id="reject-heading">${s.rejectTitle}</h2>
            <label for="reject-common">${s.commonReasons}</label>
            <select id="reject-common" @change=${this.onCommonReason}>
              <option value="">${s.chooseReason}</option>
              ${s.rejectReasons.map((reason) => html`<option>${reason}</option>`)}
            </select>
            <label for="reject-reason">${s.reason}</label>
            <textarea id="reject-reason" name="reason" rows="3" required autofocus aria-describedby="reject-error"></textarea>
            <p id="reject-error" class="field-error" role="alert">${this.dialogError}</p>
            <div class="dialog-actions">
              <button part="button" type="button" @click=${this.closeDialog}>${s.cancel}</button>
              <button part="button danger" class="danger" type="submit" ?disabled=${this.busy}>${s.reject}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private renderResubmitDialog() {
    const s = this.s;
    const items = this.caseItems();
    return html`<dialog part="dialog" data-name="resubmit" aria-labelledby="resubmit-heading" @close=${this.onDialogClose}>
      ${this.dialog === 'resubmit'
        ? html`<form novalidate @submit=${this.onResubmitSubmit}>
            <h2 id="resubmit-heading">${s.resubmitTitle}</h2>
            <p id="resubmit-intro">${s.resubmitIntro}</p>
            <datalist id="resubmit-reasons">${s.resubmitReasons.map((reason) => html`<option value=${reason}></option>`)}</datalist>
            <fieldset>
              <legend>${s.itemsToRedo}</legend>
              ${items.map((item, i) => {
                const label = itemLabel(item, s);
                return html`<div class="item-row">
                  <span class="check">
                    <input type="checkbox" id=${`item-${i}`} name=${`item:${item}`} />
                    <label for=${`item-${i}`}>${label}</label>
                  </span>
                  <span class="item-reason">
                    <label class="sr-only" for=${`item-reason-${i}`}>${s.reasonFor(label)}</label>
                    <input
                      id=${`item-reason-${i}`}
                      name=${`reason:${item}`}
                      data-item=${item}
                      list="resubmit-reasons"
                      placeholder=${s.useGeneralReason}
                      autocomplete="off"
                      @input=${this.onItemReason}
                    />
                  </span>
                </div>`;
              })}
            </fieldset>
            <label for="resubmit-common">${s.commonReasons}</label>
            <select id="resubmit-common" @change=${this.onCommonReason}>
              <option value="">${s.chooseReason}</option>
              ${s.resubmitReasons.map((reason) => html`<option>${reason}</option>`)}
            </select>
            <label for="resubmit-reason">${s.reason}</label>
            <textarea id="resubmit-reason" name="reason" rows="2" aria-describedby="resubmit-hint resubmit-error"></textarea>
            <p id="resubmit-hint" class="muted">${s.generalReasonHint}</p>
            <p id="resubmit-error" class="field-error" role="alert">${this.dialogError}</p>
            <div class="dialog-actions">
              <button part="button" type="button" @click=${this.closeDialog}>${s.cancel}</button>
              <button part="button primary" class="primary" type="submit" ?disabled=${this.busy}>${s.sendRequest}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  private renderFullDialog() {
    const s = this.s;
    const item = this.dialog === 'full' ? this.fullItem : null;
    const view = item ? this.viewOf(item) : undefined;
    const url = view ? this.images.url(view.docId) : undefined;
    const label = item ? itemLabel(item, s) : '';
    return html`<dialog part="dialog" class="full" data-name="full" aria-labelledby="full-heading" @close=${this.onDialogClose}>
      ${item && view
        ? html`<div class="dialog-head">
              <h2 id="full-heading">${s.fullSize(label)}</h2>
              ${url ? html`<a href=${url} target="_blank" rel="noopener">${s.openInNewTab}</a>` : nothing}
              <button part="button" type="button" @click=${this.closeDialog}>${s.close}</button>
            </div>
            <div class="full-frame">
              ${url ? html`<img src=${url} alt=${label} class=${`natural rot-${view.rotation}`} />` : nothing}
            </div>`
        : nothing}
    </dialog>`;
  }

  private renderHelp() {
    const s = this.s;
    return html`<dialog part="dialog" data-name="help" aria-labelledby="help-heading" @close=${this.onDialogClose}>
      ${this.dialog === 'help'
        ? html`<h2 id="help-heading">${s.shortcuts}</h2>
            <dl class="shortcuts">
              ${s.shortcutList.map(([key, what]) => html`<dt><kbd>${key}</kbd></dt><dd>${what}</dd>`)}
            </dl>
            <div class="dialog-actions">
              <button part="button" type="button" autofocus @click=${this.closeDialog}>${s.close}</button>
            </div>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kyc-review-queue': KycReviewQueue;
  }
}
