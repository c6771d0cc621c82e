/** The reviewer routes' shapes (api.md, "Reviewer routes"). */
import type { DocumentType } from '../workflow/catalogue.js';
import type { Applicant, DecisionItem, Outcome } from '../workflow/schemas.js';

export type CaseStatus = 'in_progress' | 'pending_review' | 'resubmission_requested' | 'approved' | 'rejected';
export const CASE_STATUSES: CaseStatus[] = ['pending_review', 'resubmission_requested', 'approved', 'rejected'];

export type SortOrder = 'submittedAt' | '-submittedAt';

/** One row of `GET /cases` (and the data of every `/cases/stream` event). */
export interface CaseItem {
  id: string;
  status: CaseStatus;
  applicant: { firstName: string; lastName: string } | null;
  documentType: DocumentType | null;
  submittedAt: string | null;
  updatedAt: string;
  assignee: string | null;
  version: number;
}

export interface CaseList {
  items: CaseItem[];
  nextCursor: string | null;
  total: number;
}

export interface CaseDocument {
  id: string;
  type: DocumentType | 'selfie';
  side: 'front' | 'back' | null;
  mime: string;
  size: number;
  sha256?: string;
  createdAt: string;
}

export interface HistoryEntry {
  at: string;
  actor: { kind: 'applicant' | 'reviewer' | 'system'; id: string | null };
  action: string;
  from?: string | null;
  to?: string | null;
  details?: Record<string, unknown> | null;
}

export interface Decision {
  outcome: Outcome;
  reason: string | null;
  items: DecisionItem[] | null;
  decidedAt: string;
}

/** `GET /cases/:id`. */
export interface CaseDetail extends CaseItem {
  context: {
    applicant?: Applicant;
    documentType?: DocumentType;
    issuingCountry?: string;
    uploads?: Record<string, string>;
  };
  documents: CaseDocument[];
  decision: Decision | null;
  history: HistoryEntry[];
}

export interface DecisionBody {
  outcome: Outcome;
  reason?: string;
  items?: DecisionItem[];
  version: number;
}
