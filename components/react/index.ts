/**
 * `kyc-review-kit/react`: React components for both elements, made with
 * `@lit/react` (Lit's own wrapper). Props set the elements' properties (so
 * `token` never becomes an attribute in the DOM) and the events arrive as
 * typed callbacks:
 *
 * ```tsx
 * <KycFlow locale="de" onKycDecision={(e) => setOutcome(e.detail.outcome)} />
 * ```
 *
 * Importing this module defines both tags (a no-op without a DOM). React is a
 * peer dependency; non-React users never load this entry.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { KycFlow as KycFlowElement } from '../kyc-flow/kyc-flow.js';
import {
  KycDecisionEvent,
  KycFlowErrorEvent,
  KycStateChangeEvent,
  KycSubmittedEvent,
} from '../kyc-flow/events.js';
import { KycReviewQueue as KycReviewQueueElement } from '../kyc-review-queue/kyc-review-queue.js';
import { KycCaseDecidedEvent, KycCaseOpenEvent, KycReviewErrorEvent } from '../kyc-review-queue/events.js';

export const KycFlow = createComponent({
  react: React,
  tagName: 'kyc-flow',
  elementClass: KycFlowElement,
  displayName: 'KycFlow',
  events: {
    onKycStateChange: KycStateChangeEvent.eventName as EventName<KycStateChangeEvent>,
    onKycSubmitted: KycSubmittedEvent.eventName as EventName<KycSubmittedEvent>,
    onKycDecision: KycDecisionEvent.eventName as EventName<KycDecisionEvent>,
    onKycError: KycFlowErrorEvent.eventName as EventName<KycFlowErrorEvent>,
  },
});

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

export type KycFlowProps = React.ComponentProps<typeof KycFlow>;
export type KycReviewQueueProps = React.ComponentProps<typeof KycReviewQueue>;
export {
  KycCaseDecidedEvent,
  KycCaseOpenEvent,
  KycDecisionEvent,
  KycFlowErrorEvent,
  KycReviewErrorEvent,
  KycStateChangeEvent,
  KycSubmittedEvent,
};
