/**
 * The second stage of a four-eyes decision (reviewers.md § Two-stage
 * decisions): the proposal with its author and reason, and Confirm / Return
 * for a senior or admin who did not write it; the author and reviewers
 * without the role get an explanation instead of buttons. Also the note a
 * returned proposal leaves on a case back in review. Lit templates taking
 * data and callbacks; the queue keeps the state and calls the BFF.
 */
import { css, html, nothing } from 'lit';
import type { CaseProposal, Reviewer, ReturnedProposal, SecondReviewAnswer } from '../review-client/types.js';
import { formatDateTime } from './format.js';
import type { ReviewerStrings } from './reviewers.strings.js';

/** The shapes are the reviewer client's (GET /cases/:id, GET /reviewers/me); re-exported for callers of these templates. */
export type { CaseProposal, ReturnedProposal, ReviewerRef, SecondReviewAnswer } from '../review-client/types.js';
/** Who is looking: `GET /reviewers/me`. */
export type Me = Pick<Reviewer, 'id' | 'name' | 'roles'>;

export interface SecondReviewOptions {
  proposal: CaseProposal;
  me: Me | null;
  strings: ReviewerStrings;
  locale: string;
  /** Words for an upload item (`id_card/front` → "ID card front"). */
  itemLabel?: (item: string) => string;
  busy?: boolean;
  error?: string | null;
  /** False: the proposal only (the queue puts Confirm / Return and the explanation in its decision bar). */
  actions?: boolean;
  onAnswer(answer: SecondReviewAnswer): void;
}

export const canSecondReview = (me: Me | null, proposal: CaseProposal) =>
  !!me && me.id !== proposal.author.id && me.roles.some((role) => role === 'kyc:senior' || role === 'kyc:admin');

export function secondReview({ proposal, me, strings: s, locale, itemLabel = (item) => item, busy = false, error = null, actions = true, onAnswer }: SecondReviewOptions) {
  const author = me?.id === proposal.author.id;
  const allowed = canSecondReview(me, proposal);
  const returning = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('return-reason') as HTMLTextAreaElement;
    const message = form.querySelector<HTMLElement>('.return-missing')!;
    const reason = field.value.trim();
    field.setAttribute('aria-invalid', reason ? 'false' : 'true');
    message.hidden = !!reason;
    if (!reason) {
      field.focus();
      return;
    }
    onAnswer({ outcome: 'return', reason });
  };
  return html`<section class="second-review" aria-labelledby="second-review-heading" part="second-review">
    <h3 id="second-review-heading">${s.secondReviewHeading}</h3>
    <p class="proposal-outcome"><strong>${s.proposedOutcome[proposal.outcome]}</strong></p>
    <p class="proposal-by">${s.proposalBy(proposal.author.name || proposal.author.id, formatDateTime(proposal.proposedAt, locale))}</p>
    ${proposal.reason || proposal.items.length
      ? html`<dl class="proposal">
          ${proposal.reason
            ? html`<dt>${s.proposalReason}</dt>
                <dd class="proposal-reason">${proposal.reason}</dd>`
            : nothing}
          ${proposal.items.length
            ? html`<dt>${s.proposalItems}</dt>
                <dd>
                  <ul>
                    ${proposal.items.map((item) => html`<li>${itemLabel(item.document)}: ${item.reason}</li>`)}
                  </ul>
                </dd>`
            : nothing}
        </dl>`
      : nothing}
    ${!actions
      ? nothing
      : allowed
      ? html`<div class="second-review-actions">
          <button type="button" class="confirm" ?disabled=${busy} @click=${() => onAnswer({ outcome: 'confirm' })}>${s.confirm}</button>
          <form class="return-form" @submit=${returning} novalidate>
            <label for="return-reason">${s.returnReasonLabel}</label>
            <textarea id="return-reason" name="return-reason" rows="2" maxlength="1000" aria-describedby="return-hint return-missing"></textarea>
            <p id="return-hint" class="hint">${s.returnReasonHint}</p>
            <p id="return-missing" class="return-missing form-error" hidden>${s.returnReasonMissing}</p>
            <button type="submit" class="return" ?disabled=${busy}>${s.returnProposal}</button>
          </form>
        </div>`
      : html`<p class="second-review-why">${author ? s.youProposed : s.needsSenior}</p>`}
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : nothing}
  </section>`;
}

/** On a case back in pending_review: why the second reviewer returned its proposal. */
export function returnedNotice({ returned, strings: s, locale }: { returned: ReturnedProposal; strings: ReviewerStrings; locale: string }) {
  return html`<aside class="returned" aria-labelledby="returned-heading" part="returned">
    <h3 id="returned-heading">${s.returnedHeading}</h3>
    <p>${s.returnedProposal(s.proposedOutcome[returned.outcome], returned.author.name || returned.author.id)}</p>
    <p>${s.returnedBy(returned.by.name || returned.by.id, formatDateTime(returned.at, locale))}</p>
    <blockquote class="returned-reason">${returned.reason}</blockquote>
  </aside>`;
}

export const secondReviewStyles = css`
  .second-review,
  .returned {
    display: grid;
    gap: var(--_space, 0.5rem);
    padding: var(--_space, 0.5rem);
    border: 1px solid var(--_warning, #8a5a00);
    border-radius: var(--_radius, 6px);
    background: var(--_surface-alt, #f4f6f8);
  }
  .proposal-outcome,
  .proposal-by,
  .returned p {
    margin: 0;
  }
  .second-review h3,
  .returned h3 {
    margin: 0;
    font-size: 1.05em;
  }
  .proposal {
    margin: 0;
    display: grid;
    gap: 0.2em;
  }
  .proposal dt {
    font-weight: 600;
    margin-top: 0.3em;
  }
  .proposal dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .proposal ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  .second-review-actions {
    display: grid;
    gap: var(--_space, 0.5rem);
  }
  .return-form {
    display: grid;
    gap: 0.35em;
  }
  .return-form textarea {
    font: inherit;
    padding: 0.4em;
    border: 1px solid var(--_border, #c9d1d9);
    border-radius: var(--_radius, 6px);
  }
  .second-review button {
    justify-self: start;
    font: inherit;
    min-height: 44px;
    padding: 0.4em 1em;
    border-radius: var(--_radius, 6px);
    border: 1px solid var(--_accent, #0a58ca);
    cursor: pointer;
  }
  .second-review .confirm {
    background: var(--_accent, #0a58ca);
    color: var(--_on-accent, #fff);
  }
  .second-review .return {
    background: var(--_surface, #fff);
    color: var(--_accent, #0a58ca);
  }
  .second-review button:focus-visible,
  .return-form textarea:focus-visible {
    outline: 3px solid var(--_accent, #0a58ca);
    outline-offset: 2px;
  }
  .second-review button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  .hint,
  .second-review-why {
    margin: 0;
    color: var(--_muted, #57606a);
  }
  .form-error {
    margin: 0;
    color: var(--_danger, #b42318);
  }
  .returned-reason {
    margin: 0;
    padding-inline-start: var(--_space, 0.5rem);
    border-inline-start: 3px solid var(--_border, #c9d1d9);
    white-space: pre-wrap;
  }
`;
