/** Registers `<kyc-review-queue>` (once; a no-op where there is no custom element registry, e.g. SSR). */
import { KycReviewQueue } from './kyc-review-queue.component.js';

if (typeof customElements !== 'undefined' && !customElements.get('kyc-review-queue')) {
  customElements.define('kyc-review-queue', KycReviewQueue);
}
