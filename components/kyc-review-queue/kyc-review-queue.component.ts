import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ReviewQueueController } from '../review-client/review-queue-controller.js';
import type { ReviewNotice } from '../review-client/review-queue.js';
import { KycApiError } from '../common/http.js';
import { CaseList } from './case-list.js';
import { CaseView } from './case-view.js';
import type { QueueContext } from './context.js';
import { DecisionDialogs } from './decision-dialogs.js';
import { DocumentViewer } from './document-viewer.js';
import { KycCaseOpenEvent, KycReviewErrorEvent } from './events.js';
import { fullName } from './format.js';
import { ImageStore } from './image-store.js';
import { KeyboardController } from './keyboard-controller.js';
import { styles } from './kyc-review-queue.styles.js';
import { QueueRouter } from './router.js';
import { reviewerStringsFor, type ReviewerStrings } from './reviewers.strings.js';
import { stringsFor, type QueueStrings } from './strings.js';

/**
 * A reviewer's KYC queue for any admin portal: the list of submitted cases
 * (live), each case with its details, images, history and a decision bar.
 *
 * @tagname kyc-review-queue
 * @summary Reviews KYC cases through the BFF's reviewer routes.
 *
 * @fires {KycCaseOpenEvent} kyc-case-open - `{caseId}` when a case opens (link, deep link, keyboard, Back/Forward).
 * @fires {KycCaseDecidedEvent} kyc-case-decided - `{caseId, outcome}` when the BFF accepted a decision (a four-eyes proposal fires none; its confirmation does).
 * @fires {KycReviewErrorEvent} kyc-error - `{code, message}` on a failure shown to the reviewer (`unauthorized`, `conflict`, `network`, …).
 *
 * @csspart base - The element's outer box.
 * @csspart list - The list view: toolbar and table of cases.
 * @csspart error - The error region (e.g. "sign in again").
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
 * @csspart decision-bar - Approve, Reject and Request resubmission (Confirm and Return while a proposal waits for a second review).
 * @csspart confirm - The Confirm button of a second review.
 * @csspart return - The Return button of a second review.
 * @csspart second-review - A proposal waiting for a second review: outcome, author, reason.
 * @csspart returned - The notice of a proposal a second reviewer returned, with the reason.
 * @csspart notes - The case's internal notes and the form to add one.
 * @csspart changed - The mark on a personal detail the applicant changed from what the bank sent.
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
    errorMessage: { state: true },
    announcement: { state: true },
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
  /** Overrides for any of the element's words (the queue's and those of notes and the second review). */
  declare strings: Partial<QueueStrings & ReviewerStrings> | undefined;
  /** Cases per page (1–100). */
  declare pageSize: number;

  declare protected errorMessage: string;
  declare protected announcement: string;
  declare protected now: number;

  private readonly client: ReviewQueueController;
  private readonly router: QueueRouter;
  private readonly keyboard: KeyboardController;
  private readonly images: ImageStore;
  private readonly list: CaseList;
  private readonly caseView: CaseView;
  private readonly viewer: DocumentViewer;
  private readonly dialogs: DecisionDialogs;
  private readonly ctx: QueueContext;
  private clock?: ReturnType<typeof setInterval>;
  private focusSelector: string | null = null;
  private lastOpenedId: string | null = null;

  constructor() {
    super();
    this.api = '/api/v1';
    this.token = null;
    this.locale = 'en';
    this.pageSize = 20;
    this.errorMessage = '';
    this.announcement = '';
    this.now = Date.now();
    this.client = new ReviewQueueController(this, {
      options: () => ({ api: this.api || '/api/v1', token: this.token, pageSize: this.pageSize }),
      onNotice: (notice) => this.onNotice(notice),
    });
    this.router = new QueueRouter(this, {
      basePath: () => this.basePath,
      renderList: () => this.list.render(),
      renderCase: (id) => this.caseView.render(id),
      enterList: (focus) => this.enterList(focus),
      enterCase: (id, focus) => this.enterCase(id, focus),
    });
    this.images = new ImageStore(this, {
      source: () => ({ api: this.api || '/api/v1', token: this.token }),
      onError: (error) => this.fail(error),
    });
    // One object for every part; words, locale and clock refreshed at each update.
    const ctx = (this.ctx = {
      host: this,
      client: this.client,
      s: this.s,
      r: reviewerStringsFor('en', this.strings),
      locale: 'en',
      now: this.now,
      router: this.router,
      images: this.images,
      focusAfterRender: (selector) => this.focusLater(selector),
      emit: (event) => this.dispatchEvent(event),
    } as Partial<QueueContext> as QueueContext);
    ctx.keyboard = this.keyboard = new KeyboardController(ctx);
    this.list = new CaseList(ctx);
    ctx.caseView = this.caseView = new CaseView(ctx);
    ctx.viewer = this.viewer = new DocumentViewer(ctx);
    ctx.dialogs = this.dialogs = new DecisionDialogs(ctx);
  }

  override connectedCallback() {
    super.connectedCallback();
    this.clock = setInterval(() => (this.now = Date.now()), 30_000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.clock);
    this.list.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('token') || changed.has('api')) this.errorMessage = '';
    Object.assign(this.ctx, { s: this.s, r: reviewerStringsFor(this.locale, this.strings), locale: this.locale || 'en', now: this.now });
    this.keyboard.clamp(this.client.state.items.length);
  }

  protected override updated() {
    if (!this.focusSelector) return;
    const target = this.renderRoot.querySelector<HTMLElement>(this.focusSelector);
    if (target) {
      this.focusSelector = null;
      target.focus();
    }
  }

  protected get s(): QueueStrings {
    return stringsFor(this.locale, this.strings);
  }

  private onNotice(notice: ReviewNotice) {
    if (notice.type === 'arrival') this.announcement = this.s.newArrival(fullName(notice.item.applicant));
    else this.fail(notice.error);
  }

  /** Shows a failure in words and tells the host; a 401 says "sign in again" once. */
  private fail(error: KycApiError) {
    if (error.status === 401) {
      if (this.errorMessage === this.s.signInAgain) return;
      this.errorMessage = this.s.signInAgain;
      this.dispatchEvent(new KycReviewErrorEvent({ code: 'unauthorized', message: this.s.signInAgain }));
      return;
    }
    this.errorMessage = this.s.genericError(error.message);
    this.dispatchEvent(new KycReviewErrorEvent({ code: error.code, message: error.message }));
  }

  private leaveCase() {
    this.images.clear();
    this.viewer.reset();
    this.caseView.reset();
    this.dialogs.reset();
  }

  private enterCase(id: string, focus: boolean) {
    if (this.client.state.caseId === id) return;
    this.leaveCase();
    this.lastOpenedId = id;
    this.dispatchEvent(new KycCaseOpenEvent({ caseId: id }));
    void this.client.queue.openCase(id).then(() => {
      const { caseId, caseState } = this.client.state;
      if (focus && caseId === id && caseState === 'ready') this.focusLater('#case-heading');
    });
  }

  private enterList(focus: boolean) {
    if (this.client.state.caseId === null) return;
    this.leaveCase();
    void this.client.queue.openCase(null);
    if (focus && this.lastOpenedId) this.focusLater(`a[data-case-id="${CSS.escape(this.lastOpenedId)}"]`);
  }

  /** Moves focus to `selector` after the next render. */
  private focusLater(selector: string) {
    this.focusSelector = selector;
    this.requestUpdate();
  }

  private retry() {
    this.errorMessage = '';
    this.client.restart();
  }

  protected override render() {
    const s = this.s;
    const authFailed = this.client.state.authFailed;
    return html`<div part="base" class="base" lang=${this.locale || 'en'} @click=${this.router.onClick}>
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
      <div part="error" class=${this.errorMessage ? 'error' : ''} role="alert">
        ${this.errorMessage
          ? html`<p>${this.errorMessage}</p>
              ${authFailed ? nothing : html`<button part="button" type="button" @click=${this.retry}>${s.retry}</button>`}`
          : nothing}
      </div>
      ${this.token ? this.router.outlet() : html`<p class="empty">${s.noToken}</p>`} ${this.dialogs.renderHelpDialog()}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kyc-review-queue': KycReviewQueue;
  }
}
