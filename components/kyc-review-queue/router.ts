/**
 * The queue's URLs under `base-path`: the list at `<base>/`, a case at
 * `<base>/cases/<id>`. Our own links and Back/Forward move between them
 * (History API); links elsewhere and the host page's own routes are left alone.
 *
 * Two routes need no router library: one regular expression (no URLPattern,
 * so older browsers work), and no `lit-routes-connected` event that a lit
 * router of the host page could take for its own.
 */
import type { ReactiveController, ReactiveElement, TemplateResult } from 'lit';

export const decode = (text = '') => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface QueueRoutes {
  /** The mount path as the host set it (`undefined`: wherever the page is). */
  basePath(): string | undefined;
  renderList(): TemplateResult;
  renderCase(id: string): TemplateResult;
  /** Entering a route; `focus` says the reviewer moved there (a link, a key, Back). */
  enterList(focus: boolean): void;
  enterCase(id: string, focus: boolean): void;
}

export class QueueRouter implements ReactiveController {
  /** Without base-path: wherever the page is, minus a case deep link's tail. */
  private readonly defaultBase = location.pathname.replace(/\/cases\/[^/]+\/?$/, '');
  private focusPending = false;
  /** The case the URL names (`null`: the list). */
  private caseId: string | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly config: QueueRoutes,
  ) {
    host.addController(this);
  }

  /** The mount path without a trailing slash ("" for the origin's root). */
  get base(): string {
    const raw = (this.config.basePath() ?? this.defaultBase).trim();
    return `/${raw}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  }

  get listPath(): string {
    return `${this.base}/`;
  }

  casePath(id: string): string {
    return `${this.base}/cases/${encodeURIComponent(id)}`;
  }

  /** The list, or the case the URL names. */
  outlet(): TemplateResult {
    return this.caseId === null ? this.config.renderList() : this.config.renderCase(this.caseId);
  }

  hostConnected() {
    window.addEventListener('popstate', this.onPopState);
    this.goto(location.pathname);
  }

  hostDisconnected() {
    window.removeEventListener('popstate', this.onPopState);
  }

  /** A changed base-path takes effect at once. */
  hostUpdate() {
    const id = this.match(location.pathname);
    if (id !== this.caseId) this.goto(location.pathname);
  }

  private match(pathname: string): string | null {
    const found = new RegExp(`^${escapeRegExp(this.base)}/cases/([^/]+)/?$`).exec(pathname);
    return found ? decode(found[1]) : null;
  }

  /** Shows what `pathname` names: a case under base-path, else (wherever the portal shows it) the list. */
  private goto(pathname: string) {
    const id = (this.caseId = this.match(pathname));
    if (id === null) this.config.enterList(this.focusPending);
    else this.config.enterCase(id, this.focusPending);
    this.focusPending = false;
    this.host.requestUpdate();
  }

  /** Paths this element owns: the list and its cases, under base-path. */
  private owns(pathname: string): boolean {
    return pathname === this.base || pathname.startsWith(`${this.base}/`);
  }

  private navigate(path: string, marker: 'case' | 'list') {
    if (path !== location.pathname) history.pushState({ kycReviewQueue: marker }, '', path);
    this.goto(path);
  }

  openCase(id: string) {
    this.focusPending = true;
    this.navigate(this.casePath(id), 'case');
  }

  /** Back to the list: the browser's Back when we came from it, so history stays tidy. */
  goBack() {
    this.focusPending = true;
    if ((history.state as { kycReviewQueue?: string } | null)?.kycReviewQueue === 'case') history.back();
    else this.navigate(this.listPath, 'list');
  }

  private readonly onPopState = () => {
    const host = this.host;
    const wasInside = host.contains(document.activeElement) || document.activeElement === host;
    if (wasInside || document.activeElement === document.body) this.focusPending = true;
    this.goto(location.pathname);
  };

  /** Only our own links, only under base-path; everything else is the host's. */
  readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || !this.host.renderRoot.contains(anchor) || anchor.target || anchor.hasAttribute('download')) return;
    if (anchor.origin !== location.origin || !this.owns(anchor.pathname)) return;
    event.preventDefault();
    this.focusPending = true;
    if (anchor.dataset.back !== undefined) this.goBack();
    else this.navigate(anchor.pathname, anchor.dataset.caseId ? 'case' : 'list');
  };
}
