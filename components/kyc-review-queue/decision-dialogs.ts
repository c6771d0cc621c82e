/**
 * The queue's modal dialogs: which one is open, where focus returns, and the
 * decision forms (reject, request resubmission, and returning a proposal
 * of a four-eyes decision with a reason). The full-size image and
 * the shortcut help render their own content (document-viewer, shortcut-help).
 * A further dialog is one more name in `DialogName` and one more render method.
 */
import { html, nothing } from 'lit';
import { REJECT_REASON_CODES, RESUBMIT_REASON_CODES } from '../workflow/catalogue.js';
import type { DecisionBody } from '../review-client/types.js';
import type { QueueContext } from './context.js';
import { caseItems } from './document-viewer.js';
import { codeOf, itemLabel } from './format.js';
import { deepActiveElement } from './keyboard-controller.js';
import { renderHelp } from './shortcut-help.js';

export type DialogName = 'help' | 'approve' | 'reject' | 'resubmit' | 'full' | 'return';

export class DecisionDialogs {
  /** The open dialog (`null`: none). */
  current: DialogName | null = null;
  /** The figure shown full size. */
  fullItem: string | null = null;
  private error = '';
  /** The reason field holds a common reason word for word (it will travel as a code). */
  private coded = false;
  private returnTo: HTMLElement | null = null;

  constructor(private readonly ctx: QueueContext) {}

  private get root() {
    return this.ctx.host.renderRoot as ShadowRoot;
  }

  isOpen(): boolean {
    return !!this.current || !!this.root.querySelector('dialog[open]');
  }

  async open(name: DialogName, item?: string) {
    if (this.current) return;
    this.returnTo = deepActiveElement();
    this.current = name;
    if (item) this.fullItem = item;
    this.error = '';
    this.coded = false;
    this.ctx.host.requestUpdate();
    await this.ctx.host.updateComplete;
    const dialog = this.root.querySelector<HTMLDialogElement>(`dialog[data-name="${name}"]`);
    if (!dialog) {
      this.current = null;
      return;
    }
    dialog.querySelector('form')?.reset();
    dialog.querySelectorAll('[aria-invalid]').forEach((field) => field.removeAttribute('aria-invalid'));
    if (!dialog.open) dialog.showModal();
  }

  close() {
    this.root.querySelector<HTMLDialogElement>('dialog[open]')?.close();
  }

  /** A case closed: its dialogs go (the help may stay). */
  reset() {
    this.fullItem = null;
    if (this.current && this.current !== 'help') this.current = null;
  }

  private readonly onClose = () => {
    this.current = null;
    this.error = '';
    const back = this.returnTo;
    this.returnTo = null;
    this.ctx.host.requestUpdate();
    if (back?.isConnected && !(back as HTMLButtonElement).disabled) back.focus();
    else this.ctx.caseView.focusNews();
  };

  private invalid(field: HTMLElement, words: string) {
    this.error = words;
    field.setAttribute('aria-invalid', 'true');
    field.focus();
    this.ctx.host.requestUpdate();
  }

  private readonly onApproveSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (await this.ctx.caseView.decide({ outcome: 'approve' })) this.close();
  };

  private readonly onRejectSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('reason') as HTMLTextAreaElement;
    const reason = field.value.trim();
    if (!reason) return this.invalid(field, this.ctx.s.needReason);
    field.removeAttribute('aria-invalid');
    this.error = '';
    const reasonCode = codeOf(reason, REJECT_REASON_CODES, this.ctx.s.rejectReasons);
    if (await this.ctx.caseView.decide({ outcome: 'reject', ...(reasonCode ? { reasonCode } : { reason }) })) this.close();
  };

  private readonly onResubmitSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const s = this.ctx.s;
    const form = event.currentTarget as HTMLFormElement;
    const general = form.elements.namedItem('reason') as HTMLTextAreaElement;
    const items: NonNullable<DecisionBody['items']> = [];
    for (const item of caseItems(this.ctx.client.state.detail)) {
      const box = form.elements.namedItem(`item:${item}`) as HTMLInputElement | null;
      if (!box?.checked) continue;
      const own = form.elements.namedItem(`reason:${item}`) as HTMLInputElement;
      const reason = own.value.trim() || general.value.trim();
      if (!reason) return this.invalid(own, s.needItemReason(itemLabel(item, s)));
      const document = item as (typeof items)[number]['document'];
      const reasonCode = codeOf(reason, RESUBMIT_REASON_CODES, s.resubmitReasons);
      items.push(reasonCode ? { document, reasonCode } : { document, reason });
    }
    if (!items.length) {
      const first = form.querySelector<HTMLInputElement>('input[type=checkbox]');
      return first ? this.invalid(first, s.needItems) : undefined;
    }
    this.error = '';
    if (await this.ctx.caseView.decide({ outcome: 'request_resubmission', items })) this.close();
  };

  /** Returning a proposal needs the reason the proposer will read. */
  private readonly onReturnSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('reason') as HTMLTextAreaElement;
    const reason = field.value.trim();
    if (!reason) return this.invalid(field, this.ctx.r.returnReasonMissing);
    field.removeAttribute('aria-invalid');
    this.error = '';
    if (await this.ctx.caseView.returnProposal(reason)) this.close();
  };

  /** Fills the Reason field from a chosen common reason. */
  private readonly onCommonReason = (event: Event) => {
    const select = event.currentTarget as HTMLSelectElement;
    const field = select.form?.elements.namedItem('reason') as HTMLTextAreaElement | null;
    if (field && select.value) {
      field.value = select.value;
      field.removeAttribute('aria-invalid');
      this.onReason({ currentTarget: field } as unknown as Event);
    }
  };

  /** Says under the field whether the applicant gets a common reason in their language or these words. */
  private readonly onReason = (event: Event) => {
    const field = event.currentTarget as HTMLTextAreaElement;
    const s = this.ctx.s;
    this.coded = (this.current === 'reject' ? s.rejectReasons : s.resubmitReasons).includes(field.value.trim());
    this.ctx.host.requestUpdate();
  };

  private words(id: string) {
    const s = this.ctx.s;
    return html`<p id=${id} class="muted" aria-live="polite">${this.coded ? s.codedReason : s.ownWords}</p>`;
  }

  /** Writing an item's own reason ticks the item. */
  private readonly onItemReason = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const box = input.form?.elements.namedItem(`item:${input.dataset.item}`) as HTMLInputElement | null;
    if (box && input.value.trim()) box.checked = true;
  };

  private dialog(name: DialogName, content: unknown, cls = '') {
    return html`<dialog part="dialog" class=${cls || nothing} data-name=${name} aria-labelledby=${`${name}-heading`} @close=${this.onClose}>
      ${this.current === name ? content : nothing}
    </dialog>`;
  }

  private actions(submit: unknown) {
    return html`<div class="dialog-actions">
      <button part="button" type="button" @click=${() => this.close()}>${this.ctx.s.cancel}</button>
      ${submit}
    </div>`;
  }

  private commonReasons(id: string, reasons: string[]) {
    const s = this.ctx.s;
    return html`<label for=${id}>${s.commonReasons}</label>
      <select id=${id} @change=${this.onCommonReason}>
        <option value="">${s.chooseReason}</option>
        ${reasons.map((reason) => html`<option>${reason}</option>`)}
      </select>`;
  }

  /** The case's dialogs (rendered inside the case view). */
  renderCaseDialogs() {
    return html`${this.dialog('approve', this.renderApprove())} ${this.dialog('reject', this.renderReject())} ${this.dialog('resubmit', this.renderResubmit())}
    ${this.dialog('full', this.ctx.viewer.renderFull(this.fullItem), 'full')} ${this.dialog('return', this.renderReturn())}`;
  }

  /** The shortcut help (rendered on every screen). */
  renderHelpDialog() {
    return this.dialog('help', renderHelp(this.ctx.s, () => this.close()));
  }

  /** Approving lets a person through KYC: a confirm step like the other decisions (Enter confirms). */
  private renderApprove() {
    const s = this.ctx.s;
    return html`<form novalidate @submit=${this.onApproveSubmit}>
      <h2 id="approve-heading">${s.approveTitle}</h2>
      <p>${s.approveIntro}</p>
      ${this.actions(html`<button part="button primary" class="primary" type="submit" autofocus ?disabled=${this.ctx.client.state.busy}>${s.approve}</button>`)}
    </form>`;
  }

  private renderReject() {
    const s = this.ctx.s;
    const state = this.ctx.client.state;
    return html`<form novalidate @submit=${this.onRejectSubmit}>
      <h2 id="reject-heading">${s.rejectTitle}</h2>
      ${this.commonReasons('reject-common', s.rejectReasons)}
      <label for="reject-reason">${s.reason}</label>
      <textarea id="reject-reason" name="reason" rows="3" required autofocus aria-describedby="reject-words reject-error" @input=${this.onReason}></textarea>
      ${this.words('reject-words')}
      <p id="reject-error" class="field-error" role="alert">${this.error}</p>
      ${this.actions(html`<button part="button danger" class="danger" type="submit" ?disabled=${state.busy}>${s.reject}</button>`)}
    </form>`;
  }

  private renderReturn() {
    const r = this.ctx.r;
    return html`<form novalidate @submit=${this.onReturnSubmit}>
      <h2 id="return-heading">${r.returnTitle}</h2>
      <p id="return-intro">${r.returnIntro}</p>
      <label for="return-reason">${r.returnReasonLabel}</label>
      <textarea id="return-reason" name="reason" rows="3" maxlength="1000" required autofocus aria-describedby="return-intro return-hint return-error"></textarea>
      <p id="return-hint" class="muted">${r.returnReasonHint}</p>
      <p id="return-error" class="field-error" role="alert">${this.error}</p>
      ${this.actions(html`<button part="button primary" class="primary" type="submit" ?disabled=${this.ctx.client.state.busy}>${r.returnProposal}</button>`)}
    </form>`;
  }

  private renderResubmit() {
    const s = this.ctx.s;
    const state = this.ctx.client.state;
    return html`<form novalidate @submit=${this.onResubmitSubmit}>
      <h2 id="resubmit-heading">${s.resubmitTitle}</h2>
      <p id="resubmit-intro">${s.resubmitIntro}</p>
      <datalist id="resubmit-reasons">${s.resubmitReasons.map((reason) => html`<option value=${reason}></option>`)}</datalist>
      <fieldset>
        <legend>${s.itemsToRedo}</legend>
        ${caseItems(state.detail).map((item, i) => {
          const label = itemLabel(item, s);
          return html`<div class="item-row">
            <span class="check">
              <input type="checkbox" id=${`item-${i}`} name=${`item:${item}`} />
              <label for=${`item-${i}`}>${label}</label>
            </span>
            <span class="item-reason">
              <label class="sr-only" for=${`item-reason-${i}`}>${s.reasonFor(label)}</label>
              <input id=${`item-reason-${i}`} name=${`reason:${item}`} data-item=${item} list="resubmit-reasons"
                placeholder=${s.useGeneralReason} autocomplete="off" @input=${this.onItemReason} />
            </span>
          </div>`;
        })}
      </fieldset>
      ${this.commonReasons('resubmit-common', s.resubmitReasons)}
      <label for="resubmit-reason">${s.reason}</label>
      <textarea id="resubmit-reason" name="reason" rows="2" aria-describedby="resubmit-words resubmit-hint resubmit-error" @input=${this.onReason}></textarea>
      ${this.words('resubmit-words')}
      <p id="resubmit-hint" class="muted">${s.generalReasonHint}</p>
      <p id="resubmit-error" class="field-error" role="alert">${this.error}</p>
      ${this.actions(html`<button part="button primary" class="primary" type="submit" ?disabled=${state.busy}>${s.sendRequest}</button>`)}
    </form>`;
  }
}
