/**
 * The queue's URLs under `base-path`: the list at `<base>/`, a case at
 * `<base>/cases/<id>`. Our own links and Back/Forward move between them
 * (History API); links elsewhere and the host page's own routes are left alone.
 */
import type { ReactiveController, ReactiveElement, TemplateResult } from 'lit';
import { Routes, type RoutesConnectedEvent } from '@lit-labs/router';

/**
 * A route pattern for the router from a regular expression: the router only
 * calls `test` and `exec`, so browsers without URLPattern work too.
 */
export function pathPattern(re: RegExp): URLPattern {
  const exec = ({ pathname = '' }: { pathname?: string }) => {
    const match = re.exec(pathname);
    return match ? { pathname: { input: pathname, groups: { ...match.groups } } } : null;
  };
  return { test: (input: { pathname?: string }) => exec(input) !== null, exec } as unknown as URLPattern;
}

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
  private readonly routes: Routes;
  /** Without base-path: wherever the page is, minus a case deep link's tail. */
  private readonly defaultBase = location.pathname.replace(/\/cases\/[^/]+\/?$/, '');
  private focusPending = false;
  private configuredBase: string | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly config: QueueRoutes,
  ) {
    // Our routes are our own: never let a router of the host page adopt them.
    host.addEventListener('lit-routes-connected', (event) => {
      if ((event as RoutesConnectedEvent).routes === this.routes) event.stopPropagation();
    });
    this.routes = new Routes(host, []);
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

  outlet() {
    return this.routes.outlet();
  }

  hostConnected() {
    window.addEventListener('popstate', this.onPopState);
    this.configure();
  }

  hostDisconnected() {
    window.removeEventListener('popstate', this.onPopState);
  }

  hostUpdate() {
    if (this.configuredBase !== this.base) this.configure();
  }

  private configure() {
    this.configuredBase = this.base;
    this.routes.routes = [
      {
        pattern: pathPattern(new RegExp(`^${escapeRegExp(this.base)}/cases/(?<id>[^/]+)/?$`)),
        render: ({ id }) => this.config.renderCase(decode(id)),
        enter: ({ id }) => this.enter(() => this.config.enterCase(decode(id), this.focusPending)),
      },
      // Everything else (the list's own path, or wherever the portal shows it) is the list.
      { pattern: pathPattern(/^/), render: () => this.config.renderList(), enter: () => this.enter(() => this.config.enterList(this.focusPending)) },
    ];
    if (this.host.isConnected) void this.routes.goto(location.pathname);
  }

  private enter(run: () => void): boolean {
    run();
    this.focusPending = false;
    return true;
  }

  /** Paths this element owns: the list and its cases, under base-path. */
  private owns(pathname: string): boolean {
    return pathname === this.base || pathname.startsWith(`${this.base}/`);
  }

  private navigate(path: string, marker: 'case' | 'list') {
    if (path !== location.pathname) history.pushState({ kycReviewQueue: marker }, '', path);
    void this.routes.goto(path);
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
    void this.routes.goto(location.pathname);
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
