/**
 * `kyc-review-kit/react/kyc-flow`: `<KycFlow>` for React, made with
 * `@lit/react` (Lit's own wrapper). Props set the element's properties and
 * its events arrive as typed callbacks:
 *
 * ```tsx
 * <KycFlow api="/api/v1" onKycDecision={(event) => setOutcome(event.detail.outcome)} />
 * ```
 *
 * Importing it defines `<kyc-flow>` (a no-op without a DOM); it loads nothing
 * of `<kyc-review-queue>`.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { KycFlow as KycFlowElement } from '../kyc-flow/kyc-flow.js';
import { KycDecisionEvent, KycExpiredEvent, KycFlowErrorEvent, KycStateChangeEvent, KycSubmittedEvent } from '../kyc-flow/events.js';

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
    onKycExpired: KycExpiredEvent.eventName as EventName<KycExpiredEvent>,
  },
});

export type KycFlowProps = React.ComponentProps<typeof KycFlow>;
export { KycDecisionEvent, KycExpiredEvent, KycFlowErrorEvent, KycStateChangeEvent, KycSubmittedEvent };
