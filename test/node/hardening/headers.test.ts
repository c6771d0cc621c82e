/**
 * Security headers on every kind of API answer, over a real socket: JSON,
 * problems (4xx, 429, 503), unknown routes, streams, document bytes,
 * preflights. Each carries X-Content-Type-Options: nosniff, Referrer-Policy,
 * a CSP with frame-ancestors 'none', and no-store caching; nothing names the
 * server software.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { socketBff, type SocketBff } from './support/fixture.js';
import { applicantUntil, bearer, jsonInit, type Applying } from './support/flow.js';

describe('security headers on every kind of API answer', () => {
  let bff: SocketBff;
  let a: Applying;
  let s: Applying;
  before(async () => {
    bff = await socketBff({ rateLimit: true });
    a = await applicantUntil(bff.call, 'photos_uploaded');
    s = await applicantUntil(bff.call, 'submitted');
  });
  after(() => bff.close());

  const kinds: [name: string, request: () => Promise<Response>, status: number][] = [
    ['GET /health (JSON)', () => bff.call('/health'), 200],
    ['GET /workflows/:id (JSON, personal data)', () => bff.call(`/workflows/${a.id}`, { headers: bearer(a.token) }), 200],
    ['GET /cases/:id (JSON, personal data)', () => bff.call(`/cases/${s.id}`, { headers: bearer(bff.keys.alice) }), 200],
    ['GET /documents/:id (image bytes)', () => bff.call(`/documents/${a.uploads['id_card/front']}`, { headers: bearer(bff.keys.alice) }), 200],
    ['GET /workflows/:id/stream (SSE)', () => bff.call(`/workflows/${a.id}/stream`, { headers: bearer(a.token) }), 200],
    ['401 problem', () => bff.call(`/workflows/${a.id}`), 401],
    ['403 problem', () => bff.call('/cases', { headers: bearer(a.token) }), 403],
    ['409 problem', () => bff.call(`/workflows/${a.id}/snapshot`, jsonInit('PUT', { state: 'document_selection', context: { applicant: a.applicant }, version: 1 }, a.token)), 409],
    ['415 problem', () => bff.call('/workflows', { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } }), 415],
    ['unknown API route (404)', () => bff.call('/nope'), 404],
    ['unknown route outside the API (404)', () => fetch(`${bff.url}/nope`), 404],
    ['CORS preflight', () => bff.call('/workflows', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }), 204],
  ];

  for (const [name, request, status] of kinds)
    test(name, async () => {
      const res = await request();
      assert.equal(res.status, status);
      const h = res.headers;
      assert.equal(h.get('x-content-type-options'), 'nosniff');
      assert.equal(h.get('referrer-policy'), 'no-referrer');
      assert.ok(!h.has('x-powered-by') && !h.has('server'), 'nothing names the server software');
      if (name !== 'unknown route outside the API (404)') {
        const csp = h.get('content-security-policy') ?? '';
        assert.match(csp, /frame-ancestors 'none'/, `CSP: ${csp}`);
        assert.match(csp, /default-src 'none'/);
        assert.match(h.get('cache-control') ?? '', /no-store/);
      }
      if (name.startsWith('CORS')) assert.equal(h.get('access-control-allow-origin'), null, 'an origin not in KYC_ALLOWED_ORIGINS gets no CORS grant');
      await res.body?.cancel();
    });

  test('429 and its Retry-After carry the same headers', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 40 && res?.status !== 429; i++) {
      await res?.body?.cancel();
      res = await bff.call('/cases', { headers: bearer(`not-a-reviewer-key-${i}`) });
    }
    assert.equal(res!.status, 429);
    assert.equal(res!.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res!.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.ok(res!.headers.get('retry-after'));
    await res!.body?.cancel();
  });
});
