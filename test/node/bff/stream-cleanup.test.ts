/**
 * An event stream the client aborts leaves nothing behind: no bus listener
 * (EventBus.listenerCount) and no entry in `deps.streams`, for the
 * applicant's stream and the reviewers' queue stream alike, over a real
 * loopback socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { createApp } from '../../../bff/app.js';
import { casesTopic, workflowTopic } from '../../../bff/bus.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ALICE_KEY, Api, Journey, tempDir, testEnv } from './harness.js';

/** Polls (every 10 ms, at most ~10 s) until `done()` holds; the assertion after it says what did not happen. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await sleep(10);
}

test('aborted applicant and queue streams leave 0 bus listeners and an empty deps.streams', async (t) => {
  const dataDir = await tempDir(t);
  const store = await FileWorkflowStore.open(dataDir);
  const blobs = await FileBlobStore.open(dataDir);
  const { app, deps } = createApp({ config: loadConfig(testEnv(dataDir)), store, blobs, log: () => {} });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  t.after(async () => {
    for (const close of deps.streams) close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const api = new Api((path, init) => fetch(`${base}${path}`, init));
  const journey = await Journey.start(api);

  for (const [path, token, topic] of [
    [`/api/v1/workflows/${journey.id}/stream`, journey.token, workflowTopic(journey.id)],
    ['/api/v1/cases/stream', ALICE_KEY, casesTopic],
  ] as const) {
    // Several rounds, a few at once: each open, read its first comment, then abort.
    for (let round = 0; round < 3; round++) {
      const open = await Promise.all(
        Array.from({ length: 3 }, async () => {
          const controller = new AbortController();
          const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
          assert.equal(res.status, 200, path);
          const reader = res.body!.getReader();
          await reader.read(); // ": connected": subscribed
          return controller;
        }),
      );
      assert.equal(deps.bus.listenerCount(topic), 3, `${path}: three listeners while open`);
      assert.equal(deps.streams.size, 3, `${path}: three streams while open`);
      for (const controller of open) controller.abort();
      await settle(() => deps.bus.listenerCount(topic) === 0 && deps.streams.size === 0);
      assert.equal(deps.bus.listenerCount(topic), 0, `${path}: no listener left after the aborts (round ${round + 1})`);
      assert.equal(deps.streams.size, 0, `${path}: deps.streams empty after the aborts (round ${round + 1})`);
    }
  }
});
