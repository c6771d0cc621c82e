/**
 * `kyc-review-kit/react/kyc-review-queue`: `<KycReviewQueue>` for React,
 * made with `@lit/react`. Pass the reviewer's key as the `token` prop (a
 * property: it never becomes an attribute in the DOM):
 *
 * ```tsx
 * <KycReviewQueue api="/api/v1" basePath="/admin/kyc" token={key} onKycCaseDecided={(event) => refresh(event.detail.caseId)} />
 * ```
 *
 * Importing it defines `<kyc-review-queue>` (a no-op without a DOM).
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { KycReviewQueue as KycReviewQueueElement } from '../kyc-review-queue/kyc-review-queue.js';
import { KycCaseDecidedEvent, KycCaseOpenEvent, KycReviewErrorEvent } from '../kyc-review-queue/events.js';

export const KycReviewQueue = createComponent({
  react: React,
  tagName: 'kyc-review-queue',
  elementClass: KycReviewQueueElement,
  displayName: 'KycReviewQueue',
  events: {
    onKycCaseOpen: KycCaseOpenEvent.eventName as EventName<KycCaseOpenEvent>,
    onKycCaseDecided: KycCaseDecidedEvent.eventName as EventName<KycCaseDecidedEvent>,
    onKycError: KycReviewErrorEvent.eventName as EventName<KycReviewErrorEvent>,
  },
});

export type KycReviewQueueProps = React.ComponentProps<typeof KycReviewQueue>;
export { KycCaseDecidedEvent, KycCaseOpenEvent, KycReviewErrorEvent };
