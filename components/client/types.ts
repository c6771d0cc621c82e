/** Shapes of the BFF's applicant answers (api.md), as the client reads them. */
import type { DecisionItem, DocumentType, KycContext, KycState, Outcome } from '../workflow/index.js';

import type { ApplicantStatus } from '../workflow/catalogue.js';

/** What an applicant is told (a proposal awaiting its second reviewer reads as pending_review). */
export type WorkflowStatus = ApplicantStatus;

export const DECIDED_STATUSES: readonly WorkflowStatus[] = ['approved', 'rejected', 'resubmission_requested'];

/** A reviewer's decision as the BFF reports it. */
export interface Decision {
  outcome: Outcome;
  reason: string | null;
  /** A common reason's code (catalogue.ts REJECT_REASON_CODES), worded by the applicant's element. */
  reasonCode?: string | null;
  /** Each with `reasonCode` (RESUBMIT_REASON_CODES) when the reviewer chose a common reason. */
  items: (DecisionItem & { reasonCode?: string | null })[];
  decidedAt: string;
}

export interface DocumentInfo {
  id: string;
  type: DocumentType | 'selfie';
  side: 'front' | 'back' | null;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
  version?: number;
}

/** `GET /workflows/:id` (and every stream message). */
export interface WorkflowView {
  id: string;
  status: WorkflowStatus;
  state: KycState;
  context: Partial<KycContext>;
  documents: DocumentInfo[];
  decision: Decision | null;
  version: number;
}

/** `POST /workflows`. */
export interface CreatedWorkflow {
  id: string;
  token: string;
  status: WorkflowStatus;
  state: KycState;
  version: number;
}
