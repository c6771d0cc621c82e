import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import * as v from 'valibot';
import {
  ageOn,
  ApplicantSchema,
  COUNTRY_CODES,
  DOCUMENT_TYPES,
  documentItems,
  isIsoDate,
  MIN_AGE_YEARS,
  parseItem,
  SELFIE,
  type Applicant,
  type DocumentType,
  type KycEvent,
  type KycState,
  type UploadItem,
} from '../workflow/index.js';
import { KycWorkflowController } from '../client/kyc-workflow-controller.js';
import {
  takeHandoffFragment,
  type HandoffFragment,
  type KycNotice,
  type KycWorkflow,
  type KycWorkflowState,
} from '../client/kyc-workflow.js';
import type { WorkflowStatus } from '../client/types.js';
import { KycDecisionEvent, KycFlowErrorEvent, KycStateChangeEvent, KycSubmittedEvent } from './events.js';
import type { PreparedPhoto } from './image.js';
import { loadStrings, localeOf, stringsFor, STRINGS, type KycFlowStrings } from './strings.js';
import { styles } from './kyc-flow.styles.js';
import { applicantMessage } from './errors.js';
import type { CameraSession, Facing } from './camera.js';

type Field = keyof Applicant;
const FIELDS: Field[] = ['firstName', 'lastName', 'dateOfBirth', 'country'];

/** Which step of the indicator each state belongs to (-1: none yet). */
const STEP_OF: Record<KycState, number> = {
  welcome: -1,
  personal_details: 0,
  document_selection: 1,
  document_photo: 2,
  document_review: 2,
  selfie: 3,
  selfie_review: 3,
  final: 4,
};

interface PendingPhoto {
  item: UploadItem;
  photo: PreparedPhoto;
  url: string;
}

interface ShownError {
  code: string;
  message: string;
  retryable: boolean;
}

const regionNames = new Map<string, Intl.DisplayNames | null>();
function countryName(code: string, locale: string): string {
  if (!regionNames.has(locale)) {
    try {
      regionNames.set(locale, new Intl.DisplayNames([locale, 'en'], { type: 'region' }));
    } catch {
      regionNames.set(locale, null);
    }
  }
  return regionNames.get(locale)?.of(code) ?? code;
}
const countryLists = new Map<string, { code: string; name: string }[]>();
function countriesFor(locale: string) {
  let list = countryLists.get(locale);
  if (!list) {
    list = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) =>
      a.name.localeCompare(b.name, locale),
    );
    countryLists.set(locale, list);
  }
  return list;
}

/** The latest date of birth of an adult today, as YYYY-MM-DD. */
function adultBefore(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear() - MIN_AGE_YEARS, now.getUTCMonth(), now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

/**
 * The applicant's KYC journey: personal details, document choice, document
 * photos (camera or upload), selfie, then the reviewer's decision, pushed
 * live. Drives the shared `kycMachine` through the headless client, which
 * saves every persisted step to the BFF, so a reload (or the link opened on
 * another device) resumes where the applicant was.
 *
 * Nothing is stored before the applicant starts: opening the page shows the
 * welcome screen without calling the BFF (unless there is a workflow to
 * resume: `workflow-id` + `token`, a hand-off link, or one kept in storage,
 * which is read with a GET).
 *
 * "Continue on another device" asks the BFF for a one-time code (10 minutes)
 * and shows the link `#kyc-handoff=<workflowId>.<code>` and its QR code. The
 * element that opens such a link redeems it for a new token (removing the
 * fragment from the address bar) and the old token stops working; the first
 * device then says "This application continues on another device" and fires
 * `kyc-error` with code `handed_off`. A link that expired or was used says so
 * (code `handoff_invalid`) and the applicant can start here. The fragment
 * `#kyc-workflow=…&kyc-token=…` of earlier versions is not read: a link that
 * handed over a token would let whoever made it read what the applicant enters. Pressing **Start KYC** creates the workflow
 * (`POST /workflows`) and saves the first step. Until then there is no
 * workflow id and no "Continue on another device" link, and
 * `kyc-state-change` reports `{state: 'welcome', status: 'in_progress'}`:
 * the state and status a new workflow starts with, so that event is the
 * same whether the workflow exists yet or not, and creating it fires
 * nothing (neither changes); the next event is `personal_details` once the
 * first step is saved.
 *
 * @summary Applicant KYC flow: details, document photos, selfie, decision.
 *
 * @fires {KycStateChangeEvent} kyc-state-change - `{state, status}` once on start or resume, then on every change of either.
 * @fires {KycSubmittedEvent} kyc-submitted - `{workflowId}` when the applicant has submitted everything for review.
 * @fires {KycDecisionEvent} kyc-decision - `{workflowId, outcome, reason, items}` when a reviewer's decision arrives.
 * @fires {KycFlowErrorEvent} kyc-error - `{code, message}` when something fails (also shown in the element). Code `handed_off`: the application continued on another device (a hand-off link was opened there), so this element stopped; `handoff_invalid`: the hand-off link opened here had expired or was used.
 *
 * @csspart base - The frame around everything.
 * @csspart steps - The step indicator (an ordered list of bars); each item is part `step`. Its labels show when the element is at least 30rem wide; narrower, they stay for assistive technology and part `step-text` shows "Step 2 of 5: Your details" above the bars instead.
 * @csspart step-text - The current step in words, shown above the bars when the element is narrow (hidden from assistive technology: the list says the same).
 * @csspart screen - The current step's content.
 * @csspart heading - The current step's heading.
 * @csspart error - The live region errors are announced in.
 * @csspart status - The live region progress is announced in.
 * @csspart button - Every button (the main one is also part `primary`).
 * @csspart input - Text inputs and selects.
 * @csspart camera - The camera view; its guide is part `frame`.
 * @csspart photo - A photo being checked or reviewed.
 * @csspart progress - The upload progress bar.
 * @csspart warning - The photo quality warning.
 * @csspart other-device - The "Continue on another device" disclosure; its code is part `qr`.
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
  static override styles = styles;

  static override properties = {
    api: { type: String },
    workflowId: { type: String, attribute: 'workflow-id' },
    token: { type: String },
    locale: { type: String },
    strings: { attribute: false },
    _error: { state: true },
    _fieldErrors: { state: true },
    _hasCamera: { state: true },
    _camera: { state: true },
    _pending: { state: true },
    _preparing: { state: true },
    _status: { state: true },
    _link: { state: true },
  };

  /** The BFF's base URL (default: same origin `/api/v1`). */
  declare api: string;
  /** Resume this workflow (with `token`); otherwise a new one starts, or the one kept in storage. */
  declare workflowId: string | undefined;
  /** The workflow's token (from `POST /workflows`). */
  declare token: string | undefined;
  /** `en` (default) or `de`. */
  declare locale: string;
  /** Overrides for any of the locale's strings. */
  declare strings: Partial<KycFlowStrings> | undefined;

  declare private _error: ShownError | null;
  declare private _fieldErrors: Partial<Record<Field | 'documentType', string>>;
  declare private _hasCamera: boolean;
  declare private _camera: 'off' | 'starting' | 'on';
  declare private _pending: PendingPhoto | null;
  declare private _preparing: boolean;
  declare private _status: string;
  declare private _link: string | null;

  private readonly flow = new KycWorkflowController(this, {
    options: () => {
      // Given to one client only: a code is redeemed once.
      const handoff = this.handoff;
      this.handoff = null;
      return { api: this.api || '/api/v1', workflowId: this.workflowId, token: this.token, handoff };
    },
    onNotice: (notice) => this.onNotice(notice),
    onChange: (state) => this.onChange(state),
  });
  private cameraGranted = false;
  private camera: CameraSession | null = null;
  private cameraRun = 0;
  /** A hand-off link's code from the address bar, until a client takes it. */
  private handoff: HandoffFragment | null = null;
  /** Document id → object URL of its image (revoked once the id is no longer an upload of the snapshot). */
  private images = new Map<string, string>();
  private loadingImages = new Set<string>();
  private announced: { state: KycState; status: WorkflowStatus } | null = null;
  private focusHeading = false;
  private shownItem: UploadItem | undefined;
  private startedWith = '';

  constructor() {
    super();
    this.api = '/api/v1';
    this.locale = 'en';
    this._error = null;
    this._fieldErrors = {};
    this._hasCamera = false;
    this._camera = 'off';
    this._pending = null;
    this._preparing = false;
    this._status = '';
    this._link = null;
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

  private get t(): KycFlowStrings {
    return stringsFor(this.locale, this.strings);
  }

  override connectedCallback(): void {
    // A "continue on another device" link: a one-time code in the fragment, redeemed by the client.
    const handoff = takeHandoffFragment();
    if (handoff) {
      this.handoff = handoff;
      if (this.startedWith) this.restartFlow(); // reconnected: the link beats the kept memo
    }
    super.connectedCallback();
    void this.detectCamera();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopCamera();
    this.clearPending();
    this.clearImages();
    this.announced = null;
  }

  private clearImages() {
    for (const url of this.images.values()) URL.revokeObjectURL(url);
    this.images.clear();
  }

  /** Forgets the memo and starts a new client (new api, workflow id, token, or a hand-off link). */
  private restartFlow() {
    this.announced = null;
    this.clearImages();
    this.flow.restart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale') && !STRINGS[localeOf(this.locale)]) {
      void loadStrings(this.locale).then(() => this.requestUpdate(), () => undefined);
    }
    const key = `${this.api}|${this.workflowId ?? ''}|${this.token ?? ''}`;
    if (
      (changed.has('api') || changed.has('workflowId') || changed.has('token')) &&
      this.startedWith &&
      key !== this.startedWith
    ) {
      this.restartFlow();
    }
    this.startedWith = key;
  }

  protected override updated(): void {
    if (this.focusHeading) {
      this.focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    }
  }

  private async detectCamera() {
    try {
      const devices = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
      this._hasCamera = devices.some((device) => device.kind === 'videoinput');
      const permission = await navigator.permissions?.query({ name: 'camera' as PermissionName });
      this.cameraGranted = permission?.state === 'granted';
      if (this.cameraGranted) this.autoStartCamera();
    } catch {
      /* no camera API: uploads only */
    }
  }

  // ---- client state → events ------------------------------------------------

  private onChange(state: KycWorkflowState) {
    if (state.phase === 'handed_off') {
      this.stopCamera();
      this.clearPending();
      this.clearImages();
      return;
    }
    if (state.phase !== 'ready') return;
    this.pruneImages(state);
    const current = { state: state.snapshot.value as KycState, status: state.status };
    const previous = this.announced;
    if (!previous || previous.state !== current.state || previous.status !== current.status) {
      this.announced = current;
      this.dispatchEvent(new KycStateChangeEvent(current));
    }
    const item = this.currentItem();
    if (previous && previous.state !== current.state) this.enteredState();
    else if (previous && item !== this.shownItem) {
      // document_photo moved on to the next side: a new heading, so focus it too.
      this.focusHeading = true;
      this.autoStartCamera();
    }
    this.shownItem = item;
    if (!previous) this.autoStartCamera();
    this.loadImages(state);
  }

  private enteredState() {
    this.stopCamera();
    this.clearPending();
    this._error = null;
    this._fieldErrors = {};
    this._status = '';
    this.focusHeading = true;
    this.autoStartCamera();
  }

  private onNotice(notice: KycNotice) {
    if (notice.type === 'error' && notice.error.code === 'handed_off') {
      // Not an error on screen: the screen itself says where the application went.
      this._error = null;
      this._link = null;
      this.focusHeading = true;
      this.dispatchEvent(new KycFlowErrorEvent({ code: 'handed_off', message: this.t.handedOffHeading }));
    } else if (notice.type === 'error') {
      const { code, retryable } = notice.error;
      this.showError(code, applicantMessage(this.t, notice.error), retryable);
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

  // ---- photos ----------------------------------------------------------------

  private get state(): KycWorkflowState | null {
    return this.flow.state;
  }

  /** The item the photo screen asks for: the first side without an upload. */
  private currentItem(): UploadItem | undefined {
    const snapshot = this.state?.snapshot;
    if (!snapshot) return undefined;
    if (snapshot.value === 'selfie') return SELFIE;
    const type = snapshot.context.documentType;
    if (snapshot.value !== 'document_photo' || !type) return undefined;
    return documentItems(type).find((item) => !snapshot.context.uploads[item]);
  }

  private autoStartCamera() {
    const item = this.currentItem();
    if (this.cameraGranted && this._hasCamera && item && this._camera === 'off' && !this._pending) {
      void this.startCamera(item === SELFIE ? 'user' : 'environment');
    }
  }

  private async startCamera(facing: Facing) {
    const run = ++this.cameraRun;
    this._camera = 'starting';
    this._error = null;
    await this.updateComplete;
    const video = this.renderRoot.querySelector('video');
    try {
      if (!video) throw new Error('no video');
      const { startCamera } = await import('./camera.js');
      const session = await startCamera(video, facing);
      if (run !== this.cameraRun || this._camera !== 'starting' || !video.isConnected) {
        session.stop();
        return;
      }
      this.camera = session;
      this._camera = 'on';
      this.cameraGranted = true;
    } catch (error) {
      // The screen changed (or the camera was closed) while it was starting: nothing to report.
      if (run !== this.cameraRun || this._camera !== 'starting' || !video?.isConnected) return;
      this._camera = 'off';
      const denied = (error as { code?: string }).code === 'camera_denied';
      this.showError(denied ? 'camera_denied' : 'camera_unavailable', denied ? this.t.cameraDenied : this.t.cameraUnavailable);
      this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.focus();
    }
  }

  private stopCamera() {
    this.cameraRun++;
    this.camera?.stop();
    this.camera = null;
    this._camera = 'off';
  }

  private async captureFromCamera() {
    const item = this.currentItem();
    if (!this.camera || !item) return;
    const blob = await this.camera.capture();
    this.stopCamera();
    await this.takePhoto(item, blob);
  }

  private async onFileChosen(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    const item = this.currentItem();
    if (!file || !item) return;
    this.stopCamera();
    await this.takePhoto(item, file);
  }

  private async takePhoto(item: UploadItem, file: Blob) {
    this.clearPending();
    this._error = null;
    this._preparing = true;
    this._status = this.t.preparing;
    let photo: PreparedPhoto;
    try {
      // Lazy: the canvas work is only needed once a photo is taken.
      const { preparePhoto } = await import('./image.js');
      photo = await preparePhoto(file);
    } catch (error) {
      this._preparing = false;
      this._status = '';
      this.showError('photo_unreadable', this.t.photoUnreadable);
      return;
    }
    this._preparing = false;
    this._status = '';
    if (photo.blurry || photo.tooSmall) {
      this._pending = { item, photo, url: URL.createObjectURL(photo.blob) };
      return;
    }
    await this.uploadPhoto(item, photo);
  }

  private async uploadPhoto(item: UploadItem, photo: PreparedPhoto) {
    const workflow = this.flow.workflow;
    if (!workflow) return;
    const moved = await workflow.capture(item, photo.blob, item === SELFIE ? 'selfie.jpg' : `${item.replace('/', '-')}.jpg`);
    this._status = '';
    if (!moved) return;
    this.clearPending();
    const id = workflow.getSnapshot().context.uploads[item];
    if (id && !this.images.has(id)) this.images.set(id, URL.createObjectURL(photo.blob));
    const snapshot = workflow.getSnapshot();
    if (snapshot.value === 'document_photo' && !this.currentItem()) await workflow.submitPhotos();
  }

  private async acceptPending() {
    const pending = this._pending;
    if (pending) await this.uploadPhoto(pending.item, pending.photo);
  }

  private retakePending() {
    const item = this._pending?.item;
    this.clearPending();
    if (item && this.cameraGranted && this._hasCamera) void this.startCamera(item === SELFIE ? 'user' : 'environment');
    else this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.focus());
  }

  private clearPending() {
    if (this._pending) URL.revokeObjectURL(this._pending.url);
    this._pending = null;
  }

  /** Revokes the images of uploads the snapshot no longer holds (retaken, or cleared by a restart). */
  private pruneImages(state: KycWorkflowState) {
    const current = new Set(Object.values(state.snapshot.context.uploads));
    for (const [id, url] of this.images) {
      if (current.has(id)) continue;
      URL.revokeObjectURL(url);
      this.images.delete(id);
    }
  }

  private loadImages(state: KycWorkflowState) {
    const value = state.snapshot.value;
    if (value !== 'document_review' && value !== 'selfie_review') return;
    const uploads = state.snapshot.context.uploads;
    const ids = value === 'selfie_review' ? [uploads[SELFIE]] : Object.entries(uploads).filter(([k]) => k !== SELFIE).map(([, id]) => id);
    for (const id of ids) {
      if (!id || this.images.has(id) || this.loadingImages.has(id)) continue;
      this.loadingImages.add(id);
      this.flow.workflow
        ?.documentUrl(id)
        .then((url) => {
          const uploads = this.state?.phase === 'ready' ? Object.values(this.state.snapshot.context.uploads) : [];
          if (this.isConnected && uploads.includes(id) && !this.images.has(id)) this.images.set(id, url);
          else URL.revokeObjectURL(url);
          this.requestUpdate();
        })
        .catch(() => undefined)
        .finally(() => this.loadingImages.delete(id));
    }
  }

  // ---- forms -----------------------------------------------------------------

  private validateDetails(form: HTMLFormElement): Applicant | null {
    const t = this.t;
    const data = new FormData(form);
    const applicant = {
      firstName: String(data.get('firstName') ?? '').trim(),
      lastName: String(data.get('lastName') ?? '').trim(),
      dateOfBirth: String(data.get('dateOfBirth') ?? ''),
      country: String(data.get('country') ?? ''),
    };
    const labels: Record<Field, string> = {
      firstName: t.firstName,
      lastName: t.lastName,
      dateOfBirth: t.dateOfBirth,
      country: t.country,
    };
    const errors: Partial<Record<Field, string>> = {};
    const result = v.safeParse(ApplicantSchema, applicant);
    const invalid = new Set<Field>(
      result.success ? [] : result.issues.map((issue) => issue.path?.[0]?.key as Field).filter(Boolean),
    );
    for (const field of FIELDS) {
      const input = form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
      if (input && !input.validity.valid) invalid.add(field);
    }
    for (const field of invalid) {
      const value = applicant[field];
      if (!value) errors[field] = t.required(labels[field]);
      else if (field === 'dateOfBirth') {
        if (!isIsoDate(value)) errors[field] = t.dateInvalid;
        else if (new Date(`${value}T00:00:00Z`).getTime() >= Date.now()) errors[field] = t.dateFuture;
        else if (ageOn(value) < MIN_AGE_YEARS) errors[field] = t.tooYoung(MIN_AGE_YEARS);
        else errors[field] = t.dateInvalid;
      } else if (field === 'country') errors[field] = t.countryInvalid;
      else errors[field] = t.tooLong(labels[field], 100);
    }
    this._fieldErrors = errors;
    const first = FIELDS.find((field) => errors[field]);
    if (first) {
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[name=${first}]`)?.focus());
      return null;
    }
    return result.success ? result.output : null;
  }

  private onDetails(event: SubmitEvent) {
    event.preventDefault();
    const applicant = this.validateDetails(event.target as HTMLFormElement);
    if (applicant) void this.send({ type: 'SUBMIT_DETAILS', applicant });
  }

  private onDocument(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const documentType = data.get('documentType') as DocumentType | null;
    const issuingCountry = String(data.get('issuingCountry') ?? '') || undefined;
    if (!documentType || !DOCUMENT_TYPES.includes(documentType)) {
      this._fieldErrors = { documentType: this.t.chooseDocument };
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[name=documentType]')?.focus());
      return;
    }
    this._fieldErrors = {};
    void this.send({ type: 'SELECT_DOCUMENT', documentType, ...(issuingCountry ? { issuingCountry } : {}) });
  }

  // ---- another device ----------------------------------------------------------

  /** Each opening makes a new one-time link (the BFF replaces the earlier code). */
  private async onHandoffToggle(event: Event) {
    const details = event.target as HTMLDetailsElement;
    if (!details.open) return;
    this._link = null;
    const made = await this.flow.workflow?.handoffLink();
    if (!made || !details.open) return;
    this._link = made.link;
    await this.updateComplete;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.qr');
    if (!canvas || !this._link) return;
    const { drawQr } = await import('./qr.js');
    drawQr(canvas, this._link);
  }

  private async copyLink() {
    if (!this._link) return;
    try {
      await navigator.clipboard.writeText(this._link);
    } catch {
      const input = this.renderRoot.querySelector<HTMLInputElement>('#kyc-link');
      input?.select();
      document.execCommand?.('copy');
    }
    this._status = this.t.linkCopied;
  }

  // ---- rendering ---------------------------------------------------------------

  protected override render() {
    const t = this.t;
    const state = this.state;
    const value = state?.snapshot.value as KycState | undefined;
    const step = value && state?.phase === 'ready' ? STEP_OF[value] : -1;
    const busy = Boolean(state?.busy) || this._preparing;
    return html`
      <div part="base" class="base" lang=${this.locale || 'en'}>
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
                ? html`${this.heading(t.handedOffHeading)}
                    <p>${t.handedOffHint}</p>`
                : this.renderScreen(value!, state, busy)}
        </section>
        ${state?.phase === 'ready' && state.workflowId && value !== 'final' ? this.renderHandoff() : nothing}
      </div>
    `;
  }

  private statusText(): string {
    const upload = this.state?.upload;
    if (upload) return this.t.uploading(upload.total ? Math.round((upload.loaded / upload.total) * 100) : 0);
    return this._status;
  }

  private async retry() {
    this._error = null;
    await this.flow.workflow?.retry();
  }

  private heading(text: string) {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  private backButton(busy: boolean) {
    const snapshot = this.state?.snapshot;
    if (!snapshot?.can({ type: 'BACK' })) return nothing;
    return html`<button part="button" type="button" ?disabled=${busy} @click=${() => this.send({ type: 'BACK' })}>
      ${this.t.back}
    </button>`;
  }

  private renderScreen(value: KycState, state: KycWorkflowState, busy: boolean): TemplateResult {
    switch (value) {
      case 'welcome':
        return this.renderWelcome(busy);
      case 'personal_details':
        return this.renderDetails(state, busy);
      case 'document_selection':
        return this.renderDocumentChoice(state, busy);
      case 'document_photo':
      case 'selfie':
        return this.renderCapture(state, busy);
      case 'document_review':
        return this.renderDocumentReview(state, busy);
      case 'selfie_review':
        return this.renderSelfieReview(state, busy);
      case 'final':
        return this.renderFinal(state, busy);
    }
  }

  private renderWelcome(busy: boolean) {
    const t = this.t;
    return html`
      ${this.heading(t.welcomeHeading)}
      <p>${t.welcomeIntro}</p>
      <ul>
        ${t.welcomeNeeds.map((need) => html`<li>${need}</li>`)}
      </ul>
      <p class="muted">${t.welcomeTime}</p>
      <div class="actions">
        <button part="button primary" class="primary" type="button" ?disabled=${busy} @click=${() => this.send({ type: 'START' })}>
          ${t.start}
        </button>
      </div>
    `;
  }

  private renderDetails(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    const applicant = state.snapshot.context.applicant;
    const errors = this._fieldErrors;
    const field = (name: Field, label: string, control: TemplateResult) => html`
      <div class="field" part="field">
        <label for="kyc-${name}">${label}</label>
        ${control}
        ${errors[name] ? html`<p class="field-error" id="kyc-${name}-error">${errors[name]}</p>` : nothing}
      </div>
    `;
    const described = (name: Field) => (errors[name] ? `kyc-${name}-error` : nothing);
    const invalid = (name: Field) => (errors[name] ? 'true' : nothing);
    const locale = this.locale || 'en';
    return html`
      ${this.heading(t.detailsHeading)}
      <form novalidate @submit=${this.onDetails}>
        ${field(
          'firstName',
          t.firstName,
          html`<input part="input" id="kyc-firstName" name="firstName" autocomplete="given-name" required maxlength="100"
            .value=${applicant?.firstName ?? ''} aria-invalid=${invalid('firstName')} aria-describedby=${described('firstName')} />`,
        )}
        ${field(
          'lastName',
          t.lastName,
          html`<input part="input" id="kyc-lastName" name="lastName" autocomplete="family-name" required maxlength="100"
            .value=${applicant?.lastName ?? ''} aria-invalid=${invalid('lastName')} aria-describedby=${described('lastName')} />`,
        )}
        ${field(
          'dateOfBirth',
          t.dateOfBirth,
          html`<input part="input" id="kyc-dateOfBirth" name="dateOfBirth" type="date" autocomplete="bday" required
            min="1900-01-01" max=${adultBefore()} .value=${applicant?.dateOfBirth ?? ''}
            aria-invalid=${invalid('dateOfBirth')} aria-describedby=${described('dateOfBirth')} />`,
        )}
        ${field(
          'country',
          t.country,
          html`<select part="input" id="kyc-country" name="country" autocomplete="country" required
            aria-invalid=${invalid('country')} aria-describedby=${described('country')}>
            <option value="" ?selected=${!applicant?.country}>${t.chooseCountry}</option>
            ${countriesFor(locale).map(
              ({ code, name }) => html`<option value=${code} ?selected=${applicant?.country === code}>${name}</option>`,
            )}
          </select>`,
        )}
        <div class="actions">
          <button part="button primary" class="primary" type="submit" ?disabled=${busy}>${t.continue}</button>
        </div>
      </form>
    `;
  }

  private renderDocumentChoice(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    const context = state.snapshot.context;
    const issuing = context.issuingCountry ?? context.applicant?.country ?? '';
    const error = this._fieldErrors.documentType;
    const locale = this.locale || 'en';
    return html`
      ${this.heading(t.documentHeading)}
      <form novalidate @submit=${this.onDocument}>
        <fieldset aria-describedby=${error ? 'kyc-documentType-error' : nothing}>
          <legend>${t.documentLegend}</legend>
          ${DOCUMENT_TYPES.map(
            (type) => html`<label class="choice">
              <input type="radio" name="documentType" value=${type} required ?checked=${context.documentType === type} />
              ${t.documentTypes[type]}
            </label>`,
          )}
          ${error ? html`<p class="field-error" id="kyc-documentType-error">${error}</p>` : nothing}
        </fieldset>
        <div class="field" part="field">
          <label for="kyc-issuingCountry">${t.issuingCountry}</label>
          <select part="input" id="kyc-issuingCountry" name="issuingCountry">
            ${countriesFor(locale).map(
              ({ code, name }) => html`<option value=${code} ?selected=${issuing === code}>${name}</option>`,
            )}
          </select>
        </div>
        <div class="actions">
          ${this.backButton(busy)}
          <button part="button primary" class="primary" type="submit" ?disabled=${busy}>${t.continue}</button>
        </div>
      </form>
    `;
  }

  /** document_photo (one side at a time) and selfie: camera, upload fallback, quality check. */
  private renderCapture(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    const context = state.snapshot.context;
    const item = this.currentItem();
    const isSelfie = state.snapshot.value === 'selfie';
    if (!item) {
      // Every side is uploaded but the submission has not gone through (it failed): offer it again.
      return html`
        ${this.heading(t.documentTypes[context.documentType!])}
        <p>${t.allSidesTaken}</p>
        <div class="actions">
          ${this.backButton(busy)}
          <button part="button primary" class="primary" type="button" ?disabled=${busy}
            @click=${() => this.flow.workflow?.submitPhotos()}>${t.continue}</button>
        </div>
      `;
    }
    const parsed = parseItem(item)!;
    const title = isSelfie
      ? t.selfieHeading
      : t.photoHeading(t.documentTypes[parsed.type as DocumentType], t.sides[parsed.side!]);
    const redo = context.review?.items.find((entry) => entry.document === item)?.reason;
    const pending = this._pending;
    const upload = state.upload;
    const cameraLive = this._camera !== 'off';
    const uploadLabel = isSelfie ? t.uploadSelfie : t.uploadPhoto;
    const captureLabel = isSelfie ? t.takeSelfie : t.takePhoto;
    return html`
      ${this.heading(title)}
      <p class="muted">${isSelfie ? t.selfieHint : t.photoHint}</p>
      ${redo ? html`<p class="warning" part="warning">${t.redoReason(redo)}</p>` : nothing}
      ${cameraLive
        ? html`
            <div part="camera" class="camera ${isSelfie ? 'selfie' : ''}">
              <video aria-label=${t.cameraView} playsinline muted></video>
              <div part="frame" class="frame" aria-hidden="true"></div>
            </div>
            <div class="actions">
              <button part="button primary" class="primary" type="button" ?disabled=${busy || this._camera !== 'on'}
                @click=${this.captureFromCamera}>${captureLabel}</button>
              <button part="button" type="button" @click=${this.stopCamera}>${t.closeCamera}</button>
            </div>
          `
        : nothing}
      ${pending
        ? html`
            <figure>
              <img part="photo" class="photo" src=${pending.url} alt=${t.photoPreview} />
            </figure>
            <div part="warning" class="warning" role="alert">
              ${pending.photo.blurry ? html`<p>${t.qualityBlurry}</p>` : nothing}
              ${pending.photo.tooSmall
                ? html`<p>${t.qualityTooSmall(pending.photo.sourceWidth, pending.photo.sourceHeight)}</p>`
                : nothing}
              <p>${t.qualityAdvice}</p>
            </div>
            <div class="actions">
              <button part="button" type="button" ?disabled=${busy} @click=${this.retakePending}>${t.retake}</button>
              <button part="button primary" class="primary" type="button" ?disabled=${busy} @click=${this.acceptPending}>
                ${t.continueAnyway}
              </button>
            </div>
          `
        : nothing}
      ${upload
        ? html`<progress part="progress" max=${upload.total || 1} .value=${upload.loaded} aria-label=${t.uploadProgress}></progress>`
        : nothing}
      <div class="actions">
        ${this._hasCamera && !cameraLive
          ? html`<button part="button" type="button" ?disabled=${busy}
              @click=${() => this.startCamera(isSelfie ? 'user' : 'environment')}>${isSelfie ? t.takeSelfie : t.useCamera}</button>`
          : nothing}
        <span class="upload">
          <input class="file-input" id="kyc-upload" type="file" accept="image/jpeg,image/png,image/webp"
            ?disabled=${busy} @change=${this.onFileChosen} />
          <label part="button" class="button" for="kyc-upload">${uploadLabel}</label>
        </span>
      </div>
      <p class="muted">${t.uploadHint}</p>
      <div class="actions">${this.backButton(busy)}</div>
    `;
  }

  private image(id: string | undefined, alt: string) {
    const url = id ? this.images.get(id) : undefined;
    return url
      ? html`<img part="photo" class="photo" src=${url} alt=${alt} />`
      : html`<div part="photo" class="photo" role="img" aria-label=${alt} aria-busy="true"></div>`;
  }

  private renderDocumentReview(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    const context = state.snapshot.context;
    const type = context.documentType!;
    return html`
      ${this.heading(t.reviewHeading)}
      <p class="muted">${t.reviewHint}</p>
      <ul class="sides">
        ${documentItems(type).map((item) => {
          const side = parseItem(item)!.side!;
          const caption = t.sideImage(t.documentTypes[type], t.sides[side]);
          return html`<li>
            <figure>
              ${this.image(context.uploads[item], caption)}
              <figcaption id="kyc-caption-${side}">${caption}</figcaption>
            </figure>
            <button part="button" type="button" aria-describedby="kyc-caption-${side}" ?disabled=${busy}
              @click=${() => this.send({ type: 'RETAKE', item })}>${t.retake}</button>
          </li>`;
        })}
      </ul>
      <div class="actions">
        <button part="button primary" class="primary" type="button" ?disabled=${busy}
          @click=${() => this.send({ type: 'CONFIRM_DOCUMENT' })}>${t.continue}</button>
      </div>
    `;
  }

  private renderSelfieReview(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    return html`
      ${this.heading(t.selfieReviewHeading)}
      <figure>${this.image(state.snapshot.context.uploads[SELFIE], t.selfieImage)}</figure>
      <div class="actions">
        <button part="button" type="button" ?disabled=${busy} @click=${() => this.send({ type: 'RETAKE_SELFIE' })}>
          ${t.retake}
        </button>
        <button part="button primary" class="primary" type="button" ?disabled=${busy}
          @click=${() => this.send({ type: 'CONFIRM_SELFIE' })}>${t.submit}</button>
      </div>
    `;
  }

  private itemName(item: string): string {
    const t = this.t;
    const parsed = parseItem(item);
    if (!parsed || parsed.type === SELFIE) return t.selfie;
    return t.itemName(t.documentTypes[parsed.type], t.sides[parsed.side!]);
  }

  private renderFinal(state: KycWorkflowState, busy: boolean) {
    const t = this.t;
    const review = state.snapshot.context.review;
    if (!review) {
      return html`${this.heading(t.underReviewHeading)}
        <p>${t.underReview}</p>`;
    }
    if (review.outcome === 'approve') {
      return html`${this.heading(t.approvedHeading)}
        <p class="outcome-approve">${t.approved}</p>`;
    }
    if (review.outcome === 'reject') {
      return html`${this.heading(t.rejectedHeading)}
        <p class="outcome-reject">${t.rejected}</p>
        ${review.reason ? html`<p>${t.reason(review.reason)}</p>` : nothing}`;
    }
    return html`
      ${this.heading(t.resubmitHeading)}
      <p>${t.resubmit}</p>
      <ul class="items">
        ${review.items.map((entry) => html`<li><strong>${this.itemName(entry.document)}</strong>: ${entry.reason}</li>`)}
      </ul>
      <div class="actions">
        <button part="button primary" class="primary" type="button" ?disabled=${busy}
          @click=${() => this.send({ type: 'RESUBMIT' })}>${t.continue}</button>
      </div>
    `;
  }

  private renderHandoff() {
    const t = this.t;
    return html`
      <details part="other-device" @toggle=${this.onHandoffToggle}>
        <summary>${t.otherDevice}</summary>
        <div class="handoff">
          <p class="muted">${t.otherDeviceHint}</p>
          <canvas part="qr" class="qr" role="img" aria-label=${t.qrCode}></canvas>
          <div class="link-row">
            <label for="kyc-link">${t.link}</label>
            <input part="input" id="kyc-link" readonly .value=${this._link ?? ''} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          </div>
          <button part="button" type="button" @click=${this.copyLink}>${t.copyLink}</button>
        </div>
      </details>
    `;
  }
}
