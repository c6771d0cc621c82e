/**
 * The error handler's log lines (an unhandled error, a body the client cut
 * off) redact the path like the access log does: a credential a client put
 * in the URL is never written to the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';

const KEY = 'alice-key-0123456789abcdef';

test('unhandled-error and aborted-body log lines show [credential], never the token or key in the path', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kyc-redact-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${KEY}`, KYC_RATE_LIMIT: 'off', PORT: '0' });
  const store = await FileWorkflowStore.open(dataDir);
  t.after(() => store.close());
  const blobs = await FileBlobStore.open(dataDir);
  const logs: string[] = [];
  const { app } = createApp({ config, store, blobs, log: (line) => logs.push(line) });
  // Routes that fail the two ways the handler logs with the path.
  app.get('/explode/:anything', () => {
    throw new Error('boom');
  });
  app.get('/cut-off/:anything', () => {
    throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
  });

  const created = await (await app.request('/api/v1/workflows', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  const token = created.token as string;
  for (const [path, status] of [
    [`/explode/${token}`, 500],
    [`/explode/${encodeURIComponent(KEY)}`, 500],
    [`/cut-off/${token}`, 400],
  ] as const) {
    assert.equal((await app.request(path)).status, status, path);
  }
  const handlerLines = logs.filter((line) => /unhandled error|aborted by the client/.test(line));
  assert.equal(handlerLines.length, 3, `the handler logged each: ${logs.join('\n')}`);
  for (const line of handlerLines) assert.match(line, /\/(explode|cut-off)\/\[credential\]/, `redacted: ${line}`);
  const printed = logs.join('\n');
  assert.equal(printed.includes(token), false, 'the applicant token is not in the log');
  assert.equal(printed.includes(KEY), false, 'the reviewer key is not in the log');
});
