/**
 * `kyc-review-kit/server` as README § Embedding mounts it: `openApp()` on a
 * data directory, its Hono app handed to a Node server the host already runs
 * (`getRequestListener`), beside the host's own routes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { loadConfig, openApp } from '../../../bff/index.js';

test('openApp mounts inside an existing Node server: /api/v1 is the BFF, the rest stays the host\'s', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyc-mount-'));
  const key = 'mounted-reviewer-key-0123456789';
  const kyc = await openApp(loadConfig({ KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${key}` }), () => {});
  const handleKyc = getRequestListener(kyc.app.fetch);
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/')) return void handleKyc(req, res);
    res.end('host route');
  });
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.deepEqual(await (await fetch(`${base}/api/v1/health`)).json(), { status: 'ok', store: 'file' });
    assert.equal(await (await fetch(`${base}/elsewhere`)).text(), 'host route');
    assert.equal((await fetch(`${base}/api/v1/cases`)).status, 401, 'reviewer routes stay behind a key');
    assert.equal((await fetch(`${base}/api/v1/cases`, { headers: { Authorization: `Bearer ${key}` } })).status, 200);
    const created = await fetch(`${base}/api/v1/workflows`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(created.status, 201, 'a workflow is created in the mounted app');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await kyc.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
