/**
 * The reviewer client's commands of reviewers.md: who the key belongs to,
 * the second stage of a four-eyes decision (confirm, return) and internal
 * notes. Kept apart from review-queue.ts; they run on its state and calls.
 */
import { KycApiError } from '../common/http.js';
import type { ActionResult, CaseDetail, CaseNote, ReviewQueueState, Reviewer, SecondReviewAnswer } from './types.js';

export interface ReviewerCommandDeps {
  call<T>(path: string, init?: { method?: string; json?: unknown }): Promise<T>;
  act(run: (detail: CaseDetail) => Promise<CaseDetail>, canRun?: (detail: CaseDetail) => boolean): Promise<ActionResult>;
  fail(error: unknown): void;
  set(change: Partial<ReviewQueueState>): void;
  getState(): ReviewQueueState;
  postDecision(detail: CaseDetail, body: object): Promise<CaseDetail>;
  casePath(id: string): string;
  loadCase(id: string, opts: { quiet?: boolean }): Promise<void>;
}

export type NoteResult = { ok: true; note: CaseNote } | { ok: false; error?: KycApiError };

export function reviewerCommands({ call, act, fail, set, getState, postDecision, casePath, loadCase }: ReviewerCommandDeps) {
  /** Only a senior or admin who did not write the proposal may answer it; the BFF answers anyone else with 403. */
  const answerProposal = (answer: SecondReviewAnswer) =>
    act((detail) => postDecision(detail, answer), (detail) => detail.status === 'pending_second_review');

  return {
    /** Who the key belongs to (`reviewer`, and `me` its id); an older BFF without the route leaves `reviewer` null. */
    async loadMe(): Promise<void> {
      const { authFailed } = getState();
      if (authFailed) return;
      try {
        const reviewer = await call<Reviewer>('/reviewers/me');
        set({ reviewer, me: reviewer.id });
      } catch (error) {
        if (error instanceof KycApiError && (error.status === 401 || error.status === 404)) return;
        fail(error);
      }
    },

    /** Confirms the open case's proposal: it becomes the decision. */
    confirm: () => answerProposal({ outcome: 'confirm' }),

    /** Sends the open case's proposal back to review, with the reason reviewers will read. */
    returnProposal: (reason: string) => answerProposal({ outcome: 'return', reason: reason.trim() }),

    /** Adds an internal note to the open case (any version: a note never conflicts). */
    async addNote(text: string): Promise<NoteResult> {
      const detail = getState().detail;
      if (!detail || !text.trim()) return { ok: false };
      try {
        const note = await call<CaseNote>(`${casePath(detail.id)}/notes`, { method: 'POST', json: { text: text.trim() } });
        const current = getState().detail;
        if (current?.id === detail.id && !current.notes?.some((known) => known.id === note.id))
          set({ detail: { ...current, notes: [...(current.notes ?? []), note] } });
        // A note is a new version of the case: catch up, or the stream's echo would read as someone else's change.
        if (current?.id === detail.id) await loadCase(detail.id, { quiet: true });
        return { ok: true, note };
      } catch (error) {
        if (error instanceof KycApiError) return { ok: false, error };
        fail(error);
        return { ok: false };
      }
    },
  };
}
