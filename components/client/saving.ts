/**
 * Saving and submitting. A move into a persisted state saves the snapshot
 * first (`PUT …/snapshot`) and only then moves the local actor; leaving a
 * submit state is told to the BFF (`POST …/events`) and waits for it. The
 * first move the BFF must hear of (START) creates the workflow. Which states
 * persist or submit is read from the machine, never decided here.
 */
import { transition } from 'xstate';
import { KycApiError, request } from '../common/http.js';
import {
  applicantContextOf,
  initialContext,
  kycMachine,
  PERSIST_STATES,
  SUBMIT_EVENTS,
  SUBMIT_STATES,
  type KycEvent,
  type KycState,
} from '../workflow/index.js';
import { isAbort, sameStored, storedOf, type Core } from './core.js';
import type { StoredSnapshot } from './kyc-workflow.js';
import type { Stream } from './stream.js';
import type { CreatedWorkflow } from './types.js';

export function createSaving(core: Core, stream: Stream) {
  /** Creates the workflow (the applicant has started), keeps id and token, and listens to it. */
  const create = async () => {
    const created = await request<CreatedWorkflow>(core.api, '/workflows', {
      method: 'POST',
      json: {},
      signal: core.aborter.signal,
    });
    if (core.destroyed) return;
    core.workflowId = created.id;
    core.token = created.token;
    core.tokenWorked = true;
    core.version = created.version;
    core.saved = { state: created.state, context: applicantContextOf(initialContext()) };
    core.remember();
    core.set({ workflowId: core.workflowId });
    stream.open();
  };

  /** PUT / POST with the version; on 409 catch up and, if only the version moved, try once more. */
  const versioned = async <T extends { version: number }>(method: string, suffix: string, body: object): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await request<T>(core.api, core.path(suffix), {
          method,
          token: core.token,
          json: { ...body, version: core.version },
          signal: core.aborter.signal,
        });
        core.version = Math.max(core.version, answer.version);
        return answer;
      } catch (error) {
        if (!(error instanceof KycApiError) || error.status !== 409 || attempt > 0) throw error;
        const view = await core.fetchView();
        const stored = storedOf(view);
        stream.applyRemote(view);
        core.version = view.version;
        if (sameStored(core.saved, stored)) continue;
        // Someone else moved this workflow (another device): show what the BFF holds.
        core.saved = stored;
        core.restoreFrom(view);
        throw new KycApiError(
          409,
          'conflict',
          'This application was changed on another device. The latest saved step is shown.',
          error.problem,
        );
      }
    }
  };

  /** Sends an event through the BFF where the machine says so. Resolves true when the machine moved. */
  const send = async (event: KycEvent): Promise<boolean> => {
    if (core.destroyed || core.state.phase !== 'ready' || core.sending) return false;
    const before = core.actor.getSnapshot();
    if (!before.can(event)) return false;
    const [after] = transition(kycMachine, before, event);
    const from = before.value as KycState;
    const to = after.value as KycState;
    const isSubmit = SUBMIT_STATES.includes(from) && SUBMIT_EVENTS.includes(event.type);
    const isPersist = to !== from && PERSIST_STATES.includes(to);
    if (!isSubmit && !isPersist) {
      core.actor.send(event);
      return true;
    }
    core.sending = true;
    core.set({ busy: true, error: null });
    try {
      // The first move the BFF must hear of creates the workflow (a retry after a failed save reuses it).
      if (!core.workflowId) await create();
      if (core.destroyed) return false;
      const target: StoredSnapshot = { state: to, context: applicantContextOf(after.context) };
      // A submit: the BFF checks the move and stores where it leads; no second save needed.
      if (isSubmit) await versioned('POST', '/events', { ...event });
      else await versioned('PUT', '/snapshot', { state: to, context: target.context });
      core.saved = target;
      if (core.destroyed) return false;
      core.lastFailed = null;
      const submitted = to === 'final' && from !== 'final';
      // Entering final submits the case: state and status change together (one notification).
      core.state = { ...core.state, busy: false, ...(submitted ? { status: 'pending_review' as const, decision: null } : {}) };
      core.actor.send(event);
      if (submitted) core.notify({ type: 'submitted', workflowId: core.workflowId! });
      return true;
    } catch (error) {
      if (isAbort(error) || core.destroyed) return false;
      core.fail(error, () => send(event));
      return false;
    } finally {
      core.sending = false;
      const view = core.deferred;
      core.deferred = null;
      if (view) stream.applyRemote(view);
    }
  };

  return { send };
}

export type Saving = ReturnType<typeof createSaving>;
