import { freshDatabase } from './shared-cluster.js';
import { PgWorkflowStore } from '../../../bff/store/pg/workflow-store.js';
const main = async () => {
  const url = await freshDatabase();
  const store = await PgWorkflowStore.open({ url });
  const at = new Date().toISOString();
  await store.create({ id: 'abc', tokenHash: 'h', definitionVersion: 1, status: 'in_progress', state: 'welcome' as any, context: {} as any, decision: null, version: 1, createdAt: at, updatedAt: at, submittedAt: null, assignee: null, documents: [], history: [{ at, actor: { kind: 'system', id: 'bff' }, action: 'created' }] });
  console.log(await store.get('abc'));
  try {
    const r = await store.update('abc', 1, (n) => { n.history.push({ at, actor: { kind: 'system', id: 'x' }, action: 'x' }); return n; });
    console.log(r.version, (await store.get('abc'))?.history.length);
  } catch (e) { console.log('ERR', e); }
  await store.close();
};
main().then(() => process.exit(0));
