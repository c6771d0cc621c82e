/**
 * Two BFF processes on one PostgreSQL database (deployment.md § Across
 * instances): credentials, compare-and-set and push hold across them, a
 * kill -9 of one loses no acknowledged write, and a database restart gives
 * 503s, then recovery by itself, with streams caught up.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE_KEY, assertProblem, BOB_KEY, Journey, SseReader } from '../bff/harness.js';
import { png } from '../bff/images.js';
import { spawnBff, type Child } from './children.js';
import { startCluster } from './cluster.js';
import { freshDatabase } from './shared-cluster.js';

async function pair(t: TestContext, url?: string): Promise<[Child, Child]> {
  const env = { KYC_DATABASE_URL: url ?? (await freshDatabase()) };
  return Promise.all([spawnBff(t, env), spawnBff(t, env)]);
}

/** The case's current version, as a reviewer sees it. */
async function caseVersion(child: Child, id: string): Promise<number> {
  const answer = await child.api.send('GET', `/cases/${id}`, { token: ALICE_KEY });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.version;
}

describe('two instances, one database', () => {
  test('an applicant created on A works on B; the queue of B lists what A stored; health names the store', async (t) => {
    const [a, b] = await pair(t);
    assert.deepEqual((await b.api.send('GET', '/health')).body, { status: 'ok', store: 'postgres' });
    const journey = await Journey.start(a.api);
    const onB = Object.assign(Object.create(Object.getPrototypeOf(journey)), journey, { api: b.api }) as Journey;
    assert.equal((await onB.view()).status, 200);
    await onB.details();
    await onB.photos();
    await onB.finish();
    const viewed = await journey.view();
    assert.equal(viewed.body.status, 'pending_review', 'A reads what B wrote');
    const queue = await a.api.send('GET', '/cases?q=lovelace', { token: ALICE_KEY });
    assert.deepEqual(queue.body.items.map((item: any) => item.id), [journey.id]);
  });

  test('same-version writes on A and B: one 200, one 409 with the current version', async (t) => {
    const [a, b] = await pair(t);
    const journey = await Journey.start(a.api);
    for (let round = 0; round < 5; round++) {
      const version = journey.version;
      const body = (state: string) => ({ token: journey.token, json: { state, context: {}, version } });
      const answers = await Promise.all([
        a.api.send('PUT', `/workflows/${journey.id}/snapshot`, body('personal_details')),
        b.api.send('PUT', `/workflows/${journey.id}/snapshot`, body('personal_details')),
      ]);
      assert.deepEqual(answers.map((x) => x.status).sort(), [200, 409], JSON.stringify(answers.map((x) => x.body)));
      const won = answers.find((x) => x.status === 200)!;
      const lost = answers.find((x) => x.status === 409)!;
      assert.equal(lost.body.version, won.body.version);
      journey.version = won.body.version;
    }
  });

  test('two reviewers deciding at once, one on A and one on B: exactly one wins', async (t) => {
    const [a, b] = await pair(t);
    for (let round = 0; round < 3; round++) {
      const journey = await Journey.submitted(a.api);
      const version = await caseVersion(a, journey.id);
      const answers = await Promise.all([
        a.api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version } }),
        b.api.send('POST', `/cases/${journey.id}/decision`, { token: BOB_KEY, json: { outcome: 'reject', reason: 'Blurred', version } }),
      ]);
      assert.deepEqual(answers.map((x) => x.status).sort(), [200, 409], JSON.stringify(answers.map((x) => x.body)));
      const winner = answers.find((x) => x.status === 200)!.body;
      const stored = (await b.api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY })).body;
      assert.equal(stored.decision.reviewer, winner.decision.reviewer);
      assert.equal(stored.history.filter((entry: any) => entry.action === 'decided').length, 1, 'one decision in the history');
    }
  });

  test('a decision on B reaches the applicant stream on A; a submission on A reaches the queue stream on B', async (t) => {
    const [a, b] = await pair(t);
    const queueOnB = new SseReader(`${b.url}/api/v1/cases/stream`, ALICE_KEY);
    t.after(() => queueOnB.close());
    await queueOnB.ready;
    const journey = await Journey.submitted(a.api);
    await queueOnB.next('case.submitted', (data) => data.id === journey.id, 1000);

    const applicantOnA = new SseReader(`${a.url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => applicantOnA.close());
    await applicantOnA.ready;
    const version = await caseVersion(b, journey.id);
    const decided = await b.api.send('POST', `/cases/${journey.id}/decision`, { token: BOB_KEY, json: { outcome: 'approve', version } });
    assert.equal(decided.status, 200);
    const event = await applicantOnA.next('workflow.decided', () => true, 1000);
    assert.equal(event.decision.outcome, 'approve');
    assert.equal(event.version, decided.body.version);
    // Closed before the children are killed (after-hooks): a stream cut by a kill rejects its reader.
    applicantOnA.close();
    queueOnB.close();
  });

  test('kill -9 of A mid-burst: every write A acknowledged reads back through B', async (t) => {
    const [a, b] = await pair(t);
    const journeys = await Promise.all(Array.from({ length: 6 }, () => Journey.start(a.api)));
    const acked = new Map<string, { version: number; docs: string[] }>(journeys.map((j) => [j.id, { version: j.version, docs: [] }]));
    let acks = 0;
    let killed = false;
    const kill = () => {
      if (!killed) a.process.kill('SIGKILL');
      killed = true;
    };
    const writer = async (journey: Journey, n: number) => {
      let version = journey.version;
      for (let i = 0; !killed; i++) {
        try {
          if (i % 3 === n % 3) {
            const answer = await a.api.upload(journey.id, journey.token, { type: 'passport', side: 'front' }, png(5, 5, { seed: n * 1000 + i }));
            if (answer.status === 201) acked.get(journey.id)!.docs.push(answer.body.id);
            else if (answer.status !== 422) throw new Error(`unexpected ${answer.status}`); // 10 versions of one item at most
            if (answer.status === 201) version = answer.body.version;
          } else {
            const answer = await a.api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, json: { state: 'personal_details', context: {}, version } });
            if (answer.status !== 200 && answer.status !== 409) throw new Error(`unexpected ${answer.status}`);
            version = answer.body.version;
          }
          const entry = acked.get(journey.id)!;
          entry.version = Math.max(entry.version, version);
          if (++acks >= 120) kill();
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const safety = setTimeout(kill, 20_000);
    await Promise.all(journeys.map((j, n) => writer(j, n)));
    clearTimeout(safety);
    await a.exited;
    assert.ok(acks >= 120, `${acks} acknowledged writes before the kill`);
    for (const journey of journeys) {
      const view = await b.api.send('GET', `/workflows/${journey.id}`, { token: journey.token });
      assert.equal(view.status, 200);
      const entry = acked.get(journey.id)!;
      assert.ok(view.body.version >= entry.version, `version ${view.body.version} holds the acknowledged ${entry.version}`);
      const stored = new Set(view.body.documents.map((d: any) => d.id));
      for (const doc of entry.docs) assert.ok(stored.has(doc), `document ${doc} survived`);
    }
  });
});

describe('the database restarts', () => {
  test('503 with Retry-After while it is down, then recovery by itself; streams catch up', async (t) => {
    const cluster = await startCluster({ settings: { fsync: 'off' } });
    t.after(() => cluster.destroy());
    const url = await cluster.createDatabase();
    const [a, b] = await pair(t, url);
    const journey = await Journey.submitted(a.api);
    const applicantOnA = new SseReader(`${a.url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    t.after(() => applicantOnA.close());
    await applicantOnA.ready;
    const queueOnA = new SseReader(`${a.url}/api/v1/cases/stream`, ALICE_KEY);
    t.after(() => queueOnA.close());
    await queueOnA.ready;
    const version = await caseVersion(b, journey.id);

    cluster.stop('fast');
    for (const child of [a, b]) {
      const health = await child.api.send('GET', '/health');
      assertProblem(health, 503);
      assert.ok(Number(health.res.headers.get('retry-after')) > 0, 'Retry-After');
      const write = await child.api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version } });
      assertProblem(write, 503);
      assert.ok(Number(write.res.headers.get('retry-after')) > 0);
    }
    cluster.start();

    // B answers again without a restart; the decision it takes reaches A's streams, whether A's notice
    // connection is back by then (a notice) or not yet (the catch-up when it reconnects).
    let decided;
    for (let attempt = 0; attempt < 50; attempt++) {
      decided = await b.api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version } });
      if (decided.status !== 503) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(decided!.status, 200, JSON.stringify(decided!.body));
    assert.equal((await applicantOnA.next('workflow.decided', () => true, 5000)).decision.outcome, 'approve');
    await queueOnA.next('case.decided', (data) => data.id === journey.id, 5000);
    assert.equal((await a.api.send('GET', '/health')).status, 200);
    assert.equal((await a.api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY })).body.status, 'approved');
    applicantOnA.close();
    queueOnA.close();
  });
});
