/** The screen of each state, and the step of the indicator it belongs to. */
import type { TemplateResult } from 'lit';
import type { KycState } from '../../workflow/index.js';
import type { FlowView } from './view.js';
import { renderWelcome } from './welcome.js';
import { renderDetails } from './details.js';
import { renderDocumentChoice } from './document-choice.js';
import { renderCapture } from './capture.js';
import { renderDocumentReview } from './review.js';
import { renderSelfieReview } from './selfie-review.js';
import { renderFinal } from './final.js';

/** Which step of the indicator each state belongs to (-1: none yet). */
export const STEP_OF: Record<KycState, number> = {
  welcome: -1,
  personal_details: 0,
  document_selection: 1,
  document_photo: 2,
  document_review: 2,
  selfie: 3,
  selfie_review: 3,
  final: 4,
};

/** One module per screen (screens/), each a function of the FlowView the element hands it. */
export const SCREENS: Record<KycState, (view: FlowView) => TemplateResult> = {
  welcome: renderWelcome,
  personal_details: renderDetails,
  document_selection: renderDocumentChoice,
  document_photo: renderCapture,
  selfie: renderCapture,
  document_review: renderDocumentReview,
  selfie_review: renderSelfieReview,
  final: renderFinal,
};

/** An integrator's link, if it is one a person can follow (never `javascript:`). */
export function safeUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

