/**
 * Storage behind two small interfaces: the embedded file store (one process)
 * and the PostgreSQL store (store/pg/, many instances) implement them alike,
 * so the routes cannot tell them apart. The BFF depends on these only.
 */
import type { Applicant, CaseStatus, DocumentSide, DocumentType, KycContext, KycState, Outcome, UploadItem, DecisionItem } from '../../components/workflow/index.js';

export { CASE_STATUSES, type CaseStatus } from '../../components/workflow/index.js';

export interface DocumentRecord {
  id: string;
  type: DocumentType | 'selfie';
  side: DocumentSide | null;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  sha256: string;
  width: number;
  height: number;
  createdAt: string;
}

export interface Decision {
  outcome: Outcome;
  reason: string | null;
  items: DecisionItem[];
  decidedAt: string;
  reviewer: string;
  /** Four eyes: the second reviewer who confirmed `reviewer`'s proposal. */
  confirmedBy?: string;
}

/** A reviewer as records name them: the id (a JWT's `sub`, a key's name) and what to show. */
export interface ReviewerRef {
  id: string;
  name: string;
}

/** A decision that KYC_FOUR_EYES sends to a second reviewer (status pending_second_review). */
export interface Proposal {
  outcome: Outcome;
  reason: string | null;
  items: DecisionItem[];
  author: ReviewerRef;
  proposedAt: string;
}

/** A reviewer-only note on a case (never in an applicant's view). */
export interface Note {
  id: string;
  author: ReviewerRef;
  text: string;
  createdAt: string;
}

export interface HistoryEntry {
  at: string;
  actor: { kind: 'applicant' | 'reviewer' | 'system'; id: string; name?: string };
  action: string;
  from?: string;
  to?: string;
  details?: Record<string, unknown>;
}

export interface WorkflowRecord {
  id: string;
  /** sha256 of the applicant's token (hex); the token itself is never stored. */
  tokenHash: string;
  definitionVersion: number;
  status: CaseStatus;
  state: KycState;
  context: KycContext;
  decision: Decision | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  assignee: string | null;
  documents: DocumentRecord[];
  history: HistoryEntry[];
  /** The pending "continue on another device" code, as its sha256 (hex), until used or replaced. */
  handoff?: { codeHash: string; expiresAt: string } | null;
  /** Reviewers only (four eyes): the decision awaiting its second reviewer, while status is pending_second_review. */
  proposal?: Proposal | null;
  /** Reviewers only: the last proposal a second reviewer returned, and why; cleared by the next decision. */
  returned?: { outcome: Outcome; reason: string; by: ReviewerRef; at: string; author: ReviewerRef } | null;
  /** Reviewers only: internal notes, oldest first. */
  notes?: Note[];
  /** The integrator's own id for the customer (POST /applicants); absent for anonymous starts. */
  externalRef?: string | null;
  /** The applicant's details as the integrator sent them, kept to show what the applicant changed. */
  prefill?: Partial<Applicant> | null;
  /**
   * Webhook events this record's changes caused, written in the same write as the change (the
   * outbox), and their delivery state. The sender changes only this field, with `{ quiet: true }`.
   */
  outbox?: OutboxEntry[];
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface OutboxEntry {
  /** The Standard Webhooks `webhook-id`: the same for every attempt. */
  id: string;
  type: 'workflow.submitted' | 'workflow.decided';
  /** The workflow's version after the change: deliveries of one workflow go out in this order. */
  workflowVersion: number;
  /** The body, exactly as signed and sent. */
  payload: string;
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface UpdateOptions {
  /** Keep `version` and `updatedAt`: bookkeeping (webhook deliveries) that must not make a client's version stale. */
  quiet?: boolean;
}

/** What the queue lists; kept in memory by the file store, queried by the PostgreSQL store. */
export interface CaseSummary {
  id: string;
  status: CaseStatus;
  applicant: { firstName: string; lastName: string };
  documentType: DocumentType | null;
  submittedAt: string | null;
  updatedAt: string;
  assignee: string | null;
  version: number;
}

export interface CaseQuery {
  status?: CaseStatus;
  q?: string;
  sort: 'submittedAt' | '-submittedAt';
  limit: number;
  cursor?: string;
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
  total: number;
}

export class WorkflowNotFound extends Error {}

export class VersionConflict extends Error {
  constructor(readonly current: number) {
    super(`stale version; current is ${current}`);
  }
}

export interface WorkflowStore {
  /** Which store answers (`GET /health` says it). */
  readonly kind: 'file' | 'postgres';
  /** Resolves when the store can serve requests (the database answers); throws otherwise. */
  ping(): Promise<void>;
  create(record: WorkflowRecord): Promise<void>;
  get(id: string): Promise<WorkflowRecord | undefined>;
  /** The workflow id a token hash opens, if any (only the record's current `tokenHash`: a replaced one opens nothing). */
  idForTokenHash(tokenHash: string): Promise<string | undefined>;
  /**
   * Compare-and-set: applies `change` to the stored record if its version is
   * `expectedVersion` (or any version when undefined), bumps the version and
   * makes it durable before resolving. Throws VersionConflict otherwise.
   * `change` may throw to refuse; nothing is written then.
   */
  update(id: string, expectedVersion: number | undefined, change: (record: WorkflowRecord) => WorkflowRecord, options?: UpdateOptions): Promise<WorkflowRecord>;
  /** Ids of the workflows started for this `externalRef` (POST /applicants), in no particular order. */
  idsForExternalRef(externalRef: string): Promise<string[]>;
  /** Ids of the workflows whose outbox holds an entry not yet delivered, pending or failed (the webhook sender reads them at start). */
  outboxWorkflowIds(): Promise<string[]>;
  listCases(query: CaseQuery): Promise<CasePage>;
  /** Pure (no I/O in either store), so it stays synchronous: views and announcements build on it. */

  summaryOf(record: WorkflowRecord): CaseSummary;
  /** Workflows whose files could not be read at start (set aside). */
  readonly setAside: string[];
  close(): Promise<void>;
}

export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | undefined>;
  /**
   * Called once after every successful put: `true` when a record now
   * references the blob, `false` when the upload was refused after the put
   * (a submission won the race, the disk filled). A refused blob that this
   * put wrote and nothing else uses is removed, so no image outlives its upload.
   */
  settle(sha256: string, referenced: boolean): Promise<void>;
}

export type { UploadItem };
