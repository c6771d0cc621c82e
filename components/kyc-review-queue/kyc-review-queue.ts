/**
 * `<kyc-review-queue>`: import this to use the element (it defines the tag).
 * For the class alone, without registering anything, import
 * `./kyc-review-queue.component.js`.
 */
import './define.js';

export { KycReviewQueue } from './kyc-review-queue.component.js';
export { KycCaseDecidedEvent, KycCaseOpenEvent, KycReviewErrorEvent } from './events.js';
export { de, en, stringsFor, type QueueStrings } from './strings.js';
export type { CaseDetail, CaseItem, CaseList, CaseStatus } from './types.js';
