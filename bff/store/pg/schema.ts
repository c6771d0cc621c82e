/**
 * The PostgreSQL schema as versioned migrations: each runs once, in order, in
 * its own transaction, recorded in kyc_migrations. A session-level advisory
 * lock makes instances that start together take turns: the second finds the
 * work done. To add a field that needs a query (say `externalRef`), append a
 * migration that adds its column (or an expression index on the record JSON)
 * and extract it in `columnsOf` (workflow-store.ts); never edit a shipped one.
 */
import type pg from 'pg';

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'workflows, history, documents, blobs',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE SEQUENCE workflow_changes;
      -- The record as JSON (json, not jsonb: kept as written, no \\u0000 trap, cheaper to write),
      -- plus the columns the queue, the token lookup and the catch-up query by.
      CREATE TABLE workflows (
        id text COLLATE "C" PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        version integer NOT NULL,
        status text NOT NULL,
        submitted_at text COLLATE "C",
        search text NOT NULL,
        change_seq bigint NOT NULL DEFAULT nextval('workflow_changes'),
        record json NOT NULL
      );
      -- The queue: listed cases by (submitted_at, id), all or one status; the cursor is that pair.
      CREATE INDEX workflows_queue ON workflows (submitted_at, id) WHERE status <> 'in_progress' AND submitted_at IS NOT NULL;
      CREATE INDEX workflows_queue_status ON workflows (status, submitted_at, id) WHERE status <> 'in_progress' AND submitted_at IS NOT NULL;
      CREATE INDEX workflows_search ON workflows USING gin (search gin_trgm_ops) WHERE status <> 'in_progress' AND submitted_at IS NOT NULL;
      CREATE INDEX workflows_changes ON workflows (change_seq);
      -- Append-only: rows are inserted with the compare-and-set that adds them, never updated.
      CREATE TABLE history (
        workflow_id text COLLATE "C" NOT NULL REFERENCES workflows (id),
        seq integer NOT NULL,
        entry json NOT NULL,
        PRIMARY KEY (workflow_id, seq)
      );
      CREATE TABLE documents (
        workflow_id text COLLATE "C" NOT NULL REFERENCES workflows (id),
        id text COLLATE "C" NOT NULL,
        sha256 text NOT NULL,
        PRIMARY KEY (workflow_id, id)
      );
      CREATE INDEX documents_sha256 ON documents (sha256);
      CREATE TABLE blobs (
        sha256 text PRIMARY KEY,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'external ref and outbox columns',
    // For fields other branches add to the record (issue 11: POST /applicants' externalRef, the webhook
    // outbox): the lookups by them are indexed columns, filled from the record by columnsOf.
    sql: `
      ALTER TABLE workflows ADD COLUMN external_ref text, ADD COLUMN outbox_pending boolean NOT NULL DEFAULT false;
      CREATE INDEX workflows_external_ref ON workflows (external_ref) WHERE external_ref IS NOT NULL;
      CREATE INDEX workflows_outbox_pending ON workflows (id) WHERE outbox_pending;
    `,
  },
];

/** An arbitrary constant: the advisory lock every instance takes to migrate. */
const MIGRATION_LOCK = 774_211_010;

export async function migrate(pool: pg.Pool, log: (line: string) => void = () => {}): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS kyc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM kyc_migrations');
      const done = new Set(rows.map((row) => row.version));
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO kyc_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
        log(`database migrated to version ${migration.version} (${migration.name})`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}
