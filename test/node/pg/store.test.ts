/**
 * The PostgreSQL store below the routes: migrations under the advisory lock,
 * compare-and-set with no lost update (also for quiet writes that keep the
 * version), the lookups by the columns other branches' fields fill, and a
 * database that cannot be reached as a 503 problem.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { DatabaseUnavailable } from '../../../bff/store/pg/errors.js';
import { MIGRATIONS, migrate } from '../../../bff/store/pg/schema.js';
import { PgWorkflowStore } from '../../../bff/store/pg/workflow-store.js';
import { VersionConflict, type WorkflowRecord } from '../../../bff/store/types.js';
import { freePort } from './cluster.js';
import { freshDatabase } from './shared-cluster.js';

function record(id: string, extra: Record<string, unknown> = {}): WorkflowRecord {
  const at = new Date().toISOString();
  return {
    id,
    tokenHash: `hash-${id}`,
    definitionVersion: 1,
    status: 'in_progress',
    state: 'welcome',
    context: {} as WorkflowRecord['context'],
    decision: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    assignee: null,
    documents: [],
    history: [{ at, actor: { kind: 'system', id: 'bff' }, action: 'created' }],
    ...extra,
  } as WorkflowRecord;
}

async function open(t: import('node:test').TestContext): Promise<PgWorkflowStore> {
  const store = await PgWorkflowStore.open({ url: await freshDatabase(), max: 8 });
  t.after(() => store.close());
  return store;
}

describe('PostgreSQL store', () => {
  test('two instances migrating at once: each migration applied once, in order', async () => {
    const url = await freshDatabase(); // migrated from the template: start over on a bare database
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      await pool.query('DROP TABLE documents, history, blobs, workflows, kyc_migrations; DROP SEQUENCE workflow_changes');
      const [first, second] = await Promise.all([migrate(pool), migrate(pool)]);
      assert.deepEqual([...first, ...second].sort(), MIGRATIONS.map((m) => m.version), 'every version once between them');
      const { rows } = await pool.query('SELECT version FROM kyc_migrations ORDER BY applied_at, version');
      assert.deepEqual(rows.map((row) => row.version), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await migrate(pool), [], 'a later start applies nothing');
    } finally {
      await pool.end();
    }
  });

  test('20 concurrent any-version updates: none lost; a stale expected version is a VersionConflict', async (t) => {
    const store = await open(t);
    await store.create(record('w1'));
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        store.update('w1', undefined, (next) => {
          next.history.push({ at: new Date().toISOString(), actor: { kind: 'system', id: 'test' }, action: `step-${n}` });
          return next;
        }),
      ),
    );
    const stored = (await store.get('w1'))!;
    assert.equal(stored.version, 21);
    assert.equal(stored.history.length, 21);
    await assert.rejects(store.update('w1', 3, (next) => next), (error) => error instanceof VersionConflict && error.current === 21);
  });

  test('quiet writes keep the version and are not lost to each other; a client holding the version still writes after them', async (t) => {
    const store = await open(t);
    await store.create(record('w2', { outbox: [] }));
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        store.update(
          'w2',
          undefined,
          (next) => {
            const extended = next as WorkflowRecord & { outbox: { id: string; status: string }[] };
            extended.outbox.push({ id: `e${n}`, status: 'delivered' });
            return next;
          },
          { quiet: true },
        ),
      ),
    );
    const stored = (await store.get('w2')) as WorkflowRecord & { outbox: unknown[] };
    assert.equal(stored.version, 1, 'quiet: version kept');
    assert.equal(stored.outbox.length, 10, 'no quiet write lost');
    const next = await store.update('w2', 1, (r) => r);
    assert.equal(next.version, 2);
  });

  test('lookups by externalRef and by undelivered outbox entries', async (t) => {
    const store = await open(t);
    await store.create(record('a', { externalRef: 'cust-1', outbox: [{ status: 'delivered' }] }));
    await store.create(record('b', { externalRef: 'cust-1', outbox: [{ status: 'pending' }] }));
    await store.create(record('c', { externalRef: 'cust-2' }));
    assert.deepEqual((await store.idsForExternalRef('cust-1')).sort(), ['a', 'b']);
    assert.deepEqual(await store.outboxWorkflowIds(), ['b']);
    await store.update('b', undefined, (next) => Object.assign(next, { outbox: [{ status: 'delivered' }] }), { quiet: true });
    assert.deepEqual(await store.outboxWorkflowIds(), []);
  });

  test('abandoned in-progress workflows are removed with their history; submitted and recent ones stay', async (t) => {
    const store = await open(t);
    const old = '2020-01-01T00:00:00.000Z';
    await store.create(record('old', { updatedAt: old, documents: [{ id: 'old.doc', sha256: 'a'.repeat(64) }] }));
    await store.create(record('old-submitted', { updatedAt: old, status: 'pending_review', submittedAt: old }));
    await store.create(record('recent'));
    const removed = await store.removeAbandoned('2021-01-01T00:00:00.000Z', 10);
    assert.deepEqual(removed.map((r) => r.id), ['old']);
    assert.equal(await store.get('old'), undefined);
    assert.equal(await store.idForTokenHash('hash-old'), undefined, 'its token opens nothing');
    assert.ok(await store.get('old-submitted'), 'a submitted case is never abandoned');
    assert.ok(await store.get('recent'), 'a recent one stays');
    assert.deepEqual(await store.removeAbandoned('2021-01-01T00:00:00.000Z', 10), [], 'nothing twice');
  });

  test('a database that cannot be reached is a 503 problem with Retry-After, not a crash', async (t) => {
    const store = await open(t);
    const port = await freePort(); // nothing listens there
    const away = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${port}/none`, connectionTimeoutMillis: 500 });
    const held = store as unknown as { pool: pg.Pool };
    const own = held.pool;
    held.pool = away;
    try {
      const refused = await store.get('w1').catch((error) => error);
      assert.ok(refused instanceof DatabaseUnavailable, String(refused));
      assert.equal(refused.status, 503);
      assert.ok((refused.extra.retryAfter ?? 0) > 0);
    } finally {
      held.pool = own;
      await away.end();
    }
  });
});
