/** Registers `<kyc-flow>` (once; a no-op where there is no custom element registry, as in Node/SSR). */
import { KycFlow } from './kyc-flow.component.js';

export const TAG = 'kyc-flow';

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, KycFlow);
}

declare global {
  interface HTMLElementTagNameMap {
    'kyc-flow': KycFlow;
  }
}
