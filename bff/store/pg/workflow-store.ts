/**
 * The PostgreSQL store: what instances share. A workflow is one row (the
 * record as JSON, without its history, plus the columns queries use), its
 * history an append-only table, its documents a table, image bytes in
 * `blobs` (blob-store.ts). Nothing is kept in memory: every instance sees
 * every write, and start-up reads nothing.
 *
 * Compare-and-set is one statement: the UPDATE … WHERE id AND version, the
 * history rows and the document rows it adds, as one data-modifying WITH —
 * one round trip, one transaction, exactly one winner across instances.
 */
import pg from 'pg';
import { decodeCursor, encodeCursor } from '../queue-order.js';
import { foldQuery, searchText } from '../name-search.js';
import { VersionConflict, WorkflowNotFound, type CasePage, type CaseQuery, type CaseSummary, type HistoryEntry, type WorkflowRecord, type WorkflowStore } from '../types.js';
import { guarded } from './errors.js';
import { migrate } from './schema.js';

/** PostgreSQL text holds no NUL: searchText's separator becomes "\n", which a folded query never holds. */
const SEPARATOR = '\n';

/** The queue lists submitted cases only (the file store's rule). */
const LISTED = `status <> 'in_progress' AND submitted_at IS NOT NULL`;

/** Fields other branches add to the record (externalRef, the webhook outbox); read here only to fill their columns. */
type Extended = WorkflowRecord & { externalRef?: string | null; outbox?: { status: string }[] };

/** Columns extracted from a record. A new queryable field: a migration plus one line here (and in the statements' column lists). */
function columnsOf(record: Extended) {
  const applicant = record.context.applicant;
  return {
    external_ref: record.externalRef ?? null,
    outbox_pending: (record.outbox ?? []).some((entry) => entry.status !== 'delivered'),
    token_hash: record.tokenHash,
    version: record.version,
    status: record.status,
    submitted_at: record.submittedAt,
    search: searchText(applicant?.firstName ?? '', applicant?.lastName ?? '').replace('\u0000', SEPARATOR),
  };
}

/** The record as stored: without its history (that lives in its own table). */
function body(record: WorkflowRecord): string {
  const { history: _history, ...rest } = record;
  return JSON.stringify(rest);
}

function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface PgStoreOptions {
  url: string;
  log?: (line: string) => void;
  /** Connections in this instance's pool. */
  max?: number;
}

export class PgWorkflowStore implements WorkflowStore {
  readonly kind = 'postgres';
  readonly setAside: string[] = [];

  private constructor(readonly pool: pg.Pool) {}

  static async open(options: PgStoreOptions): Promise<PgWorkflowStore> {
    const log = options.log ?? (() => {});
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 20,
      // While the database is away, a request fails fast (503) instead of queueing.
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client whose server went away emits here; without a listener the process would exit.
    pool.on('error', (error) => log(`database connection lost: ${error.message}`));
    try {
      await migrate(pool, log);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgWorkflowStore(pool);
  }

  async ping(): Promise<void> {
    await guarded(() => this.pool.query('SELECT 1'));
  }

  async create(record: WorkflowRecord): Promise<void> {
    const columns = columnsOf(record);
    await guarded(() =>
      this.pool.query(
        `WITH w AS (
           INSERT INTO workflows (id, token_hash, version, status, submitted_at, search, record, external_ref, outbox_pending)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $10) RETURNING id
         )
         INSERT INTO history (workflow_id, seq, entry)
         SELECT w.id, e.n, e.entry FROM w, json_array_elements($8::json) WITH ORDINALITY AS e(entry, n)`,
        [record.id, columns.token_hash, columns.version, columns.status, columns.submitted_at, columns.search, body(record), JSON.stringify(record.history), columns.external_ref, columns.outbox_pending],
      ),
    );
  }

  /**
   * Copies a record as it is (version, history, documents), unless its id is already stored:
   * `npm run import`. Returns whether it was copied.
   */
  async importRecord(record: WorkflowRecord): Promise<boolean> {
    const columns = columnsOf(record);
    const documents = record.documents.map((d) => ({ id: d.id, sha256: d.sha256 }));
    const { rowCount } = await guarded(() =>
      this.pool.query(
        `WITH w AS (
           INSERT INTO workflows (id, token_hash, version, status, submitted_at, search, record, external_ref, outbox_pending)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id
         ), h AS (
           INSERT INTO history (workflow_id, seq, entry)
           SELECT w.id, e.n, e.entry FROM w, json_array_elements($8::json) WITH ORDINALITY AS e(entry, n)
         ), d AS (
           INSERT INTO documents (workflow_id, id, sha256)
           SELECT w.id, x.id, x.sha256 FROM w, json_to_recordset($9::json) AS x(id text, sha256 text)
         )
         SELECT id FROM w`,
        [record.id, columns.token_hash, columns.version, columns.status, columns.submitted_at, columns.search, body(record), JSON.stringify(record.history), JSON.stringify(documents), columns.external_ref, columns.outbox_pending],
      ),
    );
    return rowCount === 1;
  }

  async get(id: string): Promise<WorkflowRecord | undefined> {
    return (await this.read(id))?.record;
  }

  /** The record and its change_seq: every write changes that, even a quiet one that keeps the version. */
  private async read(id: string): Promise<{ record: WorkflowRecord; seq: string } | undefined> {
    const { rows } = await guarded(() =>
      this.pool.query<{ record: WorkflowRecord; history: HistoryEntry[]; change_seq: string }>(
        `SELECT record, change_seq, coalesce((SELECT json_agg(entry ORDER BY seq) FROM history WHERE workflow_id = w.id), '[]'::json) AS history
         FROM workflows w WHERE id = $1`,
        [id],
      ),
    );
    if (!rows.length) return undefined;
    return { record: { ...rows[0].record, history: rows[0].history }, seq: rows[0].change_seq };
  }

  async idForTokenHash(tokenHash: string): Promise<string | undefined> {
    const { rows } = await guarded(() => this.pool.query<{ id: string }>('SELECT id FROM workflows WHERE token_hash = $1', [tokenHash]));
    return rows[0]?.id;
  }

  /** `quiet` (bookkeeping such as webhook deliveries) keeps version and updatedAt; it is still compare-and-set. */
  async update(id: string, expectedVersion: number | undefined, change: (record: WorkflowRecord) => WorkflowRecord, options: { quiet?: boolean } = {}): Promise<WorkflowRecord> {
    for (;;) {
      const read = await this.read(id);
      if (!read) throw new WorkflowNotFound(id);
      const current = read.record;
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current.version);
      const base = current.version;
      const known = current.history.length;
      const documents = new Set(current.documents.map((d) => d.id));
      const next = change(current); // a fresh copy, read just now: `known` and `documents` say what was stored
      const updatedAt = current.updatedAt;
      next.version = options.quiet ? base : base + 1;
      next.updatedAt = options.quiet ? updatedAt : new Date().toISOString();
      const added = next.history.slice(known);
      const newDocuments = next.documents.filter((d) => !documents.has(d.id)).map((d) => ({ id: d.id, sha256: d.sha256 }));
      const columns = columnsOf(next);
      const { rowCount } = await guarded(() =>
        this.pool.query(
          `WITH u AS (
             UPDATE workflows SET record = $3, version = $4, status = $5, submitted_at = $6, search = $7, token_hash = $8,
               external_ref = $12, outbox_pending = $13, change_seq = nextval('workflow_changes')
             WHERE id = $1 AND version = $2 AND change_seq = $14 RETURNING id
           ), h AS (
             INSERT INTO history (workflow_id, seq, entry)
             SELECT u.id, $9::int + e.n, e.entry FROM u, json_array_elements($10::json) WITH ORDINALITY AS e(entry, n)
           ), d AS (
             INSERT INTO documents (workflow_id, id, sha256)
             SELECT u.id, x.id, x.sha256 FROM u, json_to_recordset($11::json) AS x(id text, sha256 text)
           )
           SELECT id FROM u`,
          [id, base, body(next), columns.version, columns.status, columns.submitted_at, columns.search, columns.token_hash, known, JSON.stringify(added), JSON.stringify(newDocuments), columns.external_ref, columns.outbox_pending, read.seq],
        ),
      );
      if (rowCount === 1) return next;
      // Another writer (here or on another instance) got there first.
      if (expectedVersion !== undefined) {
        const now = await this.get(id);
        if (!now) throw new WorkflowNotFound(id);
        // Only a quiet write came between: the version the caller holds is still current, so try again.
        if (now.version === expectedVersion) continue;
        throw new VersionConflict(now.version);
      }
      // Any version was fine: apply the change again to what is stored now.
    }
  }

  /** Ids of the workflows started for this externalRef (issue 11's lookup), in no particular order. */
  async idsForExternalRef(externalRef: string): Promise<string[]> {
    const { rows } = await guarded(() => this.pool.query<{ id: string }>('SELECT id FROM workflows WHERE external_ref = $1', [externalRef]));
    return rows.map((row) => row.id);
  }

  /**
   * KYC_ABANDONED_AFTER (bff/expiry.ts): removes up to `limit` workflows still in progress and unchanged
   * since `before` (ISO), with their history and document rows, in one statement. A row another writer
   * holds is skipped (SKIP LOCKED) and looked at again by the next sweep. Image bytes stay for the orphan sweep.
   */
  async removeAbandoned(before: string, limit: number): Promise<WorkflowRecord[]> {
    const { rows } = await guarded(() =>
      this.pool.query<{ record: WorkflowRecord }>(
        `WITH victims AS (
           SELECT id FROM workflows WHERE status = 'in_progress' AND record->>'updatedAt' < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
         ), h AS (
           DELETE FROM history WHERE workflow_id IN (SELECT id FROM victims)
         ), d AS (
           DELETE FROM documents WHERE workflow_id IN (SELECT id FROM victims)
         )
         DELETE FROM workflows WHERE id IN (SELECT id FROM victims) RETURNING record`,
        [before, limit],
      ),
    );
    return rows.map((row) => ({ ...row.record, history: [] }));
  }

  /** Ids of the workflows whose webhook outbox holds an entry not yet delivered. */
  async outboxWorkflowIds(): Promise<string[]> {
    const { rows } = await guarded(() => this.pool.query<{ id: string }>('SELECT id FROM workflows WHERE outbox_pending'));
    return rows.map((row) => row.id);
  }

  summaryOf(record: WorkflowRecord): CaseSummary {
    return {
      id: record.id,
      status: record.status,
      applicant: { firstName: record.context.applicant?.firstName ?? '', lastName: record.context.applicant?.lastName ?? '' },
      documentType: record.context.documentType ?? null,
      submittedAt: record.submittedAt,
      updatedAt: record.updatedAt,
      assignee: record.assignee,
      version: record.version,
    };
  }

  async listCases(query: CaseQuery): Promise<CasePage> {
    const where = [LISTED];
    const params: unknown[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.q) {
      const needle = foldQuery(query.q);
      if (needle.includes('\u0000')) return { items: [], nextCursor: null, total: 0 };
      where.push(`search LIKE $${params.push(likePattern(needle))}`);
    }
    const filter = where.join(' AND ');
    const countParams = [...params];
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const ascending = query.sort === 'submittedAt';
    if (after) {
      const a = params.push(after.submittedAt);
      const b = params.push(after.id);
      where.push(`(submitted_at, id) ${ascending ? '>' : '<'} ($${a}, $${b})`);
    }
    const direction = ascending ? 'ASC' : 'DESC';
    const limit = params.push(query.limit + 1);
    const [page, count] = await guarded(() =>
      Promise.all([
        this.pool.query<{ id: string; status: CaseSummary['status']; submitted_at: string; record: WorkflowRecord }>(
          `SELECT id, status, submitted_at, record FROM workflows WHERE ${where.join(' AND ')}
           ORDER BY submitted_at ${direction}, id ${direction} LIMIT $${limit}`,
          params,
        ),
        this.pool.query<{ total: string }>(`SELECT count(*) AS total FROM workflows WHERE ${filter}`, countParams),
      ]),
    );
    const rows = page.rows.slice(0, query.limit);
    const items = rows.map((row) => this.summaryOf({ ...row.record, history: [] }));
    return {
      items,
      nextCursor: page.rows.length > query.limit ? encodeCursor(items[items.length - 1]) : null,
      total: Number(count.rows[0].total),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
