/**
 * Secrets never reach the server's output (a child-process server's stdout
 * and stderr, captured through a full flow with streams, a resubmission and
 * failed logins), and the rate limits: repeated failed authentication and
 * mass workflow creation from one address get 429 with Retry-After, while a
 * real applicant or reviewer never meets them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Hono } from 'hono';
import { DEFAULT_LIMITS, RateLimiter } from '../../../bff/rate-limit.js';
import { onError } from '../../../bff/problem.js';
import { childBff, problemOf, reviewerKeys, socketBff, tempDir, type ChildBff, type SocketBff } from './support/fixture.js';
import { API, applicantUntil, bearer, claimAndDecide, continueUntil, finalContext, inProcess, json, jsonInit, uploadInit, type Applying, type Fetcher } from './support/flow.js';
import { jpeg } from './support/images.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads an SSE response until `until` matches the text so far (or the stream ends). */
async function readStream(res: Response, until: RegExp): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** After a request_resubmission of the front: upload it again, submit the photos, back to final. */
async function resubmitFront(call: Fetcher, flow: Applying): Promise<void> {
  const doc = await json('re-upload', call(`/workflows/${flow.id}/documents`, uploadInit(flow.token, jpeg(), 'id_card', 'front')));
  flow.version = doc.version;
  flow.uploads['id_card/front'] = doc.id;
  const uploads = { 'id_card/front': flow.uploads['id_card/front'], 'id_card/back': flow.uploads['id_card/back'] };
  flow.version = (
    await json('resubmit photos', call(`/workflows/${flow.id}/events`, jsonInit('POST', { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads, version: flow.version }, flow.token)))
  ).version;
  flow.version = (await json('final again', call(`/workflows/${flow.id}/snapshot`, jsonInit('PUT', { state: 'final', context: finalContext(flow), version: flow.version }, flow.token)))).version;
}

describe('no secret in the server’s output', () => {
  let server: ChildBff;
  const keys = reviewerKeys();

  before(async () => {
    server = await childBff({ KYC_DATA_DIR: await tempDir(), KYC_REVIEWERS: `alice:${keys.alice},bob:${keys.bob}`, KYC_RATE_LIMIT: 'off' });
  });
  after(() => server?.stop());

  test('a full flow with streams, a resubmission, a decision and failed logins prints no token, key or token hash', async () => {
    const call = server.call;
    const a = await applicantUntil(call, 'selfie_uploaded');
    const b = await applicantUntil(call, 'details');
    // Both streams open while things happen.
    const applicantStream = await fetch(`${server.url}${API}/workflows/${a.id}/stream`, { headers: bearer(a.token) });
    const queueStream = await fetch(`${server.url}${API}/cases/stream`, { headers: bearer(keys.bob) });
    const applicantEvents = readStream(applicantStream, /workflow\.decided[\s\S]*workflow\.decided/);
    const queueEvents = readStream(queueStream, /case\.submitted[\s\S]*case\.submitted/);
    await continueUntil(call, a, 'submitted', {}, 'selfie_uploaded');
    // Reviewer asks for the front again, the applicant resubmits, another reviewer approves.
    const opened = await json('open', call(`/cases/${a.id}`, { headers: bearer(keys.alice) }));
    const claimed = await json('claim', call(`/cases/${a.id}/assignment`, jsonInit('POST', { version: opened.version }, keys.alice)));
    const asked = await json(
      'ask',
      call(`/cases/${a.id}/decision`, jsonInit('POST', { outcome: 'request_resubmission', items: [{ document: 'id_card/front', reason: 'Glare over the photo' }], version: claimed.version }, keys.alice)),
    );
    a.version = asked.version;
    await resubmitFront(call, a);
    await claimAndDecide(call, keys.bob, a.id, { outcome: 'approve' });
    assert.match(await applicantEvents, /workflow\.decided/);
    assert.match(await queueEvents, /case\.submitted/);
    // Documents, as both parties fetch them.
    for (const id of Object.values(a.uploads)) {
      assert.equal((await call(`/documents/${id}`, { headers: bearer(a.token) })).status, 200);
      assert.equal((await call(`/documents/${id}`, { headers: bearer(keys.alice) })).status, 200);
    }
    // Failed and misdirected logins: near-miss credentials, a token for the wrong workflow,
    // and a client that wrongly puts secrets in the query string.
    const nearMiss = [`${a.token.slice(0, -2)}xx`, `${keys.alice}x`, keys.alice.toUpperCase(), b.token];
    for (const credential of nearMiss) await (await call(`/workflows/${a.id}`, { headers: bearer(credential) })).text();
    await (await call(`/cases?key=${encodeURIComponent(keys.alice)}&token=${a.token}`, { headers: bearer(`${keys.bob}-wrong`) })).text();
    await (await call(`/workflows/${a.id}?token=${a.token}`)).text();
    // …and one that puts them in the path: the access log must not write them out.
    await (await call(`/workflows/${a.token}`, { headers: bearer(a.token) })).text();
    await (await call(`/workflows/${b.token}/stream`)).text();
    await (await call(`/documents/${encodeURIComponent(keys.alice)}`, { headers: bearer(keys.alice) })).text();
    await (await call(`/cases/${keys.bob}`, { headers: bearer(keys.bob) })).text();
    await server.stop();

    const output = server.output();
    assert.match(output, /POST \/api\/v1\/workflows 201/, 'the server did log its requests');
    const secrets: Record<string, string> = {
      'applicant A token': a.token,
      'applicant B token': b.token,
      'alice key': keys.alice,
      'bob key': keys.bob,
      'A token hash': sha256(a.token),
      'B token hash': sha256(b.token),
      'alice key hash': sha256(keys.alice),
      ...Object.fromEntries(nearMiss.map((credential, i) => [`near-miss credential ${i}`, credential])),
    };
    const found = Object.entries(secrets).filter(([, secret]) => output.includes(secret)).map(([name]) => name);
    assert.deepEqual(found, [], 'secrets in the server output');
    assert.doesNotMatch(output, /Bearer|authorization/i);
    assert.match(output, /GET \/api\/v1\/workflows\/\[credential\] 403/, 'the token in the path was redacted, the request still logged');
  });
});

describe('the demo reviewer key', () => {
  test('printed once, at start, only when the server made it; never again while used', async () => {
    const server = await childBff({ KYC_DATA_DIR: await tempDir(), KYC_REVIEWERS: '', KYC_RATE_LIMIT: 'off' });
    try {
      const key = /made reviewer "demo" with key (\S+)/.exec(await waitFor(server, /made reviewer "demo"/))?.[1];
      assert.ok(key && key.length >= 16);
      const flow = await applicantUntil(server.call, 'submitted');
      await claimAndDecide(server.call, key, flow.id, { outcome: 'reject', reason: 'The photo is of a cat' });
      await (await server.call('/cases', { headers: bearer(`${key}nope`) })).text();
      await server.stop();
      assert.equal(server.output().split(key).length - 1, 1, 'the demo key appears exactly once');
      assert.equal(server.output().includes(flow.token), false);
    } finally {
      await server.stop();
    }
  });
});

async function waitFor(server: ChildBff, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !pattern.test(server.output()); i++) await new Promise((r) => setTimeout(r, 20));
  return server.output();
}

/** A request from a chosen loopback address (Linux routes all of 127/8 to lo). */
function fromAddress(url: string, localAddress: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest(`${url}${API}${path}`, { localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('rate limits (real socket, one client address)', () => {
  // Each test its own server, so one test's lockout is not the next one's.
  let bff: SocketBff;
  beforeEach(async () => (bff = await socketBff({ rateLimit: true })));
  afterEach(() => bff.close());

  test(`failed authentication: failure number ${DEFAULT_LIMITS['auth-failure'].max + 1} in a minute is 429 with Retry-After; another address is unaffected; X-Forwarded-For changes nothing`, async () => {
    const flow = await applicantUntil(inProcess(bff.app), 'selection'); // set up outside the socket's bucket
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS['auth-failure'].max; i++) {
      const res = await bff.call(`/workflows/${flow.id}`, { headers: { ...bearer(`wrong-token-${i}-padding-padding`), 'x-forwarded-for': `10.0.0.${i}` } });
      statuses.push(res.status);
      await res.text();
    }
    assert.deepEqual(new Set(statuses), new Set([401]));
    const limited = await bff.call(`/workflows/${flow.id}`, { headers: bearer('wrong-token-again-padding') });
    assert.equal(limited.status, 429);
    const problem = await problemOf(limited);
    assert.equal(problem.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers.get('retry-after')}`);
    // The block is per address: the right token from the same address waits too (by design)…
    const sameAddress = await bff.call(`/workflows/${flow.id}`, { headers: bearer(flow.token) });
    assert.equal(sameAddress.status, 429);
    await sameAddress.text();
    // …while another address is served.
    assert.equal((await fromAddress(bff.url, '127.0.0.2', `/workflows/${flow.id}`, bearer(flow.token))).status, 200);
  });

  test(`mass creation: workflow number ${DEFAULT_LIMITS['workflow-create'].max + 1} in 10 minutes from one address is 429 with Retry-After`, async () => {
    const created: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS['workflow-create'].max; i++) created.push((await postJson(bff.url, '127.0.0.4', '/workflows', {})).status);
    assert.deepEqual(new Set(created), new Set([201]));
    const limited = await postJson(bff.url, '127.0.0.4', '/workflows', {});
    assert.equal(limited.status, 429);
    assert.equal(limited.type, 'application/problem+json');
    const retryAfter = Number(limited.retryAfter);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 600, `Retry-After ${limited.retryAfter}`);
  });

  test('a real applicant and a real reviewer never meet a limit: a whole flow with polling, retries, stream reconnects, and 21 decisions', async () => {
    const seen: number[] = [];
    const call: Fetcher = async (path, init) => {
      const res = await bff.call(path, init);
      seen.push(res.status);
      return res;
    };
    const flow = await applicantUntil(call, 'photos_uploaded');
    for (let i = 0; i < 5; i++) {
      // Two tabs: one saves with a stale version (409), the client reloads and retries.
      await (await call(`/workflows/${flow.id}/snapshot`, jsonInit('PUT', { state: 'document_selection', context: { applicant: flow.applicant, uploads: {} }, version: flow.version - 1 }, flow.token))).text();
    }
    for (let i = 0; i < 10; i++) {
      const stream = await call(`/workflows/${flow.id}/stream`, { headers: bearer(flow.token) });
      await stream.body?.cancel();
    }
    await continueUntil(call, flow, 'submitted', {}, 'photos_uploaded');
    for (let i = 0; i < 60; i++) await (await call(`/workflows/${flow.id}`, { headers: bearer(flow.token) })).text();
    // A reviewer's morning: 20 more cases (made in-process: another address bucket, itself limited to 20), each opened, claimed, decided.
    const cases = await Promise.all(Array.from({ length: 20 }, () => applicantUntil(inProcess(bff.app), 'submitted')));
    for (const c of [flow, ...cases]) {
      await (await call('/cases?status=pending_review&limit=20', { headers: bearer(bff.keys.alice) })).text();
      await claimAndDecide(call, bff.keys.alice, c.id, { outcome: 'approve' });
    }
    assert.equal(seen.filter((s) => s === 429).length, 0);
    assert.ok(seen.length > 150, `${seen.length} requests`);
  });
});

function postJson(url: string, localAddress: string, path: string, body: unknown): Promise<{ status: number; retryAfter?: string; type?: string }> {
  const text = JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = httpRequest(`${url}${API}${path}`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, type: res.headers['content-type'] as string | undefined }));
    });
    req.on('error', fail);
    req.end(text);
  });
}

describe('the limiter’s window', () => {
  test('counts per address and name, refuses with a shrinking Retry-After, and opens again when the window ends', async () => {
    const limiter = new RateLimiter(true, { 'auth-failure': { max: 2, windowMs: 1500 }, 'workflow-create': { max: 1, windowMs: 60_000 } });
    const app = new Hono().get('/', (c) => {
      limiter.check(c, 'auth-failure');
      limiter.hit(c, 'auth-failure');
      return c.text('ok');
    });
    app.onError(onError(() => {}));
    assert.equal((await app.request('/')).status, 200);
    assert.equal((await app.request('/')).status, 200);
    const first = await app.request('/');
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '2');
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal((await app.request('/')).status, 200, 'the window ended');
  });
});
