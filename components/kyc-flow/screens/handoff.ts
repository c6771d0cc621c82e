/**
 * "Continue on another device" (a one-time link and its QR code) and the
 * screen a device shows once the application went on elsewhere.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { KycWorkflow } from '../../client/kyc-workflow.js';
import type { KycFlowStrings } from '../strings.js';
import { heading } from './view.js';

interface HandoffHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The link on show (each opening of the disclosure makes a new one: the BFF replaces the earlier code). */
export class HandoffController implements ReactiveController {
  link: string | null = null;
  /** "Link copied." is said beside the button, for a few seconds. */
  copied = false;
  private copiedTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: HandoffHost,
    private readonly options: { workflow(): KycWorkflow | null },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.setCopied(false);
  }

  clear() {
    this.link = null;
    this.setCopied(false);
  }

  private setCopied(copied: boolean) {
    clearTimeout(this.copiedTimer);
    this.copied = copied;
    if (copied) this.copiedTimer = setTimeout(() => this.setCopied(false), 5000);
    this.host.requestUpdate();
  }

  onToggle = async (event: Event) => {
    const details = event.target as HTMLDetailsElement;
    this.clear();
    if (!details.open) return;
    const made = await this.options.workflow()?.handoffLink();
    if (!made || !details.open) return;
    const link = (this.link = made.link);
    this.host.requestUpdate();
    await this.host.updateComplete;
    const canvas = this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas.qr');
    if (!canvas) return;
    const { drawQr } = await import('../qr.js');
    // Closed (or reopened with a newer link) meanwhile: nothing to draw.
    if (details.open && this.link === link) drawQr(canvas, link);
  };

  copy = async () => {
    if (!this.link) return;
    try {
      await navigator.clipboard.writeText(this.link);
    } catch {
      const input = this.host.renderRoot.querySelector<HTMLInputElement>('#kyc-link');
      input?.select();
      document.execCommand?.('copy');
    }
    this.setCopied(true);
  };
}

export function renderHandoff(t: KycFlowStrings, handoff: HandoffController) {
  return html`
    <details part="other-device" @toggle=${handoff.onToggle}>
      <summary>${t.otherDevice}</summary>
      <div class="handoff">
        <p class="muted">${t.otherDeviceHint}</p>
        <canvas part="qr" class="qr" role="img" aria-label=${t.qrCode}></canvas>
        <div class="link-row">
          <label for="kyc-link">${t.link}</label>
          <input part="input" id="kyc-link" readonly .value=${handoff.link ?? ''}
            @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        </div>
        <div class="copy-row">
          <button part="button" type="button" @click=${handoff.copy}>${t.copyLink}</button>
          <span part="copied" class="copied" role="status">${handoff.copied ? t.linkCopied : ''}</span>
        </div>
      </div>
    </details>
  `;
}

export function renderHandedOff(t: KycFlowStrings) {
  return html`${heading(t.handedOffHeading)}
    <p>${t.handedOffHint}</p>`;
}
