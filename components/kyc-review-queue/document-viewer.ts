/**
 * The case's images: one figure per document side and the selfie, each with
 * zoom, rotation, full size and its earlier versions. Images come as object
 * URLs from the ImageStore (the key never in a URL).
 */
import { html, nothing } from 'lit';
import { documentItems, SELFIE } from '../workflow/catalogue.js';
import type { CaseDetail, CaseDocument } from '../review-client/types.js';
import type { QueueContext } from './context.js';
import { cssomStyle } from './cssom-style.js';
import { formatDateTime, itemLabel, itemOfDocument } from './format.js';

interface ImageView {
  docId: string;
  zoom: number;
  rotation: number;
}

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

/** The items of a case's document, plus the selfie. */
export function caseItems(detail: CaseDetail | null): string[] {
  const type = detail?.context.documentType ?? detail?.documentType;
  return [...(type ? documentItems(type) : []), SELFIE];
}

export class DocumentViewer {
  private views = new Map<string, ImageView>();
  /** Width ÷ height of each decoded image (a quarter turn is laid out from it). */
  private ratios = new Map<string, number>();
  /** The case's current uploads when the figures were last laid out. */
  private uploads = '';

  constructor(private readonly ctx: QueueContext) {}

  /** Forgets zoom, rotation and chosen versions (another case opened). */
  reset() {
    this.views = new Map();
    this.ratios = new Map();
  }

  private get detail() {
    return this.ctx.client.state.detail;
  }

  /** Every version of `item`, newest first. */
  private versionsOf(item: string): CaseDocument[] {
    return (this.detail?.documents ?? []).filter((doc) => itemOfDocument(doc) === item);
  }

  private viewOf(item: string): ImageView | undefined {
    // A load that brought new uploads shows every figure's current version again.
    const uploads = JSON.stringify(this.detail?.context.uploads ?? {});
    if (uploads !== this.uploads) {
      this.uploads = uploads;
      this.views = new Map([...this.views].map(([key, view]) => [key, { ...view, docId: '' }]));
    }
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

  private measured(id: string, img: HTMLImageElement) {
    if (!img.naturalHeight || this.ratios.has(id)) return;
    this.ratios.set(id, img.naturalWidth / img.naturalHeight);
    this.ctx.host.requestUpdate();
  }

  private update(item: string, change: Partial<ImageView>) {
    const view = this.viewOf(item);
    if (!view) return;
    this.views.set(item, { ...view, ...change });
    this.ctx.host.requestUpdate();
  }

  /** The figures, the selfie beside the document's front: front, selfie, then the other sides. */
  renderFigures() {
    const items = caseItems(this.detail);
    const ordered = [items[0], SELFIE, ...items.slice(1, -1)].filter(Boolean);
    return html`<div class="figures">${ordered.map((item) => this.renderFigure(item))}</div>`;
  }

  private renderFigure(item: string) {
    const { s, locale, images } = this.ctx;
    const label = itemLabel(item, s);
    const versions = this.versionsOf(item);
    const view = this.viewOf(item);
    if (!view) return nothing;
    const current = this.detail?.context.uploads?.[item] ?? versions[0]?.id;
    const versionName = (doc: CaseDocument) => {
      const n = versions.length - versions.indexOf(doc);
      const text = s.version(n, formatDateTime(doc.createdAt, locale));
      return `${text} (${doc.id === current ? s.current : s.notCurrent})`;
    };
    const shown = versions.find((doc) => doc.id === view.docId) ?? versions[0];
    const url = images.url(shown.id);
    // A quarter turn: the layout box is sized so that the turned picture fits the frame's width and height.
    const ratio = view.rotation % 180 ? this.ratios.get(shown.id) : undefined;
    const side = ratio ? `calc(min(100cqw * ${ratio}, 26rem, 70vh) * ${view.zoom})` : null;
    const tool = (name: string, icon: unknown, onClick: () => void, disabled = false, popup = false) =>
      html`<button part="button" type="button" aria-haspopup=${popup ? 'dialog' : nothing} aria-label=${name} title=${name}
        ?disabled=${disabled} @click=${onClick}>${icon}</button>`;
    return html`<figure part="figure" class=${`figure ${item === SELFIE ? 'selfie' : ''}`}>
      <figcaption>
        <strong>${label}</strong>
        <span class="muted">${versionName(shown)}</span>
      </figcaption>
      <div class="frame" tabindex="0" role="group" aria-label=${label} ${cssomStyle({ height: side })}>
        ${url
          ? html`<img
              part="image"
              src=${url}
              alt=${s.imageAlt(label, versionName(shown))}
              data-item=${item}
              data-document-id=${shown.id}
              class=${`rot-${view.rotation}`}
              @load=${(event: Event) => this.measured(shown.id, event.currentTarget as HTMLImageElement)}
              ${cssomStyle({ width: side ?? `${view.zoom * 100}%` })}
            />`
          : html`<p class="muted">${images.hasFailed(shown.id) ? s.imageFailed : s.loadingImage}</p>`}
      </div>
      <div class="tools">
        ${tool(s.zoomIn(label), ICONS.zoomIn, () => this.update(item, { zoom: Math.min(4, view.zoom * 1.5) }), view.zoom >= 4)}
        ${tool(s.zoomOut(label), ICONS.zoomOut, () => this.update(item, { zoom: Math.max(1, view.zoom / 1.5) }), view.zoom <= 1)}
        ${tool(s.rotate(label), ICONS.rotate, () => this.update(item, { rotation: (view.rotation + 90) % 360 }))}
        ${tool(s.openFull(label), ICONS.full, () => this.ctx.dialogs.open('full', item), !url, true)}
      </div>
      ${versions.length > 1
        ? html`<div class="versions" role="group" aria-label=${`${label}: ${s.earlierVersions(versions.length - 1)}`}>
            ${versions.map(
              (doc) =>
                html`<button part="button" type="button" aria-pressed=${doc.id === shown.id ? 'true' : 'false'}
                  @click=${() => this.update(item, { docId: doc.id })}><span class="sr-only">${label}: </span>${versionName(doc)}</button>`,
            )}
          </div>`
        : nothing}
    </figure>`;
  }

  /** The full-size dialog's content for `item` (the version and rotation its figure shows). */
  renderFull(item: string | null) {
    const s = this.ctx.s;
    const view = item ? this.viewOf(item) : undefined;
    if (!item || !view) return nothing;
    const url = this.ctx.images.url(view.docId);
    const label = itemLabel(item, s);
    return html`<div class="dialog-head">
        <h2 id="full-heading">${s.fullSize(label)}</h2>
        ${url ? html`<a href=${url} target="_blank" rel="noopener">${s.openInNewTab}</a>` : nothing}
        <button part="button" type="button" @click=${() => this.ctx.dialogs.close()}>${s.close}</button>
      </div>
      <div class="full-frame">${url ? html`<img src=${url} alt=${label} class=${`natural rot-${view.rotation}`} />` : nothing}</div>`;
  }
}
