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
 *
 * This file is the public surface and the assembly; the pieces: core.ts
 * (shared state, errors, storage), saving.ts (saving and submitting),
 * uploading.ts, stream.ts (the live side and its catch-up), handoff.ts,
 * resume.ts (a reload on the photo step).
 */
import { createActor, type Snapshot } from 'xstate';
import { fetchObjectUrl, KycApiError } from '../common/http.js';
import { kycMachine, type ApplicantContext, type KycEvent, type KycSnapshot, type KycState, type UploadItem } from '../workflow/index.js';
import { createCore, isAbort, sameStored, storedOf } from './core.js';
import { FRAGMENT_HANDOFF, makeHandoffLink, redeemHandoff, takeHandoffFragment, type HandoffFragment } from './handoff.js';
import { photoMovesAfterReload } from './resume.js';
import { createSaving } from './saving.js';
import { createStream } from './stream.js';
import type { Decision, DocumentInfo, WorkflowStatus, WorkflowView } from './types.js';
import { createUploading } from './uploading.js';

export { storageKey } from './core.js';
export { FRAGMENT_HANDOFF, takeHandoffFragment, type HandoffFragment };

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

export interface StoredSnapshot {
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
  /** Forgets the workflow kept in storage for a reload (a new application starts next time). */
  forget(): void;
  /** What to keep to recreate this client later with every unsaved step. */
  memo(): KycWorkflowMemo | null;
  destroy(): void;
}


export function createKycWorkflow(options: KycWorkflowOptions): KycWorkflow {
  const core = createCore(options);
  const stream = createStream(core);
  const saving = createSaving(core, stream);
  const uploading = createUploading(core, saving);
  let handoff = options.memo ? null : (options.handoff ?? null);
  /** Set when a hand-off was refused: reported once the client is ready (without it). */
  let handoffRefused: KycApiError | null = null;

  const reportRefusedHandoff = () => {
    const refused = handoffRefused;
    handoffRefused = null;
    if (refused) core.fail(refused, null);
  };

  /** Loads what there is to resume (a hand-off, given id and token, or kept ones), or waits at welcome. */
  const load = async (): Promise<boolean> => {
    core.set({ phase: 'loading', error: null });
    try {
      if (handoff) {
        handoffRefused = await redeemHandoff(core, handoff);
        handoff = null; // redeemed or refused: never sent twice (a network failure keeps it for retry())
      }
      if ((!core.workflowId || !core.token) && core.wasHandedOff()) {
        await null; // after the caller has subscribed: the notice is for them too
        core.handedOff();
        return true;
      }
      if (!core.workflowId || !core.token) {
        const kept = core.recall();
        if (kept) ({ id: core.workflowId, token: core.token } = kept);
      }
      const explicit = Boolean(options.workflowId && options.token) || Boolean(options.memo);
      let view: WorkflowView | null = null;
      if (core.workflowId && core.token) {
        try {
          view = await core.fetchView();
        } catch (error) {
          // A kept workflow that is gone or no longer ours: start a new one. A given one: report it.
          if (explicit || !(error instanceof KycApiError) || ![401, 403, 404].includes(error.status)) throw error;
          core.forget();
          if (error.code === 'token_expired') throw error; // said in words (and `kyc-expired`): the host may give a new start code
          core.workflowId = core.token = null;
        }
      }
      if (core.destroyed) return false;
      if (!view) {
        // Nothing to resume: the welcome screen needs no workflow; START creates one (see saving.ts).
        core.replaceActor(createActor(kycMachine, { input: undefined }).getSnapshot());
        core.set({ workflowId: null, phase: 'ready', status: 'in_progress', decision: null, documents: [] });
        reportRefusedHandoff();
        return true;
      }
      core.tokenWorked = true;
      core.remember();
      core.version = view.version;
      const stored = storedOf(view);
      // Keep a host's unsaved steps when the BFF still holds what this client saved last.
      if (!options.memo || !sameStored(core.saved, stored)) {
        core.restoreFrom(view);
        if (view.state === 'document_selection' && view.status === 'in_progress') {
          for (const move of photoMovesAfterReload(core.actor.getSnapshot().context, view.documents ?? [])) core.actor.send(move);
        }
      }
      core.saved = stored;
      core.set({
        workflowId: core.workflowId,
        phase: 'ready',
        status: view.status,
        decision: view.decision,
        documents: view.documents ?? [],
      });
      stream.applyRemote(view);
      stream.open();
      reportRefusedHandoff();
      return true;
    } catch (error) {
      if (isAbort(error) || core.destroyed) return false;
      core.set({ phase: 'failed' });
      core.fail(error, load);
      return false;
    }
  };

  // A memo's actor runs at once (its steps are on screen); a new one waits for the BFF's snapshot.
  if (options.memo) core.watch(core.actor);
  const ready = load().then(() => undefined);

  return {
    ready,
    subscribe(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    onNotice(listener) {
      core.noticeListeners.add(listener);
      return () => core.noticeListeners.delete(listener);
    },
    getSnapshot: () => core.actor.getSnapshot(),
    getState: () => core.state,
    send: saving.send,
    capture: uploading.capture,
    submitPhotos: uploading.submitPhotos,
    async retry() {
      const again = core.lastFailed;
      core.lastFailed = null;
      if (!again) return false;
      core.set({ error: null });
      return again();
    },
    documentUrl(documentId, signal) {
      if (!core.token) return Promise.reject(new KycApiError(401, 'unauthorized', 'No workflow yet.'));
      return fetchObjectUrl(core.api, `/documents/${encodeURIComponent(documentId)}`, core.token, signal);
    },
    handoffLink: (pageUrl) => makeHandoffLink(core, pageUrl),
    forget: () => core.forget(),
    memo() {
      if (!core.workflowId || !core.token || core.state.phase !== 'ready') return null;
      return {
        workflowId: core.workflowId,
        token: core.token,
        snapshot: core.actor.getPersistedSnapshot(),
        version: core.version,
        saved: core.saved,
        status: core.state.status,
        decision: core.state.decision,
        announcedDecision: core.announcedDecision,
      };
    },
    destroy() {
      if (core.destroyed) return;
      core.destroyed = true;
      core.aborter.abort();
      core.stopStream?.();
      core.actor.stop();
      core.listeners.clear();
      core.noticeListeners.clear();
    },
  };
}
