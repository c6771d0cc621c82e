/**
 * Fuzzing every route with malformed requests (seeded: the seed is printed;
 * replay with KYC_FUZZ_SEED=<seed>). Pass: no 5xx, every error answer is
 * problem+json with its own status and no stack trace, no mutating request
 * succeeds, and the data directory's digest is the same before and after.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { childBff, digestDir, inProcessBff, reviewerKeys, tempDir, type ChildBff, type InProcessBff } from './support/fixture.js';
import { fuzzCase, type FuzzCase, type FuzzTarget } from './support/fuzz.js';
import { API, applicantUntil, jsonInit, type Applying, type Fetcher } from './support/flow.js';
import { jpeg } from './support/images.js';
import { fuzzSeed, Random } from './support/random.js';

const IN_PROCESS_REQUESTS = 2400;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function target(call: Fetcher, reviewerKey: string): Promise<FuzzTarget> {
  const a = await applicantUntil(call, 'photos_uploaded');
  const b = await applicantUntil(call, 'details');
  const s = await applicantUntil(call, 'submitted');
  return {
    a: { id: a.id, token: a.token, version: a.version, front: a.uploads['id_card/front'], back: a.uploads['id_card/back'] },
    b: { id: b.id, token: b.token, version: b.version },
    s: { id: s.id, token: s.token, version: s.version, documents: Object.values(s.uploads) },
    reviewerKey,
  };
}

/** Checks one answer; returns what is wrong with it, or undefined. */
async function judge(fuzz: FuzzCase, res: Response): Promise<string | undefined> {
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return res.status === 200 && fuzz.method === 'GET' ? undefined : `stream answered ${res.status}`;
  }
  const text = fuzz.method === 'HEAD' ? '' : await res.text();
  if (res.status >= 500) return `${res.status}: ${text.slice(0, 200)}`;
  if (res.status < 400) return SAFE_METHODS.has(fuzz.method) ? undefined : `a mutating request succeeded (${res.status}): ${text.slice(0, 200)}`;
  if (!type.startsWith('application/problem+json')) return `${res.status} with content-type "${type}"`;
  if (fuzz.method === 'HEAD') return undefined;
  let problem: { status?: unknown; title?: unknown; type?: unknown };
  try {
    problem = JSON.parse(text);
  } catch {
    return `${res.status} problem is not JSON: ${text.slice(0, 120)}`;
  }
  if (problem.status !== res.status || typeof problem.title !== 'string' || typeof problem.type !== 'string') return `malformed problem: ${text.slice(0, 200)}`;
  if (/\n\s+at |node_modules|file:\/\//.test(text)) return `problem echoes a stack: ${text.slice(0, 200)}`;
  return undefined;
}

describe('fuzzing every route', () => {
  const seed = fuzzSeed();
  let bff: InProcessBff;
  let t: FuzzTarget;
  let digestBefore: string;

  before(async () => {
    bff = await inProcessBff();
    t = await target(bff.call, bff.keys.alice);
    digestBefore = await digestDir(bff.dataDir);
  });
  after(() => bff.close());

  test(`${IN_PROCESS_REQUESTS} malformed requests in-process: no 5xx, problem+json, data unchanged`, async (ctx) => {
    ctx.diagnostic(`fuzz seed ${seed} (replay: KYC_FUZZ_SEED=${seed})`);
    console.log(`# fuzz seed ${seed} (replay with KYC_FUZZ_SEED=${seed})`);
    const random = new Random(seed);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const routes = new Map<string, number>();
    let sent = 0;
    // Eight in flight at a time: concurrency is part of the abuse.
    const worker = async () => {
      while (sent < IN_PROCESS_REQUESTS) {
        const n = sent++;
        const fuzz = fuzzCase(t, random);
        let res: Response;
        try {
          res = await bff.app.request(fuzz.path, { method: fuzz.method, headers: fuzz.headers, body: fuzz.body as BodyInit | undefined });
        } catch (error) {
          failures.push(`#${n} ${fuzz.label}: the app threw ${(error as Error).message}`);
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const route = fuzz.label.replace(/ \[.*$/, '').replace(/\/(?!api|v1|workflows|cases|documents|definitions|health|stream|snapshot|events|assignment|decision)[^/? ]+/g, '/:x').replace(/\?.*$/, '');
        routes.set(route, (routes.get(route) ?? 0) + 1);
        const wrong = await judge(fuzz, res);
        if (wrong) failures.push(`#${n} ${fuzz.label}: ${wrong}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    ctx.diagnostic(`statuses: ${summary}`);
    ctx.diagnostic(`routes: ${[...routes].sort().map(([r, n]) => `${r} ${n}`).join('; ')}`);
    console.log(`# fuzz statuses (${sent} requests): ${summary}`);
    assert.equal(sent >= IN_PROCESS_REQUESTS, true);
    assert.deepEqual(failures.slice(0, 15), [], `seed ${seed}: ${failures.length} bad answers`);
    assert.equal(await digestDir(bff.dataDir), digestBefore, `seed ${seed}: the data directory changed`);
    assert.deepEqual(bff.logs.filter((line) => /unhandled error/.test(line)), []);
  });

  test('after the fuzz the target workflows still work', async () => {
    // A valid request now succeeds: the fuzz refused by rule, not because the app broke.
    const res = await bff.call(`/workflows/${t.a.id}`, { headers: { authorization: `Bearer ${t.a.token}` } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).version, t.a.version);
  });
});

/** One raw HTTP/1.1 exchange; resolves with whatever came back before the server closed or `ms` passed. */
function raw(port: number, chunks: (string | Uint8Array)[], options: { end?: 'end' | 'destroy' | 'keep'; ms?: number } = {}): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      done(answer);
    };
    const timer = setTimeout(finish, options.ms ?? 1500);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.end === 'destroy') setTimeout(() => socket.destroy(), 50);
      else if (options.end !== 'keep') socket.end();
    });
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

describe('malformed requests over a real socket (the server process)', () => {
  let server: ChildBff;
  let dataDir: string;
  let port: number;
  let a: Applying;
  let digestBefore: string;
  const keys = reviewerKeys();

  before(async () => {
    dataDir = await tempDir();
    server = await childBff({ KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${keys.alice}`, KYC_RATE_LIMIT: 'off' });
    port = Number(new URL(server.url).port);
    a = await applicantUntil(server.call, 'selection');
    digestBefore = await digestDir(dataDir);
  });
  after(async () => {
    await server?.stop();
  });

  test('truncated bodies, broken framing and oversized heads: 4xx or a closed connection, never 5xx, data unchanged', async (ctx) => {
    const host = `Host: 127.0.0.1:${port}\r\n`;
    const auth = `Authorization: Bearer ${a.token}\r\n`;
    const snapshot = JSON.stringify({ state: 'document_selection', context: { uploads: {} }, version: a.version });
    const boundary = 'kycboundary';
    const upload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nid_card\r\n--${boundary}\r\nContent-Disposition: form-data; name="side"\r\n\r\nfront\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      Buffer.from(jpeg()),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const cases: { label: string; chunks: (string | Uint8Array)[]; end?: 'end' | 'destroy' | 'keep'; expect: (status: number) => boolean }[] = [];
    // A JSON body cut short of its Content-Length, then the client half-closes or vanishes.
    for (const cut of [1, 10, snapshot.length - 1])
      for (const end of ['end', 'destroy'] as const)
        cases.push({
          label: `snapshot cut at ${cut}/${snapshot.length} then ${end}`,
          chunks: [`PUT ${API}/workflows/${a.id}/snapshot HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nContent-Length: ${snapshot.length}\r\n\r\n`, snapshot.slice(0, cut)],
          end,
          expect: (s) => s === 0 || (s >= 400 && s < 500),
        });
    // A complete upload request whose multipart body is cut (Content-Length says more).
    for (const cut of [20, 200, upload.length - 10])
      for (const end of ['end', 'destroy'] as const)
        cases.push({
          label: `upload cut at ${cut}/${upload.length} then ${end}`,
          chunks: [`POST ${API}/workflows/${a.id}/documents HTTP/1.1\r\n${host}${auth}Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${upload.length}\r\n\r\n`, upload.subarray(0, cut)],
          end,
          expect: (s) => s === 0 || (s >= 400 && s < 500),
        });
    // Multipart cut inside the body but framed correctly: the app sees a complete, malformed form.
    for (const cut of [30, 150, upload.length - 30]) {
      const body = upload.subarray(0, cut);
      cases.push({
        label: `upload with a truncated multipart body (${cut} bytes, framed)`,
        chunks: [`POST ${API}/workflows/${a.id}/documents HTTP/1.1\r\n${host}${auth}Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`, body],
        expect: (s) => s >= 400 && s < 500,
      });
    }
    // Chunked bodies that end early or carry a broken chunk size.
    cases.push({
      label: 'chunked snapshot, last chunk missing',
      chunks: [`PUT ${API}/workflows/${a.id}/snapshot HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"sta\r\n`],
      expect: (s) => s === 0 || (s >= 400 && s < 500),
    });
    cases.push({
      label: 'chunked snapshot, bad chunk size',
      chunks: [`PUT ${API}/workflows/${a.id}/snapshot HTTP/1.1\r\n${host}${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`],
      expect: (s) => s === 0 || (s >= 400 && s < 500),
    });
    cases.push({
      label: 'Content-Length and Transfer-Encoding together (smuggling)',
      chunks: [`POST ${API}/workflows HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`],
      expect: (s) => s === 0 || (s >= 400 && s < 500),
    });
    cases.push({
      label: 'upload declaring 50 MB, nothing sent',
      chunks: [`POST ${API}/workflows/${a.id}/documents HTTP/1.1\r\n${host}${auth}Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`],
      end: 'keep',
      expect: (s) => s === 413,
    });
    cases.push({
      label: 'a 5,000-character id on the wire',
      chunks: [`GET ${API}/workflows/${'x'.repeat(5000)} HTTP/1.1\r\n${host}${auth}Connection: close\r\n\r\n`],
      expect: (s) => s === 403,
    });
    cases.push({
      label: 'raw ../ in the request target',
      chunks: [`GET ${API}/documents/../../../package.json HTTP/1.1\r\n${host}${auth}Connection: close\r\n\r\n`],
      expect: (s) => s >= 400 && s < 500,
    });
    cases.push({
      label: 'a 64 KB header',
      chunks: [`GET ${API}/health HTTP/1.1\r\n${host}X-Junk: ${'j'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`],
      expect: (s) => s === 0 || (s >= 400 && s < 500),
    });
    cases.push({ label: 'garbage request line', chunks: ['\u0000\u0001GARBAGE / HTTP/9.9\r\n\r\n'], expect: (s) => s === 0 || (s >= 400 && s < 500) });

    const failures: string[] = [];
    for (const c of cases) {
      const answer = await raw(port, c.chunks, { end: c.end });
      const status = statusOf(answer);
      ctx.diagnostic(`${c.label}: ${status || 'closed'}`);
      if (!c.expect(status)) failures.push(`${c.label}: got ${status || 'no answer'} ${answer.slice(0, 160)}`);
      if (status >= 400 && status < 500 && /\r\ncontent-type: application\/problem\+json/i.test(answer) === false && /\r\n\r\n\S/.test(answer))
        failures.push(`${c.label}: ${status} with a body that is not problem+json`);
    }
    assert.deepEqual(failures, []);
    // Still serving, and nothing stored changed.
    const health = await server.call('/health');
    assert.equal(health.status, 200);
    const still = await server.call(`/workflows/${a.id}`, { headers: { authorization: `Bearer ${a.token}` } });
    assert.equal((await still.json()).version, a.version);
    assert.equal(await digestDir(dataDir), digestBefore);
    assert.deepEqual(server.output().split('\n').filter((line) => /unhandled error| 5\d\d /.test(line)), []);
  });

  test('a valid request still goes through afterwards', async () => {
    const res = await server.call(`/workflows/${a.id}/snapshot`, jsonInit('PUT', { state: 'document_selection', context: { applicant: a.applicant, uploads: {} }, version: a.version }, a.token));
    assert.equal(res.status, 200);
  });
});
