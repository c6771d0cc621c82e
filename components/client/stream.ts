/**
 * The live side: what the BFF reports (a GET, or a stream message) is taken
 * in as status, decision and documents, and a decision reaches the actor as
 * `REVIEW_DECIDED`. After the stream drops and comes back, a GET catches up
 * with anything decided meanwhile (a decision made then is never pushed).
 */
import { openEventStream } from '../common/event-stream.js';
import { sameStored, storedOf, type Core } from './core.js';
import { DECIDED_STATUSES, type WorkflowView } from './types.js';

export function createStream(core: Core) {
  const applyRemote = (view: WorkflowView) => {
    // A view older than what this client already saved (a late stream message) would undo a newer status.
    if (core.destroyed || view.id !== core.workflowId || view.version < core.version) return;
    // While a move is under way, its own echo must not show up before the move itself.
    if (core.sending) {
      core.deferred = view;
      return;
    }
    // Only the version moved (a reviewer's assignment, an upload): adopt it.
    if (view.version > core.version && sameStored(core.saved, storedOf(view))) core.version = view.version;
    core.set({ status: view.status, decision: view.decision, documents: view.documents ?? core.state.documents });
    const decision = view.decision;
    if (!decision || !DECIDED_STATUSES.includes(view.status)) return;
    if (core.actor.getSnapshot().value === 'final') {
      core.actor.send({
        type: 'REVIEW_DECIDED',
        review: { outcome: decision.outcome, reason: decision.reason ?? null, items: decision.items ?? [] },
      });
    }
    const mark = `${decision.decidedAt}|${decision.outcome}`;
    if (core.announcedDecision !== mark) {
      core.announcedDecision = mark;
      core.notify({ type: 'decided', workflowId: view.id, decision });
    }
  };

  const open = () => {
    if (core.options.stream === false || !core.workflowId || !core.token || core.stopStream) return;
    core.stopStream = openEventStream({
      api: core.api,
      path: core.path('/stream'),
      token: core.token,
      onMessage(message) {
        if (message.event !== 'workflow.updated' && message.event !== 'workflow.decided') return;
        try {
          applyRemote(JSON.parse(message.data) as WorkflowView);
        } catch {
          /* a malformed message is skipped; the next GET catches up */
        }
      },
      onOpen(reconnected) {
        // The GET before the stream covers its first opening; a reconnection catches up.
        if (reconnected) core.fetchView().then(applyRemote, () => undefined);
      },
      onFatal(error) {
        core.fail(error, null);
      },
    });
  };

  return { applyRemote, open };
}

export type Stream = ReturnType<typeof createStream>;
