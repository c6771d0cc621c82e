/**
 * The state one headless client shares between its pieces (saving.ts,
 * uploading.ts, stream.ts, handoff.ts): who it is (id, token, version), the
 * local actor, what views see, and how a failure is reported. Not exported
 * from the package: createKycWorkflow (kyc-workflow.ts) assembles the pieces.
 */
import { createActor, type Actor } from 'xstate';
import { KycApiError, request } from '../common/http.js';
import { applicantContextOf, canonical, initialContext, kycMachine, type KycContext, type KycSnapshot } from '../workflow/index.js';
import type {
  KycNotice,
  KycWorkflowOptions,
  KycWorkflowState,
  StoredSnapshot,
  WorkflowError,
} from './kyc-workflow.js';
import type { WorkflowView } from './types.js';

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

export const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

export type Core = ReturnType<typeof createCore>;

export function createCore(options: KycWorkflowOptions) {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const key = storageKey(options.api);
  const memo = options.memo;
  const actor: Actor<typeof kycMachine> = memo
    ? createActor(kycMachine, { snapshot: memo.snapshot as KycSnapshot, input: undefined })
    : createActor(kycMachine, { input: undefined });
  const listeners = new Set<(state: KycWorkflowState) => void>();
  const noticeListeners = new Set<(notice: KycNotice) => void>();

  const core = {
    api: options.api,
    options,
    workflowId: memo?.workflowId ?? options.workflowId ?? null,
    token: memo?.token ?? options.token ?? null,
    version: memo?.version ?? 0,
    /** What the BFF has stored (to tell "only the version moved" from "someone else moved it"). */
    saved: memo?.saved ?? null,
    announcedDecision: memo?.announcedDecision ?? null,
    destroyed: false,
    /** Whether this client's token has worked (a 401 afterwards means it was replaced: handed off). */
    tokenWorked: false,
    /** A move is under way: remote views wait for it (`deferred`). */
    sending: false,
    deferred: null as WorkflowView | null,
    lastFailed: null as (() => Promise<boolean>) | null,
    stopStream: null as (() => void) | null,
    aborter: new AbortController(),
    actor,
    state: {
      phase: 'loading',
      snapshot: actor.getSnapshot(),
      workflowId: memo?.workflowId ?? options.workflowId ?? null,
      status: memo?.status ?? 'in_progress',
      decision: memo?.decision ?? null,
      documents: [],
      busy: false,
      upload: null,
      error: null,
    } as KycWorkflowState,
    listeners,
    noticeListeners,

    set(patch: Partial<KycWorkflowState>) {
      if (core.destroyed) return;
      core.state = { ...core.state, ...patch };
      for (const listener of [...listeners]) listener(core.state);
    },
    notify(notice: KycNotice) {
      if (core.destroyed) return;
      for (const listener of [...noticeListeners]) listener(notice);
    },
    fail(error: unknown, retry: (() => Promise<boolean>) | null) {
      if (core.state.phase === 'handed_off') return;
      if (error instanceof KycApiError && error.status === 401 && core.tokenWorked && error.code !== 'token_expired') return core.handedOff();
      const e = toError(error);
      core.lastFailed = e.retryable ? retry : null;
      core.set({ error: e, busy: false, upload: null });
      core.notify({ type: 'error', error: e });
    },
    /** Another device redeemed a hand-off link: this token is dead. Stop, forget it, say so once. */
    handedOff() {
      core.stopStream?.();
      core.stopStream = null;
      core.lastFailed = null;
      // Kept as "handed off" (no token): a reload here says so instead of starting a second application.
      if (core.recall()?.token === core.token) core.keep({ id: core.workflowId, handedOff: true });
      const e: WorkflowError = {
        code: 'handed_off',
        message: 'This application continues on another device.',
        status: 401,
        retryable: false,
      };
      core.set({ phase: 'handed_off', error: e, busy: false, upload: null });
      core.notify({ type: 'error', error: e });
    },

    watch(next: Actor<typeof kycMachine>) {
      next.subscribe((snapshot) => core.set({ snapshot }));
      next.start();
    },
    replaceActor(snapshot: KycSnapshot) {
      core.actor.stop();
      core.actor = createActor(kycMachine, { snapshot, input: undefined });
      core.set({ snapshot: core.actor.getSnapshot() });
      core.watch(core.actor);
    },
    restoreFrom(view: WorkflowView) {
      const context: KycContext = { ...initialContext(), ...view.context } as KycContext;
      core.replaceActor(kycMachine.resolveState({ value: view.state, context }));
    },

    // ---- kept for a reload (id and token only, never the data) ----
    remember() {
      if (core.workflowId && core.token) core.keep({ id: core.workflowId, token: core.token });
    },
    keep(entry: { id: string | null; token?: string; handedOff?: true }) {
      try {
        storage?.setItem(key, JSON.stringify(entry));
      } catch {
        /* storage full or blocked: a reload will start over, nothing else breaks */
      }
    },
    /** This browser handed the kept workflow on to another device (see handedOff). */
    wasHandedOff(): boolean {
      try {
        return JSON.parse(storage?.getItem(key) ?? 'null')?.handedOff === true;
      } catch {
        return false;
      }
    },
    forget() {
      try {
        storage?.removeItem(key);
      } catch {
        /* ignore */
      }
    },
    recall(): { id: string; token: string } | null {
      try {
        const raw = storage?.getItem(key);
        const parsed = raw ? (JSON.parse(raw) as { id?: unknown; token?: unknown }) : null;
        return parsed && typeof parsed.id === 'string' && typeof parsed.token === 'string'
          ? { id: parsed.id, token: parsed.token }
          : null;
      } catch {
        return null;
      }
    },

    path: (suffix = '') => `/workflows/${encodeURIComponent(core.workflowId!)}${suffix}`,
    fetchView: () => request<WorkflowView>(core.api, core.path(), { token: core.token, signal: core.aborter.signal }),
  };
  return core;
}

export const storedOf = (view: WorkflowView): StoredSnapshot => ({
  state: view.state,
  context: applicantContextOf({ ...initialContext(), ...view.context } as KycContext),
});

export const sameStored = (a: StoredSnapshot | null, b: StoredSnapshot) =>
  a !== null && a.state === b.state && canonical(a.context) === canonical(b.context);
