/** The reviewer's headless client and its lit controller. */
export * from './review-queue.js';
export { ReviewQueueController, type ReviewQueueControllerOptions } from './review-queue-controller.js';
