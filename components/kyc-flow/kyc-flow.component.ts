import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { KycEvent, KycState } from '../workflow/index.js';
import { KycWorkflowController } from '../client/kyc-workflow-controller.js';
import { takeStartCode } from '../client/start-code.js';
import {
  takeHandoffFragment,
  type HandoffFragment,
  type KycNotice,
  type KycWorkflow,
  type KycWorkflowState,
} from '../client/kyc-workflow.js';
import type { WorkflowStatus } from '../client/types.js';
import { KycDecisionEvent, KycExpiredEvent, KycFlowErrorEvent, KycStateChangeEvent, KycSubmittedEvent } from './events.js';
import { applicantMessage } from './errors.js';
import { PhotoController } from './photos.js';
import { isRtl, loadStrings, localeOf, pickLocale, stringsFor, STRINGS, type KycFlowStrings } from './strings.js';
import { styles } from './kyc-flow.styles.js';
import { handoffStyles } from './screens/handoff.styles.js';
import { safeUrl, SCREENS, STEP_OF } from './screens/index.js';
import type { FieldErrors, FlowView } from './screens/view.js';
import { HandoffController, renderHandedOff, renderHandoff } from './screens/handoff.js';

interface ShownError {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * The applicant's KYC journey: personal details, document choice, document
 * photos (camera or upload), selfie, then the reviewer's decision, pushed
 * live. Drives the shared `kycMachine` through the headless client, which
 * saves every persisted step to the BFF, so a reload (or the link opened on
 * another device) resumes where the applicant was.
 *
 * Nothing is stored before the applicant starts: the welcome screen needs
 * no BFF call (unless there is a workflow to resume: `workflow-id` + `token`,
 * a hand-off link, or one kept in storage). **Start KYC** creates the
 * workflow; until then `kyc-state-change` reports `{state: 'welcome',
 * status: 'in_progress'}`, as a new workflow starts, so creating it fires nothing.
 *
 * "Continue on another device" shows a one-time link
 * `#kyc-handoff=<workflowId>.<code>` (10 minutes) and its QR code; the element
 * that opens it redeems it for a new token and the old one stops working (the
 * first device says so and fires `kyc-error` `handed_off`; a used or expired
 * link fires `handoff_invalid`). No token ever travels in a link.
 *
 * @tagname kyc-flow
 * @summary Applicant KYC flow: details, document photos, selfie, decision.
 *
 * @fires {KycStateChangeEvent} kyc-state-change - `{state, status}` once on start or resume, then on every change of either.
 * @fires {KycSubmittedEvent} kyc-submitted - `{workflowId}` when the applicant has submitted everything for review.
 * @fires {KycDecisionEvent} kyc-decision - `{workflowId, outcome, reason, items}` when a reviewer's decision arrives.
 * @fires {KycExpiredEvent} kyc-expired - `{code}` when the applicant's link is no longer good (`token_expired`, or a `start-code` that expired or was used): the host page fetches a new start code and sets `start-code`.
 * @fires {KycFlowErrorEvent} kyc-error - `{code, message}` when something fails (also shown in the element). Code `handed_off`: the application continued on another device (a hand-off link was opened there), so this element stopped; `handoff_invalid`: the hand-off link opened here had expired or was used.
 *
 * @csspart base - The frame around everything.
 * @csspart steps - The step indicator (an ordered list of bars); each item is part `step`. Its labels show when the element is at least 30rem wide; narrower, they stay for assistive technology and part `step-text` shows "Step 2 of 5: Your details" above the bars instead.
 * @csspart step - One bar of the step indicator (with its label).
 * @csspart step-text - The current step in words, shown above the bars when the element is narrow (hidden from assistive technology: the list says the same).
 * @csspart screen - The current step's content.
 * @csspart heading - The current step's heading.
 * @csspart error - The live region errors are announced in.
 * @csspart status - The live region progress is announced in.
 * @csspart button - Every button (the main one is also part `primary`).
 * @csspart primary - The main button of a step.
 * @csspart input - Text inputs and selects.
 * @csspart field - A label with its control (and its error).
 * @csspart camera - The camera view; its guide is part `frame`.
 * @csspart frame - The guide drawn over the camera view.
 * @csspart photo - A photo being checked or reviewed.
 * @csspart progress - The upload progress bar.
 * @csspart warning - The photo quality warning.
 * @csspart other-device - The "Continue on another device" disclosure; its code is part `qr`.
 * @csspart copied - "Link copied.", announced beside the copy button.
 * @csspart qr - The QR code of the link to continue on another device.
 *
 * @cssproperty --kyc-font-family - Font family.
 * @cssproperty --kyc-font-size - Base font size.
 * @cssproperty --kyc-max-width - Largest width of the element (40rem).
 * @cssproperty --kyc-color-text - Text colour.
 * @cssproperty --kyc-color-muted - Secondary text colour.
 * @cssproperty --kyc-color-surface - Background colour.
 * @cssproperty --kyc-color-frame - Border colour of the frame.
 * @cssproperty --kyc-color-border - Border colour of inputs.
 * @cssproperty --kyc-color-primary - Accent colour (buttons, current step).
 * @cssproperty --kyc-color-on-primary - Text on the accent colour.
 * @cssproperty --kyc-color-step - Colour of steps not reached yet.
 * @cssproperty --kyc-color-error - Error colour.
 * @cssproperty --kyc-color-warning - Warning text colour.
 * @cssproperty --kyc-color-warning-background - Warning background.
 * @cssproperty --kyc-color-success - Colour of an approval.
 * @cssproperty --kyc-radius - Corner radius.
 * @cssproperty --kyc-spacing - Space between blocks.
 * @cssproperty --kyc-focus-ring - Outline of the focused control.
 */
export class KycFlow extends LitElement {
  static override styles = [styles, handoffStyles];

  static override properties = {
    api: { type: String },
    workflowId: { type: String, attribute: 'workflow-id' },
    token: { type: String },
    startCode: { type: String, attribute: 'start-code' },
    locale: { type: String },
    strings: { attribute: false },
    supportUrl: { type: String, attribute: 'support-url' },
    allowRestart: { type: Boolean, attribute: 'allow-restart' },
    _error: { state: true },
    _fieldErrors: { state: true },
    _status: { state: true },
  };

  /** The BFF's base URL (default: same origin `/api/v1`). */
  declare api: string;
  /** Resume this workflow (with `token`); otherwise a new one starts, or the one kept in storage. */
  declare workflowId: string | undefined;
  /** The workflow's token (from `POST /workflows`). */
  declare token: string | undefined;
  /** A start code from the integrator's server (`POST /applicants`), redeemed once (components/client/start-code.ts). */
  declare startCode: string | undefined;
  /** `en`, `de`, `fr`, `es` or `ar` (a regional tag such as `fr-CA` counts as `fr`). Unset: the page's `lang` (nearest ancestor), then the browser's languages, then `en`. */
  declare locale: string | undefined;
  /** Overrides for any of the locale's strings. */
  declare strings: Partial<KycFlowStrings> | undefined;
  /** Where an applicant can ask for help: a "Contact support" link after a rejection or a resubmission request (http(s), mailto: or tel:). */
  declare supportUrl: string | undefined;
  /** After a rejection, offer "Start a new application" (forgets the kept workflow). Off by default: the integrator decides. */
  declare allowRestart: boolean;

  declare private _error: ShownError | null;
  declare private _fieldErrors: FieldErrors;
  declare private _status: string;

  private readonly flow = new KycWorkflowController(this, {
    options: () => this.clientOptions(),
    onNotice: (notice) => this.onNotice(notice),
    onChange: (state) => this.onChange(state),
  });
  private readonly photos = new PhotoController(this, {
    workflow: () => this.flow.workflow,
    strings: () => this.t,
    showError: (code, message) => this.showError(code, message),
    clearError: () => (this._error = null),
    setStatus: (text) => (this._status = text),
  });
  private readonly handoffLink = new HandoffController(this, { workflow: () => this.flow.workflow });
  /** A hand-off link's code from the address bar, until a client takes it. */
  private handoff: HandoffFragment | null = null;
  private announced: { state: KycState; status: WorkflowStatus } | null = null;
  private focusHeading = false;
  private shownItem: string | undefined;
  private startedWith = '';

  constructor() {
    super();
    this.api = '/api/v1';
    this.allowRestart = false;
    this._error = null;
    this._fieldErrors = {};
    this._status = '';
  }

  /** The machine's current state (undefined while loading). */
  get currentState(): KycState | undefined {
    return this.flow.state?.phase === 'ready' ? (this.flow.state.snapshot.value as KycState) : undefined;
  }

  /** The case's status as the BFF reports it. */
  get status(): WorkflowStatus | undefined {
    return this.flow.state?.phase === 'ready' ? this.flow.state.status : undefined;
  }

  /** The headless client driving this element (null while disconnected). */
  get workflow(): KycWorkflow | null {
    return this.flow.workflow;
  }

  /** The locale in use: the attribute, else the page's `lang`, else the browser's languages, else `en`. */
  get resolvedLocale(): string {
    if (this.locale) return this.locale;
    const nav = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
    return pickLocale([this.closest('[lang]')?.getAttribute('lang'), ...nav]);
  }

  private get t(): KycFlowStrings {
    return stringsFor(this.resolvedLocale, this.strings);
  }

  /**
   * What the client is made from, read on every (re)start. A new attribute
   * that changes which workflow this is goes here and into `startKey`.
   */
  private clientOptions() {
    // Given to one client only: a code is redeemed once.
    const handoff = this.handoff ?? takeStartCode(this, this.startCode);
    this.handoff = null;
    return { api: this.api || '/api/v1', workflowId: this.workflowId, token: this.token, handoff };
  }

  /** Attributes whose change starts a new client. */
  private startKey(): string {
    return `${this.api}|${this.workflowId ?? ''}|${this.token ?? ''}|${this.startCode ?? ''}`;
  }

  override connectedCallback(): void {
    // A "continue on another device" link: a one-time code in the fragment, redeemed by the client.
    const handoff = takeHandoffFragment();
    if (handoff) {
      this.handoff = handoff;
      if (this.startedWith) this.restartFlow(); // reconnected: the link beats the kept memo
    }
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.announced = null;
  }

  /** Forgets the memo and starts a new client (new api, workflow id, token, or a hand-off link). */
  private restartFlow() {
    this.announced = null;
    this.photos.clearImages();
    this.flow.restart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = this.resolvedLocale;
    if (!STRINGS[localeOf(lang)]) void loadStrings(lang).then(() => this.requestUpdate(), () => undefined);
    const key = this.startKey();
    if (this.startedWith && key !== this.startedWith) this.restartFlow();
    this.startedWith = key;
  }

  protected override updated(): void {
    if (this.focusHeading) {
      this.focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  // ---- client state → events ------------------------------------------------

  private onChange(state: KycWorkflowState) {
    if (state.phase === 'handed_off') {
      this.photos.stopCamera();
      this.photos.clearPending();
      this.photos.clearImages();
      return;
    }
    if (state.phase !== 'ready') return;
    this.photos.prune(state);
    const current = { state: state.snapshot.value as KycState, status: state.status };
    const previous = this.announced;
    if (!previous || previous.state !== current.state || previous.status !== current.status) {
      this.announced = current;
      this.dispatchEvent(new KycStateChangeEvent(current));
    }
    const item = this.photos.currentItem();
    if (previous && previous.state !== current.state) this.enteredState();
    else if (previous && item !== this.shownItem) {
      // document_photo moved on to the next side: a new heading, so focus it too.
      this.focusHeading = true;
      this.photos.autoStart();
    }
    this.shownItem = item;
    if (!previous) this.photos.autoStart();
    this.photos.load(state);
  }

  private enteredState() {
    this.photos.stopCamera();
    this.photos.clearPending();
    this._error = null;
    this._fieldErrors = {};
    this._status = '';
    this.focusHeading = true;
    this.photos.autoStart();
  }

  private onNotice(notice: KycNotice) {
    if (notice.type === 'error' && (notice.error.code === 'token_expired' || (notice.error.code === 'handoff_invalid' && this.startCode))) this.dispatchEvent(new KycExpiredEvent({ code: notice.error.code as KycExpiredEvent['detail']['code'] }));
    if (notice.type === 'error' && notice.error.code === 'handed_off') {
      // Not an error on screen: the screen itself says where the application went.
      this._error = null;
      this.handoffLink.clear();
      this.focusHeading = true;
      this.dispatchEvent(new KycFlowErrorEvent({ code: 'handed_off', message: this.t.handedOffHeading }));
    } else if (notice.type === 'error') {
      this.showError(notice.error.code, applicantMessage(this.t, notice.error), notice.error.retryable);
    } else if (notice.type === 'submitted') {
      this.dispatchEvent(new KycSubmittedEvent({ workflowId: notice.workflowId }));
    } else {
      const { outcome, reason, items } = notice.decision;
      this.dispatchEvent(
        new KycDecisionEvent({ workflowId: notice.workflowId, outcome, reason: reason ?? null, items: items ?? [] }),
      );
    }
  }

  private showError(code: string, message: string, retryable = false) {
    this._error = { code, message, retryable };
    this.dispatchEvent(new KycFlowErrorEvent({ code, message }));
  }

  private send(event: KycEvent) {
    this._error = null;
    return this.flow.workflow?.send(event) ?? Promise.resolve(false);
  }

  /** A new application after a rejection: the kept one is forgotten, the welcome screen shows. */
  private startAgain() {
    this.flow.workflow?.forget();
    this.restartFlow();
  }

  private async retry() {
    this._error = null;
    await this.flow.workflow?.retry();
  }

  // ---- rendering ---------------------------------------------------------------

  protected override render() {
    const t = this.t;
    const state = this.flow.state;
    const value = state?.snapshot.value as KycState | undefined;
    const step = value && state?.phase === 'ready' ? STEP_OF[value] : -1;
    const busy = Boolean(state?.busy) || this.photos.preparing;
    const locale = localeOf(this.resolvedLocale);
    // Always set: an English flow on a right-to-left page still reads left to right.
    return html`
      <div part="base" class="base" lang=${locale} dir=${isRtl(locale) ? 'rtl' : 'ltr'}>
        <div class="progress">
          ${step >= 0
            ? html`<p part="step-text" class="step-text" aria-hidden="true">
                ${t.stepOf(step + 1, t.steps.length)}: <strong>${t.steps[step]}</strong>
              </p>`
            : nothing}
          <ol part="steps" class="steps" aria-label=${t.stepsLabel}>
            ${t.steps.map(
              (label, index) =>
                html`<li
                  part="step"
                  class=${index < step ? 'done' : ''}
                  aria-current=${index === step ? 'step' : nothing}
                ><span class="step-label">${label}</span></li>`,
            )}
          </ol>
        </div>
        <div part="error" class="error" role="alert">${this._error ? html`<p>${this._error.message}</p>` : nothing}</div>
        ${this._error?.retryable
          ? html`<div class="actions"><button part="button" type="button" ?disabled=${busy} @click=${() => this.retry()}>${t.retry}</button></div>`
          : nothing}
        <div part="status" class="status" role="status">${this.statusText()}</div>
        <section part="screen" class="screen" aria-busy=${busy ? 'true' : 'false'}>
          ${!state || state.phase === 'loading'
            ? html`<p class="muted">${t.loading}</p>`
            : state.phase === 'failed'
              ? html`<h2 part="heading" tabindex="-1">${t.loadFailed}</h2>`
              : state.phase === 'handed_off'
                ? renderHandedOff(t)
                : SCREENS[value!](this.view(state, busy))}
        </section>
        ${state?.phase === 'ready' && state.workflowId && value !== 'final' ? renderHandoff(t, this.handoffLink) : nothing}
      </div>
    `;
  }

  private view(state: KycWorkflowState, busy: boolean): FlowView {
    return {
      t: this.t,
      locale: localeOf(this.resolvedLocale),
      state,
      busy,
      fieldErrors: this._fieldErrors,
      photos: this.photos,
      workflow: this.flow.workflow,
      send: (event) => void this.send(event),
      supportUrl: safeUrl(this.supportUrl),
      restart: this.allowRestart && !this.workflowId ? () => this.startAgain() : null,
      invalid: (errors, focus) => {
        this._fieldErrors = errors;
        if (focus) this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(focus)?.focus());
      },
    };
  }

  private statusText(): string {
    const upload = this.flow.state?.upload;
    if (upload) return this.t.uploading(upload.total ? Math.round((upload.loaded / upload.total) * 100) : 0);
    return this._status;
  }
}
