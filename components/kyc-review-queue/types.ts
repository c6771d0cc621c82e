/** The reviewer routes' shapes (api.md, "Reviewer routes"). */
import type { DocumentType } from '../workflow/catalogue.js';
import type { Applicant, DecisionItem, Outcome } from '../workflow/schemas.js';

import { CASE_STATUSES as ALL_STATUSES, type CaseStatus } from '../workflow/catalogue.js';

export type { CaseStatus };
/** The statuses the queue can list (never-submitted workflows are not cases). */
export const CASE_STATUSES = ALL_STATUSES.filter((status) => status !== 'in_progress');

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
