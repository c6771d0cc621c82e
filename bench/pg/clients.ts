/**
 * Which PostgreSQL client for the write path: `pg` (node-postgres) or
 * `postgres` (porsager), measured on the PG store's own two statements per
 * snapshot PUT (read the record, then the compare-and-set UPDATE with its
 * history row in one statement), 16 writers, on a throwaway cluster.
 *   node --import tsx bench/pg/clients.ts [workflows=10000] [seconds=8]
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import postgres from 'postgres';
import { startCluster } from '../../test/node/pg/cluster.js';

const WORKFLOWS = Number(process.argv[2] ?? 10_000);
const SECONDS = Number(process.argv[3] ?? 8);
const WRITERS = 16;

const schema = `
  CREATE TABLE w (id text PRIMARY KEY, version int NOT NULL, record jsonb NOT NULL);
  CREATE TABLE h (workflow_id text NOT NULL, seq int NOT NULL, entry jsonb NOT NULL, PRIMARY KEY (workflow_id, seq));`;
const READ = 'SELECT record::text AS record, version FROM w WHERE id = $1';
const WRITE = `WITH u AS (UPDATE w SET record = $3::jsonb, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id)
  INSERT INTO h (workflow_id, seq, entry) SELECT id, $2 + 1, $4::jsonb FROM u RETURNING workflow_id`;

function record(id: string, version: number) {
  return { id, version, status: 'in_progress', state: 'document_selection', context: { applicant: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' } }, documents: [], pad: 'x'.repeat(600) };
}

async function timed(name: string, one: (id: string) => Promise<void>): Promise<number> {
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => `w${i}`);
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      // Each writer its own slice of workflows: no conflicts, every write is a real write.
      for (let i = writer; Date.now() < until; i += WRITERS) {
        await one(ids[i % WORKFLOWS]);
        done++;
      }
    }),
  );
  const rate = done / SECONDS;
  console.log(`${name.padEnd(10)} ${rate.toFixed(0)} writes/s (${WRITERS} writers, ${WORKFLOWS} workflows)`);
  return rate;
}

const cluster = await startCluster();
try {
  const url = await cluster.createDatabase();
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(schema);
  await setup.query(`INSERT INTO w SELECT 'w' || g, 0, $1::jsonb FROM generate_series(0, ${WORKFLOWS - 1}) g`, [JSON.stringify(record('w', 0))]);
  await setup.end();

  const results: Record<string, number> = {};
  for (const round of [1, 2]) {
    const pool = new pg.Pool({ connectionString: url, max: WRITERS });
    results[`pg${round}`] = await timed('pg', async (id) => {
      const { rows } = await pool.query(READ, [id]);
      const current = JSON.parse(rows[0].record);
      const next = { ...current, version: rows[0].version + 1, nonce: randomBytes(4).toString('hex') };
      const written = await pool.query(WRITE, [id, rows[0].version, JSON.stringify(next), JSON.stringify({ action: 'snapshot_saved' })]);
      if (written.rowCount !== 1) throw new Error('conflict');
    });
    await pool.end();

    const sql = postgres(url, { max: WRITERS });
    results[`postgres${round}`] = await timed('postgres', async (id) => {
      const [row] = await sql.unsafe(READ, [id], { prepare: true });
      const current = JSON.parse(row.record);
      const next = { ...current, version: row.version + 1, nonce: randomBytes(4).toString('hex') };
      const written = await sql.unsafe(WRITE, [id, row.version, JSON.stringify(next), JSON.stringify({ action: 'snapshot_saved' })], { prepare: true });
      if (written.count !== 1) throw new Error('conflict');
    });
    await sql.end();
  }
  const pgBest = Math.max(results.pg1, results.pg2);
  const porsagerBest = Math.max(results.postgres1, results.postgres2);
  console.log(`best of two: pg ${pgBest.toFixed(0)}/s, postgres ${porsagerBest.toFixed(0)}/s (${(porsagerBest / pgBest).toFixed(2)}x)`);
} finally {
  cluster.destroy();
}
