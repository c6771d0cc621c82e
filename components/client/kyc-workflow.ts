/**
 * The headless applicant client: runs the shared `kycMachine` in the browser
 * and keeps the BFF in step with it.
 *
 * - entering a persisted state saves the snapshot first (`PUT …/snapshot`),
 *   and only then moves the local actor;
 * - leaving a submit state tells the BFF (`POST …/events`) and waits for it;
 * - uploads go through XMLHttpRequest for progress;
 * - a reviewer's decision arrives on the stream and reaches the actor as
 *   `REVIEW_DECIDED`; after the stream drops and comes back, a GET catches up
 *   with anything decided meanwhile;
 * - "continue on another device" is a one-time code (`POST …/handoff`) in a
 *   link's fragment; the device that opens it redeems it (`POST /handoffs`)
 *   for a new token, and the old token stops working: the first device then
 *   reports `handed_off` (phase `handed_off`) instead of a generic error;
 * - nothing is created on the BFF before the applicant starts: without a
 *   workflow to resume (given, or kept in storage), the client is `ready` at
 *   `welcome` with `workflowId: null` and status `in_progress` (the status a
 *   new workflow has), and the first move that must reach the BFF (`START`)
 *   creates the workflow (`POST /workflows`) before saving it.
 *
 * Which states persist or submit is read from the machine (PERSIST_STATES,
 * SUBMIT_STATES, SUBMIT_EVENTS), never decided here.
 */
import { createActor, transition, type Actor, type Snapshot } from 'xstate';
import { fetchObjectUrl, KycApiError, request } from '../common/http.js';
import { openEventStream } from '../common/event-stream.js';
import {
  applicantContextOf,
  canonical,
  documentItems,
  initialContext,
  kycMachine,
  parseItem,
  PERSIST_STATES,
  SELFIE,
  SUBMIT_EVENTS,
  SUBMIT_STATES,
  type ApplicantContext,
  type KycContext,
  type KycEvent,
  type KycSnapshot,
  type KycState,
  type UploadItem,
} from '../workflow/index.js';
import { DECIDED_STATUSES, type CreatedWorkflow, type Decision, type DocumentInfo, type WorkflowStatus, type WorkflowView } from './types.js';
import { uploadDocument } from './upload.js';
import { photoMovesAfterReload } from './resume.js';

export * from './types.js';

/** `handed_off`: the workflow continued on another device (a hand-off link was redeemed); this client's token is dead. */
export type Phase = 'loading' | 'ready' | 'failed' | 'handed_off';

export interface WorkflowError {
  /** Stable code, as in `kyc-error`: `network`, `conflict`, `invalid`, `handed_off`, `handoff_invalid`, … */
  code: string;
  message: string;
  /** HTTP status (0 for a network failure). */
  status: number;
  /** Whether `retry()` can repeat the failed call. */
  retryable: boolean;
}

export interface UploadState {
  item: UploadItem;
  loaded: number;
  total: number;
}

/** Everything a view needs, besides the machine snapshot. */
export interface KycWorkflowState {
  phase: Phase;
  snapshot: KycSnapshot;
  workflowId: string | null;
  status: WorkflowStatus;
  decision: Decision | null;
  documents: DocumentInfo[];
  /** A call to the BFF is under way (buttons should wait). */
  busy: boolean;
  upload: UploadState | null;
  error: WorkflowError | null;
}

export type KycNotice =
  | { type: 'error'; error: WorkflowError }
  | { type: 'submitted'; workflowId: string }
  | { type: 'decided'; workflowId: string; decision: Decision };

/** What a host keeps to recreate a client without losing unsaved steps (see the controller). */
export interface KycWorkflowMemo {
  workflowId: string;
  token: string;
  snapshot: Snapshot<unknown>;
  version: number;
  saved: StoredSnapshot | null;
  status: WorkflowStatus;
  decision: Decision | null;
  announcedDecision: string | null;
}

interface StoredSnapshot {
  state: KycState;
  context: ApplicantContext;
}

export interface KycWorkflowOptions {
  /** The BFF's base URL, e.g. `/api/v1` or `https://kyc.example.com/api/v1`. */
  api: string;
  workflowId?: string | null;
  token?: string | null;
  /**
   * A hand-off to redeem (from `takeHandoffFragment()`): traded once for a new
   * token, which is then kept like any other. If it is refused (expired, used),
   * the client reports `handoff_invalid` and carries on as without it.
   */
  handoff?: HandoffFragment | null;
  /** Where id and token are kept for a reload (default `localStorage`; `null` keeps nothing). */
  storage?: Storage | null;
  /** Resume from a memo kept by a host (a disconnected element). */
  memo?: KycWorkflowMemo;
  /** Open the push stream (default true). */
  stream?: boolean;
}

export interface KycWorkflow {
  /**
   * Settles when the workflow is loaded (or failed to load: see `getState().error`),
   * or, with nothing to resume, at once at `welcome` (no workflow exists until `START`).
   */
  readonly ready: Promise<void>;
  subscribe(listener: (state: KycWorkflowState) => void): () => void;
  onNotice(listener: (notice: KycNotice) => void): () => void;
  getSnapshot(): KycSnapshot;
  getState(): KycWorkflowState;
  /** Sends an event through the BFF where the machine says so. Resolves true when the machine moved. */
  send(event: KycEvent): Promise<boolean>;
  /** Uploads a photo of one item (with progress), then tells the machine (`PHOTO_TAKEN` / `SELFIE_TAKEN`). */
  capture(item: UploadItem, file: Blob, fileName?: string): Promise<boolean>;
  /** Leaves `document_photo` with every side taken (`PHOTOS_SUBMITTED`). */
  submitPhotos(): Promise<boolean>;
  /** Repeats the call that failed last. */
  retry(): Promise<boolean>;
  /** An object URL of a stored document, fetched with the token in a header (revoke it when done). */
  documentUrl(documentId: string, signal?: AbortSignal): Promise<string>;
  /**
   * A link that continues this workflow on another device: asks the BFF for a
   * one-time code (valid 10 minutes, replacing any earlier one) and puts
   * `kyc-handoff=<workflowId>.<code>` in the fragment of `pageUrl` (default:
   * this page). No token ever travels in it; null before the workflow exists.
   */
  handoffLink(pageUrl?: string): Promise<{ link: string; expiresAt: string } | null>;
  /** What to keep to recreate this client later with every unsaved step. */
  memo(): KycWorkflowMemo | null;
  destroy(): void;
}

/** The fragment parameter of a hand-off link: `#kyc-handoff=<workflowId>.<code>`. */
export const FRAGMENT_HANDOFF = 'kyc-handoff';

export interface HandoffFragment {
  workflowId: string;
  code: string;
}

interface Handoff {
  code: string;
  expiresAt: string;
  version?: number;
}

/** The storage key for an API: one workflow per BFF origin. */
export function storageKey(api: string): string {
  const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  return `kyc-flow:${new URL(api, base).origin}`;
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings, sandboxed iframe)
  }
}

function toError(error: unknown): WorkflowError {
  if (error instanceof KycApiError) {
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      retryable: error.status === 0 || error.status >= 500 || error.status === 429,
    };
  }
  return { code: 'error', message: (error as Error)?.message || String(error), status: 0, retryable: true };
}

const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

export function createKycWorkflow(options: KycWorkflowOptions): KycWorkflow {
  const api = options.api;
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const key = storageKey(api);

  let workflowId: string | null = options.memo?.workflowId ?? options.workflowId ?? null;
  let token: string | null = options.memo?.token ?? options.token ?? null;
  let version = options.memo?.version ?? 0;
  /** What the BFF has stored (to tell "only the version moved" from "someone else moved it"). */
  let saved: StoredSnapshot | null = options.memo?.saved ?? null;
  let announcedDecision: string | null = options.memo?.announcedDecision ?? null;
  let destroyed = false;
  let stopStream: (() => void) | null = null;
  let lastFailed: (() => Promise<boolean>) | null = null;
  let sending = false;
  let deferred: WorkflowView | null = null;
  const aborter = new AbortController();

  let actor: Actor<typeof kycMachine> = options.memo
    ? createActor(kycMachine, { snapshot: options.memo.snapshot as KycSnapshot, input: undefined })
    : createActor(kycMachine, { input: undefined });
  let state: KycWorkflowState = {
    phase: 'loading',
    snapshot: actor.getSnapshot(),
    workflowId,
    status: options.memo?.status ?? 'in_progress',
    decision: options.memo?.decision ?? null,
    documents: [],
    busy: false,
    upload: null,
    error: null,
  };

  const listeners = new Set<(state: KycWorkflowState) => void>();
  const noticeListeners = new Set<(notice: KycNotice) => void>();

  const set = (patch: Partial<KycWorkflowState>) => {
    if (destroyed) return;
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener(state);
  };
  const notify = (notice: KycNotice) => {
    if (destroyed) return;
    for (const listener of [...noticeListeners]) listener(notice);
  };
  /** Whether this client's token has worked (a 401 afterwards means it was replaced: handed off). */
  let tokenWorked = false;
  const fail = (error: unknown, retry: (() => Promise<boolean>) | null) => {
    if (state.phase === 'handed_off') return;
    if (error instanceof KycApiError && error.status === 401 && tokenWorked) return handedOff();
    const e = toError(error);
    lastFailed = e.retryable ? retry : null;
    set({ error: e, busy: false, upload: null });
    notify({ type: 'error', error: e });
  };
  /** Another device redeemed a hand-off link: this token is dead. Stop, forget it, say so once. */
  const handedOff = () => {
    stopStream?.();
    stopStream = null;
    lastFailed = null;
    if (recall()?.token === token) forget();
    const e: WorkflowError = {
      code: 'handed_off',
      message: 'This application continues on another device.',
      status: 401,
      retryable: false,
    };
    set({ phase: 'handed_off', error: e, busy: false, upload: null });
    notify({ type: 'error', error: e });
  };

  const watch = (next: Actor<typeof kycMachine>) => {
    next.subscribe((snapshot) => set({ snapshot }));
    next.start();
  };

  const replaceActor = (snapshot: KycSnapshot) => {
    actor.stop();
    actor = createActor(kycMachine, { snapshot, input: undefined });
    set({ snapshot: actor.getSnapshot() });
    watch(actor);
  };

  const restoreFrom = (view: WorkflowView) => {
    const context: KycContext = { ...initialContext(), ...view.context } as KycContext;
    replaceActor(kycMachine.resolveState({ value: view.state, context }));
  };

  const storedOf = (view: WorkflowView): StoredSnapshot => ({
    state: view.state,
    context: applicantContextOf({ ...initialContext(), ...view.context } as KycContext),
  });
  const sameStored = (a: StoredSnapshot | null, b: StoredSnapshot) =>
    a !== null && a.state === b.state && canonical(a.context) === canonical(b.context);

  const remember = () => {
    if (!storage || !workflowId || !token) return;
    try {
      storage.setItem(key, JSON.stringify({ id: workflowId, token }));
    } catch {
      /* storage full or blocked: a reload will start over, nothing else breaks */
    }
  };
  const forget = () => {
    try {
      storage?.removeItem(key);
    } catch {
      /* ignore */
    }
  };
  const recall = (): { id: string; token: string } | null => {
    try {
      const raw = storage?.getItem(key);
      const parsed = raw ? (JSON.parse(raw) as { id?: unknown; token?: unknown }) : null;
      return parsed && typeof parsed.id === 'string' && typeof parsed.token === 'string'
        ? { id: parsed.id, token: parsed.token }
        : null;
    } catch {
      return null;
    }
  };

  const path = (suffix = '') => `/workflows/${encodeURIComponent(workflowId!)}${suffix}`;
  const fetchView = () => request<WorkflowView>(api, path(), { token, signal: aborter.signal });

  /** Takes in what the BFF reports (GET, stream): status, decision, documents, and a decision for the actor. */
  const applyRemote = (view: WorkflowView) => {
    if (destroyed || view.id !== workflowId) return;
    // While a move is under way, its own echo must not show up before the move itself.
    if (sending) {
      deferred = view;
      return;
    }
    const stored = storedOf(view);
    // Only the version moved (a reviewer's assignment, an upload): adopt it.
    if (view.version > version && sameStored(saved, stored)) version = view.version;
    set({ status: view.status, decision: view.decision, documents: view.documents ?? state.documents });
    const decision = view.decision;
    if (decision && DECIDED_STATUSES.includes(view.status)) {
      if (actor.getSnapshot().value === 'final') {
        actor.send({
          type: 'REVIEW_DECIDED',
          review: { outcome: decision.outcome, reason: decision.reason ?? null, items: decision.items ?? [] },
        });
      }
      const mark = `${decision.decidedAt}|${decision.outcome}`;
      if (announcedDecision !== mark) {
        announcedDecision = mark;
        notify({ type: 'decided', workflowId: view.id, decision });
      }
    }
  };

  const openStream = () => {
    if (options.stream === false || !workflowId || !token || stopStream) return;
    stopStream = openEventStream({
      api,
      path: path('/stream'),
      token,
      onMessage(message) {
        if (message.event !== 'workflow.updated' && message.event !== 'workflow.decided') return;
        try {
          applyRemote(JSON.parse(message.data) as WorkflowView);
        } catch {
          /* a malformed message is skipped; the next GET catches up */
        }
      },
      onOpen(reconnected) {
        // The GET before the stream covers its first opening; a reconnection catches up with what
        // happened while it was down (a decision made then is never pushed).
        if (reconnected) fetchView().then(applyRemote, () => undefined);
      },
      onFatal(error) {
        fail(error, null);
      },
    });
  };

  /** Set when a hand-off was refused: reported once the client is ready (without it). */
  let handoffRefused: KycApiError | null = null;
  let handoff = options.memo ? null : (options.handoff ?? null);
  /**
   * Trades the hand-off code for a new token and keeps it (in storage too, even
   * if this client is destroyed meanwhile: the code is used up either way).
   */
  const redeem = async (given: HandoffFragment) => {
    try {
      const redeemed = await request<CreatedWorkflow>(api, '/handoffs', {
        method: 'POST',
        json: { workflowId: given.workflowId, code: given.code },
      });
      workflowId = redeemed.id;
      token = redeemed.token;
      remember();
    } catch (error) {
      // Expired, used, replaced or malformed: say so, and carry on as if there had been no link.
      if (!(error instanceof KycApiError) || ![400, 401, 404, 410, 422].includes(error.status)) throw error;
      handoffRefused = new KycApiError(
        error.status,
        'handoff_invalid',
        'This link has expired or was already used. Open a new link on the other device, or start here.',
        error.problem,
      );
    }
  };

  const init = async (): Promise<boolean> => {
    set({ phase: 'loading', error: null });
    try {
      if (handoff) {
        await redeem(handoff);
        handoff = null; // redeemed or refused: never sent twice (a network failure keeps it for retry())
      }
      if (!workflowId || !token) {
        const kept = recall();
        if (kept) ({ id: workflowId, token } = kept);
      }
      const explicit = Boolean(options.workflowId && options.token) || Boolean(options.memo);
      let view: WorkflowView | null = null;
      if (workflowId && token) {
        try {
          view = await fetchView();
        } catch (error) {
          // A kept workflow that is gone or no longer ours: start a new one. A given one: report it.
          if (explicit || !(error instanceof KycApiError) || ![401, 403, 404].includes(error.status)) throw error;
          forget();
          workflowId = token = null;
        }
      }
      if (destroyed) return false;
      if (!view) {
        // Nothing to resume: the welcome screen needs no workflow; START creates one (see send).
        replaceActor(createActor(kycMachine, { input: undefined }).getSnapshot());
        set({ workflowId: null, phase: 'ready', status: 'in_progress', decision: null, documents: [] });
        reportRefusedHandoff();
        return true;
      }
      tokenWorked = true;
      remember();
      version = view.version;
      const stored = storedOf(view);
      // Keep a host's unsaved steps when the BFF still holds what this client saved last.
      if (!options.memo || !sameStored(saved, stored)) {
        restoreFrom(view);
        if (view.state === 'document_selection' && view.status === 'in_progress') {
          for (const move of photoMovesAfterReload(actor.getSnapshot().context, view.documents ?? [])) actor.send(move);
        }
      }
      saved = stored;
      set({ workflowId, phase: 'ready', status: view.status, decision: view.decision, documents: view.documents ?? [] });
      applyRemote(view);
      openStream();
      reportRefusedHandoff();
      return true;
    } catch (error) {
      if (isAbort(error) || destroyed) return false;
      set({ phase: 'failed' });
      fail(error, init);
      return false;
    }
  };
  const reportRefusedHandoff = () => {
    const refused = handoffRefused;
    handoffRefused = null;
    if (refused) fail(refused, null);
  };

  /** Creates the workflow (the applicant has started), keeps id and token, and listens to it. */
  const create = async () => {
    const created = await request<CreatedWorkflow>(api, '/workflows', {
      method: 'POST',
      json: {},
      signal: aborter.signal,
    });
    if (destroyed) return;
    workflowId = created.id;
    token = created.token;
    tokenWorked = true;
    version = created.version;
    saved = { state: created.state, context: applicantContextOf(initialContext()) };
    remember();
    set({ workflowId });
    openStream();
  };

  /** PUT / POST with the version; on 409 catch up and, if only the version moved, try once more. */
  const versioned = async <T extends { version: number }>(method: string, suffix: string, body: object): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await request<T>(api, path(suffix), {
          method,
          token,
          json: { ...body, version },
          signal: aborter.signal,
        });
        version = Math.max(version, answer.version);
        return answer;
      } catch (error) {
        if (!(error instanceof KycApiError) || error.status !== 409 || attempt > 0) throw error;
        const view = await fetchView();
        const stored = storedOf(view);
        applyRemote(view);
        if (sameStored(saved, stored)) {
          version = view.version;
          continue;
        }
        // Someone else moved this workflow (another device): show what the BFF holds.
        version = view.version;
        saved = stored;
        restoreFrom(view);
        throw new KycApiError(
          409,
          'conflict',
          'This application was changed on another device. The latest saved step is shown.',
          error.problem,
        );
      }
    }
  };

  const send = async (event: KycEvent): Promise<boolean> => {
    if (destroyed || state.phase !== 'ready' || sending) return false;
    const before = actor.getSnapshot();
    if (!before.can(event)) return false;
    const [after] = transition(kycMachine, before, event);
    const from = before.value as KycState;
    const to = after.value as KycState;
    const isSubmit = SUBMIT_STATES.includes(from) && SUBMIT_EVENTS.includes(event.type);
    const isPersist = to !== from && PERSIST_STATES.includes(to);
    if (!isSubmit && !isPersist) {
      actor.send(event);
      return true;
    }
    sending = true;
    set({ busy: true, error: null });
    try {
      // The first move the BFF must hear of creates the workflow (a retry after a failed save reuses it).
      if (!workflowId) await create();
      if (destroyed) return false;
      const target: StoredSnapshot = { state: to, context: applicantContextOf(after.context) };
      if (isSubmit) {
        // The BFF checks the move and stores where it leads; no second save needed.
        await versioned('POST', '/events', { ...event });
      } else {
        await versioned('PUT', '/snapshot', { state: to, context: target.context });
      }
      saved = target;
      if (destroyed) return false;
      lastFailed = null;
      const submitted = to === 'final' && from !== 'final';
      // Entering final submits the case: state and status change together (one notification).
      state = { ...state, busy: false, ...(submitted ? { status: 'pending_review' as const, decision: null } : {}) };
      actor.send(event);
      if (submitted) notify({ type: 'submitted', workflowId: workflowId! });
      return true;
    } catch (error) {
      if (isAbort(error) || destroyed) return false;
      fail(error, () => send(event));
      return false;
    } finally {
      sending = false;
      const view = deferred;
      deferred = null;
      if (view) applyRemote(view);
    }
  };

  const capture = async (item: UploadItem, file: Blob, fileName?: string): Promise<boolean> => {
    if (destroyed || state.phase !== 'ready' || !workflowId || !token) return false;
    const parsed = parseItem(item);
    if (!parsed) return false;
    set({ busy: true, error: null, upload: { item, loaded: 0, total: file.size } });
    try {
      const doc = await uploadDocument({
        api,
        workflowId,
        token,
        file,
        fileName: fileName ?? `${item.replace('/', '-')}.${file.type.split('/')[1] ?? 'jpg'}`,
        type: parsed.type,
        side: parsed.side,
        signal: aborter.signal,
        onProgress: ({ loaded, total }) => set({ upload: { item, loaded, total } }),
      });
      if (destroyed) return false;
      if (typeof doc.version === 'number') version = Math.max(version, doc.version);
      lastFailed = null;
      set({ busy: false, upload: null, documents: [doc, ...state.documents] });
      const event: KycEvent =
        item === SELFIE ? { type: 'SELFIE_TAKEN', upload: doc.id } : { type: 'PHOTO_TAKEN', item, upload: doc.id };
      return await send(event);
    } catch (error) {
      if (isAbort(error) || destroyed) return false;
      fail(error, () => capture(item, file, fileName));
      return false;
    }
  };

  const submitPhotos = () => {
    const { context } = actor.getSnapshot();
    if (!context.documentType) return Promise.resolve(false);
    const uploads = Object.fromEntries(
      documentItems(context.documentType).map((item) => [item, context.uploads[item]]),
    ) as KycContext['uploads'];
    return send({
      type: 'PHOTOS_SUBMITTED',
      documentType: context.documentType,
      uploads,
      ...(context.issuingCountry ? { issuingCountry: context.issuingCountry } : {}),
    });
  };

  // A memo's actor runs at once (its steps are on screen); a new one waits for the BFF's snapshot.
  if (options.memo) watch(actor);
  const ready = init().then(() => undefined);

  return {
    ready,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    getSnapshot: () => actor.getSnapshot(),
    getState: () => state,
    send,
    capture,
    submitPhotos,
    async retry() {
      const again = lastFailed;
      lastFailed = null;
      if (!again) return false;
      set({ error: null });
      return again();
    },
    documentUrl(documentId, signal) {
      if (!token) return Promise.reject(new KycApiError(401, 'unauthorized', 'No workflow yet.'));
      return fetchObjectUrl(api, `/documents/${encodeURIComponent(documentId)}`, token, signal);
    },
    async handoffLink(pageUrl) {
      if (destroyed || state.phase !== 'ready' || !workflowId || !token) return null;
      const id = workflowId;
      try {
        const answer = await request<Handoff>(api, `${path()}/handoff`, {
          method: 'POST',
          token,
          json: {},
          signal: aborter.signal,
        });
        // Making the code moved the version by one and changed nothing else: follow it (a larger jump is someone else's).
        if (answer.version === version + 1) version = answer.version;
        const url = new URL(pageUrl ?? (typeof location === 'undefined' ? 'http://localhost/' : location.href));
        const fragment = new URLSearchParams(url.hash.slice(1));
        fragment.delete(FRAGMENT_HANDOFF);
        // The code is URL-safe base64 and ids have no dot: no escaping needed, so the QR code stays small.
        const rest = fragment.toString();
        url.hash = `${rest ? `${rest}&` : ''}${FRAGMENT_HANDOFF}=${id}.${answer.code}`;
        return { link: url.href, expiresAt: answer.expiresAt };
      } catch (error) {
        if (isAbort(error) || destroyed) return null;
        fail(error, null);
        return null;
      }
    },
    memo() {
      if (!workflowId || !token || state.phase !== 'ready') return null;
      return {
        workflowId,
        token,
        snapshot: actor.getPersistedSnapshot(),
        version,
        saved,
        status: state.status,
        decision: state.decision,
        announcedDecision,
      };
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      aborter.abort();
      stopStream?.();
      actor.stop();
      listeners.clear();
      noticeListeners.clear();
    },
  };
}

/**
 * Reads (and removes from the address bar) a hand-off link's fragment,
 * `#kyc-handoff=<workflowId>.<code>`. The old `#kyc-workflow=…&kyc-token=…`
 * is not read: a link must never hand a page a token it did not ask for.
 */
export function takeHandoffFragment(): HandoffFragment | null {
  if (typeof location === 'undefined' || !location.hash) return null;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const value = fragment.get(FRAGMENT_HANDOFF);
  if (value === null) return null;
  fragment.delete(FRAGMENT_HANDOFF);
  const dot = value.indexOf('.');
  const workflowId = dot > 0 ? value.slice(0, dot) : '';
  const code = dot > 0 ? value.slice(dot + 1) : '';
  const rest = fragment.toString();
  const url = `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`;
  try {
    history.replaceState(history.state, '', url);
  } catch {
    /* sandboxed: the fragment stays, nothing else breaks */
  }
  // A mangled link still counts as a link: redeeming it fails and the element says so.
  return { workflowId: workflowId || '-', code: code || '-' };
}
