/**
 * The notification connection drops (the database restarted, a proxy cut it):
 * it comes back by itself and announces every workflow changed meanwhile, so
 * a stream misses nothing even though the notice itself was never heard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { EventBus, casesTopic, workflowTopic, type BusMessage } from '../../../bff/bus.js';
import { PgNotices } from '../../../bff/store/pg/notices.js';
import { PgWorkflowStore } from '../../../bff/store/pg/workflow-store.js';
import type { WorkflowRecord } from '../../../bff/store/types.js';
import { workflowView } from '../../../bff/views.js';
import { freshDatabase } from './shared-cluster.js';

test('after its connection is cut, the notice listener reconnects and catches up on a change it never heard', async (t) => {
  const url = await freshDatabase();
  const store = await PgWorkflowStore.open({ url, max: 4 });
  t.after(() => store.close());
  const bus = new EventBus();
  const logs: string[] = [];
  const notices = await PgNotices.start({ url, pool: store.pool, bus, store, view: workflowView, log: (line) => logs.push(line) });
  t.after(() => notices.stop());
  const at = new Date().toISOString();
  const record = {
    id: 'w-catch-up', tokenHash: 'h', definitionVersion: 1, status: 'pending_review', state: 'final', context: {}, decision: null, version: 1,
    createdAt: at, updatedAt: at, submittedAt: at, assignee: null, documents: [], history: [{ at, actor: { kind: 'system', id: 'bff' }, action: 'created' }],
  } as unknown as WorkflowRecord;
  await store.create(record);
  const heard: BusMessage[] = [];
  bus.subscribe(workflowTopic(record.id), (message) => heard.push(message));
  bus.subscribe(casesTopic, (message) => heard.push(message));
  await new Promise((resolve) => setTimeout(resolve, 2500)); // two heartbeats: the listener has a baseline

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = 'kyc-notices' AND datname = current_database()");
    assert.deepEqual(rows.map((row) => row.cut), [true], 'the listening connection was cut');
  } finally {
    await admin.end();
  }
  // Written straight through the store: no notice is ever sent for it, only the catch-up can tell.
  await store.update(record.id, 1, (next) => {
    next.status = 'approved';
    return next;
  });
  const deadline = Date.now() + 10_000;
  while (heard.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(heard.map((m) => m.event).sort(), ['case.decided', 'workflow.decided'], logs.join('\n'));
  assert.equal((heard.find((m) => m.event === 'workflow.decided')!.data as { version: number }).version, 2);
  assert.ok(notices.connected >= 2, 'reconnected');
});
