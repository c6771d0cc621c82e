/**
 * `kyc-review-kit/kyc-flow/class`: the `<kyc-flow>` class and its events,
 * registering nothing (import `kyc-review-kit/kyc-flow` to define the tag,
 * or call `customElements.define('my-flow', KycFlow)` yourself).
 */
export { KycFlow } from '../kyc-flow/kyc-flow.component.js';
export * from '../kyc-flow/events.js';
