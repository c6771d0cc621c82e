/**
 * Storage behind two small interfaces: the embedded file store (one process)
 * and the PostgreSQL store (store/pg/, many instances) implement them alike,
 * so the routes cannot tell them apart. The BFF depends on these only.
 */
import type { CaseStatus, DocumentSide, DocumentType, KycContext, KycState, Outcome, UploadItem, DecisionItem } from '../../components/workflow/index.js';

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
}

export interface HistoryEntry {
  at: string;
  actor: { kind: 'applicant' | 'reviewer' | 'system'; id: string };
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
  update(id: string, expectedVersion: number | undefined, change: (record: WorkflowRecord) => WorkflowRecord): Promise<WorkflowRecord>;
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
