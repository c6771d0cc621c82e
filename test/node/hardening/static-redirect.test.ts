/**
 * The static site's "directory without its slash" redirect stays on this
 * origin: a path starting with several slashes must not become a
 * protocol-relative Location ("//kyc/" is the host "kyc").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '../../../bff/static.js';

test('GET //kyc, ///kyc and //backoffice?x=1 redirect to a path on this origin, never to //host', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kyc-static-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const page of ['kyc', 'backoffice']) {
    await mkdir(join(dir, page));
    await writeFile(join(dir, page, 'index.html'), '<!doctype html><title>page</title>');
  }
  const app = new Hono();
  serveStatic(app, { dir });
  const cases: [string, string][] = [
    ['/kyc', '/kyc/'],
    ['//kyc', '/kyc/'],
    ['///kyc', '/kyc/'],
    ['//backoffice?x=1', '/backoffice/?x=1'],
  ];
  for (const [path, expected] of cases) {
    const res = await app.request(`http://localhost${path}`);
    assert.equal(res.status, 301, `${path}: status`);
    const location = res.headers.get('location') ?? '';
    assert.equal(location, expected, `${path}: Location`);
    assert.equal(new URL(location, 'https://kyc.example/').origin, 'https://kyc.example', `${path}: stays on this origin`);
  }
});
