/**
 * `kyc-review-kit/types`: the types the elements, the clients and the BFF
 * share (type-only: importing this module loads no code).
 */
export type {
  Applicant,
  CaseStatus,
  DecisionItem,
  DocumentSide,
  DocumentType,
  KycContext,
  KycEvent,
  KycState,
  Outcome,
  ReasonCode,
  Review,
  UploadItem,
} from '../workflow/index.js';
export type { CreatedWorkflow, Decision, DocumentInfo, WorkflowStatus, WorkflowView } from '../client/types.js';
export type { KycDecisionDetail, KycErrorDetail, KycStateChangeDetail, KycSubmittedDetail } from '../kyc-flow/events.js';
export type { CaseDetail, CaseItem, CaseList } from '../kyc-review-queue/types.js';
