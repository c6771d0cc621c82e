/**
 * Protected document images for `<img>`: fetched with the Authorization
 * header and handed out as object URLs (never a URL carrying a key), revoked
 * when the case closes or the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fetchObjectUrl, type KycApiError } from '../common/http.js';

export interface ImageStoreOptions {
  /** The BFF and the reviewer's key at the time of a fetch. */
  source(): { api: string; token: string | null };
  onError(error: KycApiError): void;
}

export class ImageStore implements ReactiveController {
  private readonly urls = new Map<string, string>();
  private readonly failed = new Set<string>();
  private readonly loading = new Set<string>();
  private abort = new AbortController();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ImageStoreOptions,
  ) {
    host.addController(this);
  }

  /** The object URL of document `id`, starting its fetch on first ask. */
  url(id: string): string | undefined {
    const url = this.urls.get(id);
    if (!url && !this.failed.has(id) && !this.loading.has(id)) void this.load(id);
    return url;
  }

  hasFailed(id: string): boolean {
    return this.failed.has(id);
  }

  private async load(id: string) {
    const { api, token } = this.options.source();
    if (!token) return;
    const signal = this.abort.signal;
    this.loading.add(id);
    try {
      const url = await fetchObjectUrl(api, `/documents/${encodeURIComponent(id)}`, token, signal);
      if (signal.aborted) URL.revokeObjectURL(url);
      else this.urls.set(id, url);
    } catch (error) {
      if (signal.aborted) return;
      this.failed.add(id);
      this.options.onError(error as KycApiError);
    } finally {
      if (!signal.aborted) {
        this.loading.delete(id);
        this.host.requestUpdate();
      }
    }
  }

  /** Stops pending fetches and revokes every URL handed out. */
  clear() {
    this.abort.abort();
    this.abort = new AbortController();
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
    this.failed.clear();
    this.loading.clear();
  }

  hostDisconnected() {
    this.clear();
  }
}
