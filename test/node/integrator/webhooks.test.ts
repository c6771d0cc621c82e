/**
 * Webhooks never lost: retries (500, a timeout, then 200), kill -9 right after
 * a decision's 2xx, and replay of a failed delivery. Every delivery is
 * verified by the receiver with the `standardwebhooks` verifier.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, assertProblem, Journey, serveBff, tempDir, testEnv } from '../bff/harness.js';
import { BANK_KEY, eventually, integratorEnv, redeem } from './support.js';
import { Receiver, SECRET } from './receiver.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const webhookEnv = (receiver: Receiver, baseMs = 200) => ({
  ...integratorEnv,
  KYC_WEBHOOK_URL: receiver.url,
  KYC_WEBHOOK_SECRET: SECRET,
  KYC_WEBHOOK_RETRY_BASE_MS: String(baseMs),
});

/** A customer's check through the integrator's start code up to a submitted case. */
async function submittedFor(api: Api, externalRef: string): Promise<Journey> {
  const started = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef } });
  assert.equal(started.status, 201);
  const journey = Journey.resume(api, (await redeem(api, started.body.startCode)).body);
  await journey.details();
  await journey.photos('passport');
  await journey.finish();
  return journey;
}

async function decide(api: Api, id: string, outcome = 'approve') {
  const opened = await api.send('GET', `/cases/${id}`, { token: ALICE_KEY });
  const decided = await api.send('POST', `/cases/${id}/decision`, { token: ALICE_KEY, json: { outcome, version: opened.body.version, ...(outcome === 'reject' ? { reason: 'No' } : {}) } });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  return decided;
}

test('a receiver answering 500, then timing out, then 200: delivered on the third attempt with the same webhook-id', { timeout: 60_000 }, async (t) => {
  const receiver = await Receiver.start(t);
  receiver.script = [500, 'hang', 200];
  const { api } = await serveBff(t, webhookEnv(receiver));
  const journey = await submittedFor(api, 'cust-retry');
  const submittedAt = Date.now();

  const [first, second, third] = await receiver.waitFor(3);
  assert.deepEqual([first.answer, second.answer, third.answer], [500, 'hang', 200]);
  assert.ok(receiver.received.every((r) => r.verified), 'every attempt verifies with the standardwebhooks verifier');
  assert.equal(new Set([first.id, second.id, third.id]).size, 1, 'one webhook-id for every attempt');
  assert.match(first.id, /^msg_/);
  assert.deepEqual(third.body.data, { id: journey.id, externalRef: 'cust-retry', status: 'pending_review', decision: null, version: third.body.data.version });
  assert.equal(third.body.type, 'workflow.submitted');
  // The second attempt's hang is cut by the 10 s timeout, then one more backoff.
  assert.ok(third.at - second.at >= 10_000, `the timeout held the second attempt ${third.at - second.at} ms`);
  t.diagnostic(`attempt 1 +${first.at - submittedAt} ms, attempt 2 +${second.at - submittedAt} ms, attempt 3 +${third.at - submittedAt} ms after the submission's 2xx`);

  const listed = await eventually(
    () => api.send('GET', '/webhook-deliveries?status=delivered', { token: BANK_KEY }),
    (answer) => answer.body.items.length > 0,
  );
  assert.equal(listed.body.items.length, 1);
  const [delivery] = listed.body.items;
  assert.equal(delivery.id, first.id);
  assert.equal(delivery.attempts, 3);
  assert.equal(delivery.lastStatusCode, 200);
  assert.equal(delivery.workflowId, journey.id);
  assert.equal(delivery.type, 'workflow.submitted');
  assert.ok(delivery.deliveredAt);
  // Delivery bookkeeping does not move the workflow's version under the reviewer.
  const view = await journey.view();
  assert.equal(view.body.version, third.body.data.version);
  assert.equal(receiver.received.length, 3, 'nothing sent after the 2xx');
});

test('kill -9 right after a decision’s 2xx: the webhook arrives after the restart, after the submission’s', { timeout: 90_000 }, async (t) => {
  const receiver = await Receiver.start(t);
  receiver.otherwise = 'hang'; // nothing can be delivered before the kill
  const dataDir = await tempDir(t);
  const env = { ...process.env, ...testEnv(dataDir, webhookEnv(receiver)), NODE_ENV: 'production' };
  const spawnBff = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (chunk) => (output += chunk));
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`the BFF exited (${code}): ${output}`)));
    });
    return { child, exited, api: new Api((path, init) => fetch(`${url}${path}`, init)) };
  };

  const first = await spawnBff();
  const journey = await submittedFor(first.api, 'cust-kill');
  await decide(first.api, journey.id, 'approve');
  first.child.kill('SIGKILL');
  const killedAt = Date.now();
  await first.exited;
  assert.ok(receiver.received.every((r) => r.answer === 'hang'), 'nothing was acknowledged before the kill');

  receiver.otherwise = 200;
  const second = await spawnBff();
  const restartedAt = Date.now();
  const delivered = await receiver.waitFor(2, (r) => r.answer === 200);
  assert.deepEqual(delivered.map((r) => r.body.type), ['workflow.submitted', 'workflow.decided'], 'in version order');
  assert.ok(delivered.every((r) => r.verified));
  const decided = delivered[1].body;
  assert.equal(decided.data.id, journey.id);
  assert.equal(decided.data.externalRef, 'cust-kill');
  assert.equal(decided.data.status, 'approved');
  assert.equal(decided.data.decision.outcome, 'approve');
  assert.ok(decided.data.version > delivered[0].body.data.version);
  t.diagnostic(`restarted ${restartedAt - killedAt} ms after the kill; the decided webhook arrived ${delivered[1].at - restartedAt} ms after the restart`);
  const listed = await eventually(
    () => second.api.send('GET', '/webhook-deliveries', { token: BANK_KEY }),
    (answer) => answer.body.items.every((item: any) => item.status === 'delivered'),
  );
  assert.deepEqual(
    listed.body.items.map((item: any) => [item.type, item.status]),
    [
      ['workflow.decided', 'delivered'],
      ['workflow.submitted', 'delivered'],
    ],
  );
});

test('replay of a failed delivery: POST /webhook-deliveries/:id/retry sends it again with the same webhook-id', { timeout: 60_000 }, async (t) => {
  const receiver = await Receiver.start(t);
  receiver.otherwise = 500;
  const dataDir = await tempDir(t);
  const config = loadConfig(testEnv(dataDir, webhookEnv(receiver, 50)));
  const store = await FileWorkflowStore.open(dataDir);
  const { app, deps } = createApp({ config, store, blobs: await FileBlobStore.open(dataDir), log: () => {} });
  t.after(async () => {
    await deps.webhooks!.stop();
    await store.close();
  });
  const api = new Api((path, init) => Promise.resolve(app.request(path, init)));
  const journey = await submittedFor(api, 'cust-replay');
  await receiver.waitFor(1);
  // A day later: the entry is past its 24 hours of retries (time travel in the data, not in the sender).
  const aged = await store.update(
    journey.id,
    undefined,
    (next) => {
      for (const entry of next.outbox!) entry.createdAt = new Date(Date.now() - 25 * 3600_000).toISOString();
      return next;
    },
    { quiet: true },
  );
  deps.webhooks!.take(aged);
  const failed: any[] = (
    await eventually(
      () => api.send('GET', '/webhook-deliveries?status=failed', { token: BANK_KEY }),
      (answer) => answer.body.items.length > 0,
    )
  ).body.items;
  assert.equal(failed.length, 1, 'failed after 24 hours');
  const attemptsBefore = receiver.received.length;
  assert.ok(attemptsBefore >= 2);
  assert.equal(failed[0].lastStatusCode, 500);
  assert.equal(failed[0].nextAttemptAt, null);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(receiver.received.length, attemptsBefore, 'a failed delivery is not retried by itself');

  receiver.otherwise = 200;
  const replay = await api.send('POST', `/webhook-deliveries/${failed[0].id}/retry`, { token: BANK_KEY, json: {} });
  assert.equal(replay.status, 202);
  const [again] = await receiver.waitFor(1, (r) => r.answer === 200);
  assert.equal(again.id, failed[0].id);
  assert.ok(again.verified);
  const after = await eventually(
    () => api.send('GET', '/webhook-deliveries', { token: BANK_KEY }),
    (answer) => answer.body.items[0]?.status === 'delivered',
  );
  assert.equal(after.body.items[0].status, 'delivered');
  assert.equal(after.body.items[0].attempts, attemptsBefore + 1);
  assertProblem(await api.send('POST', '/webhook-deliveries/msg_nothing/retry', { token: BANK_KEY, json: {} }), 404);
  assertProblem(await api.send('GET', '/webhook-deliveries?status=lost', { token: BANK_KEY }), 400);
});

test('a redirect is never followed, and a receiver that hangs never slows the reviewer’s decision', { timeout: 60_000 }, async (t) => {
  const receiver = await Receiver.start(t);
  const elsewhere = await Receiver.start(t);
  receiver.script = [307];
  receiver.redirectTo = elsewhere.url;
  receiver.otherwise = 'hang';
  const { api } = await serveBff(t, webhookEnv(receiver, 100));
  const journey = await submittedFor(api, 'cust-redirect');
  const [redirected] = await receiver.waitFor(1);
  assert.equal(redirected.answer, 307);
  const listed = await eventually(
    () => api.send('GET', '/webhook-deliveries', { token: BANK_KEY }),
    (answer) => answer.body.items[0]?.attempts === 1,
  );
  assert.equal(listed.body.items[0].status, 'pending');
  assert.equal(listed.body.items[0].lastStatusCode, 307);
  assert.match(listed.body.items[0].lastError, /redirect/);
  await receiver.waitFor(2); // the retry: now the receiver hangs (for 10 s)
  const started = performance.now();
  await decide(api, journey.id, 'reject');
  const decisionMs = performance.now() - started;
  t.diagnostic(`decision answered in ${decisionMs.toFixed(0)} ms while the receiver held a delivery open`);
  assert.ok(decisionMs < 5000, `the decision waited ${decisionMs} ms`);
  assert.equal(elsewhere.received.length, 0, 'the redirect target got nothing');
});

test('webhook configuration: a URL without a secret, or a secret that is not whsec_ base64, refuses to start', async (t: TestContext) => {
  const dataDir = await tempDir(t);
  assert.throws(() => loadConfig(testEnv(dataDir, { ...integratorEnv, KYC_WEBHOOK_URL: 'http://127.0.0.1:9/x' })), /KYC_WEBHOOK_SECRET/);
  assert.throws(() => loadConfig(testEnv(dataDir, { ...integratorEnv, KYC_WEBHOOK_URL: 'http://127.0.0.1:9/x', KYC_WEBHOOK_SECRET: 'hunter2' })), /whsec_/);
  assert.throws(() => loadConfig(testEnv(dataDir, { ...integratorEnv, KYC_WEBHOOK_URL: 'file:///etc/passwd', KYC_WEBHOOK_SECRET: SECRET })), /http/);
  assert.equal(loadConfig(testEnv(dataDir, integratorEnv)).webhook, null, 'KYC_API_KEYS set and no URL: no webhooks');
});
