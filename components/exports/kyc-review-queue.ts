/**
 * `kyc-review-kit/kyc-review-queue/class`: the `<kyc-review-queue>` class and
 * its events, registering nothing (import `kyc-review-kit/kyc-review-queue`
 * to define the tag).
 */
export { KycReviewQueue } from '../kyc-review-queue/kyc-review-queue.component.js';
export * from '../kyc-review-queue/events.js';
export type { CaseDetail, CaseItem, CaseList, CaseStatus } from '../kyc-review-queue/types.js';
