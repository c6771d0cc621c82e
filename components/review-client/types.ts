/** The reviewer routes' shapes (api.md, "Reviewer routes"), as the reviewer client reads them. */
import type { DocumentType, RejectReasonCode, ResubmitReasonCode } from '../workflow/catalogue.js';
import type { Applicant, DecisionItem, Outcome } from '../workflow/schemas.js';
import type { KycApiError } from '../common/http.js';

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
  /** A rejection's common reason, when one was chosen (items carry their own). */
  reasonCode?: RejectReasonCode;
  items: DecisionItem[] | null;
  decidedAt: string;
}

/** A reviewer as the BFF names them (`GET /reviewers/me` adds roles and the key's end). */
export interface ReviewerRef {
  id: string;
  name: string;
}

/** `GET /reviewers/me`. */
export interface Reviewer extends ReviewerRef {
  roles: string[];
  expiresAt?: string | null;
}

/** One internal note (`notes` of `GET /cases/:id`, the answer of `POST /cases/:id/notes`). */
export interface CaseNote {
  id: string;
  author: ReviewerRef;
  text: string;
  createdAt: string;
}

/** `proposal` of `GET /cases/:id` while the case is pending_second_review. */
export interface CaseProposal {
  outcome: Outcome;
  reason: string | null;
  reasonCode?: RejectReasonCode;
  items: { document: string; reason: string }[];
  author: ReviewerRef;
  proposedAt: string;
}

/** `returned` of `GET /cases/:id`: the last proposal a second reviewer sent back. */
export interface ReturnedProposal {
  outcome: Outcome;
  reason: string;
  by: ReviewerRef;
  author: ReviewerRef;
  at: string;
}

/** The second stage of a four-eyes decision (`POST /cases/:id/decision` on a pending_second_review case). */
export type SecondReviewAnswer = { outcome: 'confirm' } | { outcome: 'return'; reason: string };

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
  /** Four eyes (reviewers.md); absent on an older BFF. */
  proposal?: CaseProposal | null;
  returned?: ReturnedProposal | null;
  notes?: CaseNote[];
  /** What the integrator sent (`POST /applicants`), and the fields the applicant changed from it. */
  prefill?: Partial<Applicant> | null;
  changedFields?: string[];
}

/** `POST /cases/:id/decision`: a common reason as a code, free text as written, or both. */
export interface DecisionBody {
  outcome: Outcome;
  reason?: string;
  reasonCode?: RejectReasonCode;
  items?: { document: DecisionItem['document']; reason?: string; reasonCode?: ResubmitReasonCode }[];
  version: number;
}

// ------------------------------------------------------------------ the client's own shapes

export type ListState = 'idle' | 'loading' | 'ready' | 'error';
export type CaseState = 'loading' | 'ready' | 'missing' | 'error';

export interface ListQuery {
  /** `''` lists every status. */
  status: CaseStatus | '';
  q: string;
  sort: SortOrder;
}

/** Why a claim, release or decision was refused (a 409), learnt from the case reloaded after it. */
export type Conflict =
  | { kind: 'decided'; status: CaseStatus; by: string | null }
  | { kind: 'held'; by: string }
  | { kind: 'changed' };

/** What a claim, release or decision came to. */
export type ActionResult =
  | { ok: true; detail: CaseDetail }
  | { ok: false; conflict?: Conflict; error?: KycApiError };

export interface ReviewQueueState {
  query: ListQuery;
  items: CaseItem[];
  nextCursor: string | null;
  total: number;
  listState: ListState;
  /** Cases that arrived live while the list was open. */
  newIds: ReadonlySet<string>;
  /** Cases pending review, whatever the list shows (`null` until known). */
  waitingCount: number | null;
  caseId: string | null;
  detail: CaseDetail | null;
  caseState: CaseState;
  /** The open case changed on the BFF since it was loaded (its new status). */
  liveChange: CaseStatus | null;
  /** A claim, release or decision is under way. */
  busy: boolean;
  /** The reviewer's id, once the BFF said it (`/reviewers/me`, or a claim's answer). */
  me: string | null;
  /** Who the key belongs to and their roles (`GET /reviewers/me`; `null` until known or on an older BFF). */
  reviewer: Reviewer | null;
  /** The key was refused (401): nothing more is sent until `configure` gives a new one. */
  authFailed: boolean;
}

export type ReviewNotice =
  /** A failure to show (loading the list, the count, the case; 401 once). */
  | { type: 'error'; error: KycApiError }
  /** A case arrived while the list was open. */
  | { type: 'arrival'; item: CaseItem };

export interface ReviewQueueOptions {
  /** The BFF's base URL, e.g. `/api/v1`. */
  api: string;
  /** The reviewer's key. */
  token: string | null;
  /** Cases per page (1–100, default 20). */
  pageSize?: number;
}

