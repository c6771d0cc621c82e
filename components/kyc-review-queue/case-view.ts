/**
 * One open case: header and status, notices (a refusal, a live change, the
 * outcome of the reviewer's own action), assignment, personal details, the
 * documents (document-viewer), history and the decision bar.
 *
 * Where to extend it:
 * - a panel beside the details (notes, a second review's proposal): add it
 *   to `panels()`; each panel is a `<section>` with its own heading;
 * - a button in the decision bar (Confirm, Return): add it to
 *   `decisionButtons()`; a dialog it opens goes in decision-dialogs.
 *
 * Four eyes (reviewers.md): while a case is pending_second_review the panel
 * shows the proposal and the bar holds Confirm / Return for a senior or
 * admin who did not write it, an explanation for anyone else.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { deciderOf, type ActionResult, type Conflict } from '../review-client/review-queue.js';
import type { CaseDetail, DecisionBody } from '../review-client/types.js';
import type { QueueContext } from './context.js';
import { KycCaseDecidedEvent, KycReviewErrorEvent } from './events.js';
import { countryName, formatDate, formatDateTime, fullName, historyLine, itemLabel, reasonWords } from './format.js';
import { notesPanel } from './notes-panel.js';
import { canSecondReview, returnedNotice, secondReview, type CaseProposal } from './second-review.js';

export class CaseView {
  /** A refusal or failure of the reviewer's action, in words (`#case-notice`). */
  private notice = '';
  /** What the reviewer's own action did (`#case-message`), shown while the case is at the version it made. */
  private message = '';
  private messageVersion = -1;
  /** The notes form: a note on its way, or why the last one was refused. */
  private noteBusy = false;
  private noteError = '';

  constructor(private readonly ctx: QueueContext) {}

  /** Another case (or the list) opened. */
  reset() {
    this.notice = '';
    this.message = '';
    this.noteError = '';
  }

  /** Focus on the latest word for the reviewer (after a dialog closed without a place to return to). */
  focusNews() {
    if (this.message) this.ctx.focusAfterRender('#case-message');
    else if (this.notice) this.ctx.focusAfterRender('#case-notice');
  }

  private set(change: { notice?: string; message?: string; noteBusy?: boolean; noteError?: string }) {
    Object.assign(this, change);
    this.ctx.host.requestUpdate();
  }

  /** Words for a 409 (after the client reloaded the case). */
  private conflictWords(conflict: Conflict): string {
    const s = this.ctx.s;
    if (conflict.kind === 'decided') return s.conflictDecided(s.status[conflict.status], conflict.by);
    if (conflict.kind === 'held') return s.conflictHeld(conflict.by);
    return s.conflictChanged;
  }

  /** Runs a claim, release or decision; a refusal becomes the notice and a `kyc-error`. True when settled. */
  private async run(action: () => Promise<ActionResult>, done: (detail: CaseDetail) => void): Promise<boolean> {
    this.set({ notice: '' });
    const result = await action();
    if (result.ok) {
      done(result.detail);
      return true;
    }
    const { conflict, error } = result;
    if (!error) return false;
    const words = conflict ? this.conflictWords(conflict) : this.ctx.s.genericError(error.message);
    this.set({ notice: words });
    this.ctx.focusAfterRender('#case-notice');
    this.ctx.emit(new KycReviewErrorEvent(conflict ? { code: 'conflict', message: words } : { code: error.code, message: error.message }));
    return true;
  }

  // The assignment line says "You hold this case." (a status region): no second message.
  readonly claim = () => this.run(() => this.ctx.client.queue.claim(), () => this.set({ message: '' }));

  readonly release = () => this.run(() => this.ctx.client.queue.release(), () => this.set({ message: '' }));

  /** Sends a decision; true when it was taken or its refusal explained (a dialog may close). */
  decide(decision: Omit<DecisionBody, 'version'>): Promise<boolean> {
    this.set({ message: '' });
    return this.run(
      () => this.ctx.client.queue.decide(decision),
      (detail) => {
        // Under four eyes the BFF may have taken it as a proposal: not a decision yet, no event.
        const proposed = detail.status === 'pending_second_review';
        this.said(detail, proposed ? this.ctx.r.proposedMessage : this.ctx.s.decided[decision.outcome]);
        if (!proposed) this.ctx.emit(new KycCaseDecidedEvent({ caseId: detail.id, outcome: decision.outcome }));
      },
    );
  }

  /** The outcome of the reviewer's own action, focused; the dialog that asked is done before the host hears of it. */
  private said(detail: CaseDetail, message: string) {
    this.messageVersion = detail.version;
    this.set({ message });
    this.ctx.focusAfterRender('#case-message');
    this.ctx.dialogs.close();
  }

  /** Confirms the open case's proposal: it becomes the decision. */
  readonly confirm = () => {
    const outcome = this.ctx.client.state.detail?.proposal?.outcome;
    this.set({ message: '' });
    return this.run(
      () => this.ctx.client.queue.confirm(),
      (detail) => {
        const final = detail.decision?.outcome ?? outcome;
        this.said(detail, this.ctx.r.confirmedMessage(final ? this.ctx.s.decided[final].replace(/\.$/, '') : ''));
        if (final) this.ctx.emit(new KycCaseDecidedEvent({ caseId: detail.id, outcome: final }));
      },
    );
  };

  /** Sends the proposal back to review with the reason (the Return dialog). */
  returnProposal(reason: string): Promise<boolean> {
    this.set({ message: '' });
    return this.run(
      () => this.ctx.client.queue.returnProposal(reason),
      (detail) => this.said(detail, this.ctx.r.returnedMessage),
    );
  }

  private readonly addNote = async (text: string): Promise<boolean> => {
    this.set({ noteBusy: true, noteError: '' });
    const result = await this.ctx.client.queue.addNote(text);
    const error = result.ok ? '' : this.ctx.r.noteAddFailed(result.error?.message ?? this.ctx.s.genericError(''));
    this.set({ noteBusy: false, noteError: error });
    if (!result.ok && result.error && result.error.status !== 401) this.ctx.emit(new KycReviewErrorEvent({ code: result.error.code, message: result.error.message }));
    return result.ok;
  };

  /** Approve, Reject, Request resubmission: the decision bar's buttons. */
  protected decisionButtons(canAct: boolean): TemplateResult[] {
    const { s, r, dialogs } = this.ctx;
    const state = this.ctx.client.state;
    const detail = state.detail;
    if (detail?.status === 'pending_second_review' && detail.proposal) {
      // The second look: Confirm / Return for a senior or admin who did not propose; words for anyone else
      // (nothing until the BFF said who the key is: no flash of the wrong sentence).
      if (!state.reviewer) return [];
      if (!canSecondReview(state.reviewer, detail.proposal))
        return [html`<p class="muted second-review-why">${state.reviewer?.id === detail.proposal.author.id ? r.youProposed : r.needsSenior}</p>`];
      const can = !state.busy && !state.authFailed;
      return [
        html`<button part="button primary confirm" class="primary" type="button" ?disabled=${!can} @click=${this.confirm}>${r.confirm}</button>`,
        html`<button part="button return" type="button" aria-haspopup="dialog" ?disabled=${!can} @click=${() => dialogs.open('return')}>
          ${r.returnProposal}
        </button>`,
      ];
    }
    return [
      html`<button part="button primary" class="primary" type="button" aria-haspopup="dialog" ?disabled=${!canAct} @click=${() => dialogs.open('approve')}>
        ${s.approve} <kbd aria-hidden="true">a</kbd>
      </button>`,
      html`<button part="button danger" class="danger" type="button" aria-haspopup="dialog" ?disabled=${!canAct} @click=${() => dialogs.open('reject')}>
        ${s.reject} <kbd aria-hidden="true">r</kbd>
      </button>`,
      html`<button part="button" type="button" aria-haspopup="dialog" ?disabled=${!canAct} @click=${() => dialogs.open('resubmit')}>
        ${s.requestResubmission} <kbd aria-hidden="true">s</kbd>
      </button>`,
    ];
  }

  /** Panels below the personal details. */
  protected panels(detail: CaseDetail): unknown[] {
    const { r, locale } = this.ctx;
    return [
      detail.status === 'pending_second_review' && detail.proposal ? this.renderProposal(detail.proposal) : nothing,
      detail.status === 'pending_review' && detail.returned ? returnedNotice({ returned: detail.returned, strings: r, locale }) : nothing,
      this.renderDecision(detail),
      detail.notes
        ? notesPanel({ notes: detail.notes, strings: r, locale, busy: this.noteBusy, error: this.noteError || null, onAdd: this.addNote })
        : nothing,
    ];
  }

  /** The proposal as the second reviewer reads it: reasons in words (a common reason by its code). */
  private renderProposal(proposal: NonNullable<CaseDetail['proposal']>) {
    const { r, s, locale } = this.ctx;
    const shown: CaseProposal = {
      ...proposal,
      reason: reasonWords(proposal.reason, proposal.reasonCode, s, proposal.outcome === 'reject') ?? null,
      items: (proposal.items ?? []).map((item) => ({ document: item.document, reason: reasonWords(item.reason, (item as { reasonCode?: string }).reasonCode, s) ?? '' })),
    };
    return secondReview({ proposal: shown, me: this.ctx.client.state.reviewer, strings: r, locale, itemLabel: (item) => itemLabel(item, s), actions: false, onAnswer: () => {} });
  }

  render(id: string): TemplateResult {
    const { s, router } = this.ctx;
    const state = this.ctx.client.state;
    const detail = state.detail?.id === id ? state.detail : null;
    const back = html`<a part="back" class="back" href=${router.listPath} data-back>← ${s.back}</a>`;
    if (!detail) {
      const words = state.caseState === 'missing' ? s.notFound : state.caseState === 'error' ? s.genericError(id) : s.loading;
      return html`<section part="case" class="case">${back}<p class="empty" role="status">${words}</p></section>`;
    }
    const name = fullName(detail.context.applicant ?? detail.applicant);
    const pending = detail.status === 'pending_review';
    const canAct = pending && !state.busy && !state.authFailed;
    const notice = this.notice;
    // Once the case moved on (a resubmission came back), the outcome of an earlier action is stale.
    const message = detail.version === this.messageVersion ? this.message : '';
    return html`<section part="case" class="case" aria-labelledby="case-heading">
      ${back}
      <header class="case-header">
        <h2 id="case-heading" tabindex="-1">${name}</h2>
        <span part="status" class=${`status status-${detail.status}`}>${s.status[detail.status]}</span>
      </header>
      <div id="case-notice" part="notice" class=${notice ? 'notice' : ''} role="alert" tabindex="-1">
        ${notice ? html`<p>${notice}</p>` : nothing}
      </div>
      ${state.liveChange && !notice
        ? html`<div part="notice" class="notice live">
            <p>${s.changedLive(s.status[state.liveChange])}</p>
            <button part="button" type="button" @click=${() => this.ctx.client.queue.reloadCase({ quiet: true })}>${s.refresh}</button>
          </div>`
        : nothing}
      <div id="case-message" class=${message ? 'message' : ''} role="status" tabindex="-1">
        ${message ? html`<p>${message}</p>` : nothing}
      </div>
      ${this.renderAssignment(detail, canAct)}
      <div class="case-grid">
        <section class="details" aria-labelledby="details-heading">
          <h3 id="details-heading">${s.personalDetails}</h3>
          ${this.renderDetails(detail, name)} ${this.panels(detail)}
        </section>
        <section class="documents" aria-labelledby="documents-heading">
          <h3 id="documents-heading">${s.documents}</h3>
          ${this.ctx.viewer.renderFigures()}
        </section>
      </div>
      <section part="history" class="history" aria-labelledby="history-heading">
        <h3 id="history-heading">${s.history}</h3>
        <ol>
          ${detail.history.map(
            (entry) => html`<li><time datetime=${entry.at}>${formatDateTime(entry.at, this.ctx.locale)}</time> ${historyLine(entry, s)}</li>`,
          )}
        </ol>
      </section>
      <div part="decision-bar" class="decision-bar" role="group" aria-label=${s.decisionBar}>
        ${pending || detail.status === 'pending_second_review' ? nothing : html`<p class="muted">${s.notPending}</p>`} ${this.decisionButtons(canAct)}
      </div>
      ${this.ctx.dialogs.renderCaseDialogs()}
    </section>`;
  }

  private renderAssignment(detail: CaseDetail, canAct: boolean) {
    const s = this.ctx.s;
    const state = this.ctx.client.state;
    const heldByMe = !!detail.assignee && detail.assignee === state.me;
    return html`<div class="assignment">
      <p role="status">${detail.assignee ? (heldByMe ? s.heldByYou : s.heldBy(detail.assignee)) : s.unassigned}</p>
      ${heldByMe
        ? html`<button part="button" type="button" ?disabled=${state.busy} @click=${this.release}>${s.release}</button>`
        : detail.status === 'pending_review'
          ? html`<button part="button" type="button" ?disabled=${!canAct} @click=${this.claim}>${s.claim}</button>`
          : nothing}
    </div>`;
  }

  private renderDetails(detail: CaseDetail, name: string) {
    const { s, locale } = this.ctx;
    const applicant = detail.context.applicant;
    const type = detail.context.documentType ?? detail.documentType;
    return html`<dl>
      <dt>${s.name}</dt>
      <dd>${name}${this.changed(detail, 'firstName', (v) => v)}${this.changed(detail, 'lastName', (v) => v)}</dd>
      <dt>${s.dateOfBirth}</dt>
      <dd>${formatDate(applicant?.dateOfBirth, locale)}${this.changed(detail, 'dateOfBirth', (v) => formatDate(v, locale))}</dd>
      <dt>${s.country}</dt>
      <dd>${countryName(applicant?.country, locale)}${this.changed(detail, 'country', (v) => countryName(v, locale))}</dd>
      <dt>${s.documentType}</dt>
      <dd>${type ? s.documentTypes[type] : '—'}</dd>
      <dt>${s.issuingCountry}</dt>
      <dd>${countryName(detail.context.issuingCountry, locale)}</dd>
      <dt>${s.submittedAt}</dt>
      <dd>${formatDateTime(detail.submittedAt, locale)}</dd>
    </dl>`;
  }

  /** A field the applicant changed from what the bank sent (issue 11): marked, with the bank's value. */
  private changed(detail: CaseDetail, field: 'firstName' | 'lastName' | 'dateOfBirth' | 'country', words: (value: string) => string) {
    const sent = detail.prefill?.[field];
    if (!detail.changedFields?.includes(field) || typeof sent !== 'string') return nothing;
    return html`<span part="changed" class="changed" data-field=${field}>${this.ctx.r.changedByApplicant(words(sent))}</span>`;
  }

  private renderDecision(detail: CaseDetail) {
    const decision = detail.decision;
    if (!decision) return nothing;
    const s = this.ctx.s;
    const outcome = s.decided[decision.outcome].replace(/\.$/, '');
    const reason = reasonWords(decision.reason, decision.reasonCode, s, true);
    return html`<div class="decision">
      <h3>${s.decisionTitle}</h3>
      <p>${s.decidedBy(outcome, deciderOf(detail) ?? '—', formatDateTime(decision.decidedAt, this.ctx.locale))}</p>
      ${reason ? html`<p>${s.decisionReason}: ${reason}</p>` : nothing}
      ${decision.items?.length
        ? html`<p>${s.itemsToRedoList}:</p>
            <ul>
              ${decision.items.map((item) => html`<li>${itemLabel(item.document, s)}: ${reasonWords(item.reason, item.reasonCode, s)}</li>`)}
            </ul>`
        : nothing}
    </div>`;
  }
}
