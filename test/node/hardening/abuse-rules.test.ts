/**
 * Issue 17's other weaknesses (3, 4, 7, 8, 9, 10, the Bearer scheme, source
 * maps, EMFILE) and issue 14's oversized uploads and trusted proxies, each
 * sent the way an attacker or a common client sends it.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import * as v from 'valibot';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { clientAddress, trustedProxyList } from '../../../bff/rate-limit.js';
import { startServer } from '../../../bff/server.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { ApplicantSchema } from '../../../components/workflow/index.js';
import { ada, ALICE_KEY, Api, assertProblem, Journey, makeBff, serveBff, tempDir, testEnv, type Served } from '../bff/harness.js';
import { png } from '../bff/images.js';

async function inProcess(t: TestContext, env: Record<string, string> = {}) {
  const dataDir = await tempDir(t);
  const store = await FileWorkflowStore.open(dataDir);
  const blobs = await FileBlobStore.open(dataDir);
  const logs: string[] = [];
  const { app, deps } = createApp({ config: loadConfig(testEnv(dataDir, env)), store, blobs, log: (line) => logs.push(line) });
  t.after(async () => {
    for (const close of deps.streams) close();
    await store.close();
  });
  return { app, deps, logs, api: new Api((path, init) => Promise.resolve(app.request(path, init))) };
}

/** Raw bytes on a new socket; everything the server wrote before it closed or `ms` passed. */
function raw(served: Served, text: string, ms = 3000): Promise<string> {
  const { hostname, port } = new URL(served.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let out = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => (out += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
  });
}

describe('3: hand-off codes', () => {
  test('refused (409) once the case is submitted, and the version reviewers decide against stays', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const before = (await journey.view()).body.version;
    for (let i = 0; i < 3; i++) assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} }), 409);
    assert.equal((await journey.view()).body.version, before);
    const decided = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version: before } });
    assert.ok(decided.status === 200 || decided.status === 201, JSON.stringify(decided.body));
  });

  test('at most KYC_HANDOFFS_PER_10_MIN per workflow (429 with Retry-After), and a history bound per actor', async (t) => {
    const { api } = await makeBff(t, { KYC_HANDOFFS_PER_10_MIN: '3', KYC_MAX_HISTORY_PER_ACTOR: '8' });
    const journey = await Journey.start(api);
    for (let i = 0; i < 3; i++) assert.equal((await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} })).status, 201);
    const refused = assertProblem(await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} }), 429);
    assert.match(refused.detail, /At most 3 hand-off links/);
    // 3 hand-offs so far; PUTs of the same state would add one entry each, without end.
    journey.version = (await journey.view()).body.version;
    let status = 200;
    for (let i = 0; i < 10 && status === 200; i++) status = (await journey.put('personal_details', {})).status;
    assert.equal(status, 429, 'the 9th entry by the applicant is refused');
    const history = (await journey.view()).body;
    assert.ok(history.version <= 10);
  });
});

describe('4: a stream that stops reading', () => {
  test('is ended once its backlog passes KYC_STREAM_BACKLOG_BYTES, and holds no more than that', async (t) => {
    const { app, deps, api } = await inProcess(t, { KYC_STREAM_BACKLOG_BYTES: String(64 * 1024) });
    const journey = await Journey.start(api);
    const res = await app.request(`/api/v1/workflows/${journey.id}/stream`, { headers: { Authorization: `Bearer ${journey.token}` } });
    assert.equal(res.status, 200);
    // Never read: every event stays queued in the server unless it bounds them.
    const big = { filler: 'x'.repeat(10_000) };
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 5_000; i++) deps.bus.publish(`workflow:${journey.id}`, { event: 'workflow.updated', data: big });
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    await new Promise((resolve) => setImmediate(resolve));
    t.diagnostic(`heap +${(heapGrowth / 1048576).toFixed(1)} MB after 5,000 events of 10 KB`);
    assert.equal(deps.streams.size, 0, 'the stream was ended');
    assert.ok(heapGrowth < 20 * 1024 * 1024, `heap grew ${(heapGrowth / 1048576).toFixed(1)} MB (50 MB of events were published)`);
    await res.body?.cancel().catch(() => {});
  });
});

describe('7: what uploads may fill', () => {
  test('none before the document choice; past the photo step only the chosen document and the selfie; a byte quota per workflow', async (t) => {
    const { api } = await makeBff(t, { KYC_WORKFLOW_QUOTA_BYTES: '3000' });
    const journey = await Journey.start(api);
    assertProblem(await journey.upload('id_card', 'front'), 422, 'in welcome');
    await journey.details();
    await journey.photos('passport');
    assertProblem(await journey.upload('id_card', 'front'), 422, 'not an item of passport');
    assert.equal((await journey.upload('selfie')).status, 201);
    let status = 201;
    for (let i = 0; i < 40 && status === 201; i++) status = (await journey.upload('passport', 'front', png(24, 24, { noise: true, seed: i + 1 }))).status;
    assert.equal(status, 413, 'the quota ends it');
    const used = (await journey.view()).body.documents.reduce((sum: number, d: { size: number }) => sum + d.size, 0);
    assert.ok(used <= 3000, `${used} bytes stored`);
  });
});

describe('8: HEAD on a stream route', () => {
  test('eleven HEAD /cases/stream take no stream slot: the reviewer still opens a stream', async (t) => {
    const served = await serveBff(t);
    for (let i = 0; i < 11; i++) {
      const answer = await raw(served, `HEAD /api/v1/cases/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ALICE_KEY}\r\n\r\n`, 500);
      assert.match(answer, /^HTTP\/1\.1 200/);
    }
    const controller = new AbortController();
    const res = await fetch(`${served.url}/api/v1/cases/stream`, { headers: { Authorization: `Bearer ${ALICE_KEY}` }, signal: controller.signal });
    assert.equal(res.status, 200);
    controller.abort();
  });
});

describe('9: log lines', () => {
  test('a path with %0A, ESC and NUL cannot forge or colour a line', async (t) => {
    const served = await serveBff(t);
    await raw(served, 'GET /api/v1/nope%0Afake%20line%201%1B[31m%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const text = served.logs.join('\n');
    assert.match(text, /nope\\x0afake line 1\\x1b\[31m\\x00 404/);
    assert.ok(!served.logs.some((line) => /^fake/m.test(line) || /[\x00-\x1f]/.test(line)), served.logs.join(' | '));
  });
});

describe('10: names', () => {
  const person = (firstName: string, lastName = 'Okafor') => ({ firstName, lastName, dateOfBirth: '1990-01-01', country: 'GB' });
  test('refuses control, bidi-override and invisible characters and names without a letter', () => {
    for (const bad of ['\u200b', '\u0000', '\u001b[31mRed', 'Ada\nLovelace', 'A\rda', '\u202e', 'Report\u202Egnp.exe', '\u2066x\u2069', '---', '123', 'A\ufeffda', 'Zero\u200bWidth'])
      assert.equal(v.safeParse(ApplicantSchema, person(bad)).success, false, JSON.stringify(bad));
  });
  test('accepts real names from many scripts, normalised to NFC', () => {
    for (const good of ['محمد', 'عبد الله', '王小明', '李', 'देवनागरी', 'प्रिया', "O'Brien", 'Jean-Luc', 'Ñúñez', 'Nguyễn', 'Øyvind', 'Σωκράτης', 'Владимир', 'יוסף', 'たなか', '김민준', 'ʻOlelo', 'D’Angelo', 'Mary Ann', 'فاطمه\u200cزهرا'])
      assert.equal(v.safeParse(ApplicantSchema, person(good)).success, true, good);
    const decomposed = 'Nu\u0301n\u0303ez';
    const parsed = v.parse(ApplicantSchema, person(decomposed));
    assert.equal(parsed.firstName, 'Núñez'.normalize('NFC'));
  });
  test('through the API: a \\u202E last name is a 422', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.put('personal_details', {});
    assertProblem(await journey.put('document_selection', { applicant: { ...ada, lastName: 'Smith\u202Egnp.exe' } }), 422);
  });
});

describe('the Bearer scheme', () => {
  test('is case-insensitive (RFC 9110)', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    for (const scheme of ['bearer', 'BEARER', 'Bearer'])
      assert.equal((await api.send('GET', `/workflows/${journey.id}`, { headers: { Authorization: `${scheme} ${journey.token}` } })).status, 200, scheme);
  });
});

describe('EMFILE and ENFILE', () => {
  test('are a 503 with Retry-After, not a 500', async (t) => {
    const dataDir = await tempDir(t);
    const store = await FileWorkflowStore.open(dataDir);
    t.after(() => store.close());
    const { app } = createApp({ config: loadConfig(testEnv(dataDir)), store, blobs: await FileBlobStore.open(dataDir), log: () => {} });
    for (const code of ['EMFILE', 'ENFILE'])
      app.get(`/boom-${code}`, () => {
        throw Object.assign(new Error('too many open files'), { code });
      });
    for (const code of ['EMFILE', 'ENFILE']) {
      const res = await app.request(`/boom-${code}`);
      assert.equal(res.status, 503, code);
      assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    }
  });
});

describe('source maps under npm start', () => {
  test('are not served unless KYC_SOURCE_MAPS=on', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'elements'), { recursive: true });
    await writeFile(join(dir, 'elements', 'kyc-flow.js'), 'export {};\n//# sourceMappingURL=kyc-flow.js.map\n');
    await writeFile(join(dir, 'elements', 'kyc-flow.js.map'), '{"version":3,"sourcesContent":["secret source"]}');
    for (const [flag, status] of [['', 404], ['on', 200]] as const) {
      const dataDir = await tempDir(t);
      const server = await startServer(loadConfig(testEnv(dataDir, { KYC_STATIC_DIR: dir, KYC_SOURCE_MAPS: flag })), undefined, () => {});
      try {
        assert.equal((await fetch(`${server.url}/elements/kyc-flow.js.map`)).status, status, `KYC_SOURCE_MAPS=${flag}`);
        assert.equal((await fetch(`${server.url}/elements/kyc-flow.js`)).status, 200);
      } finally {
        await server.close();
      }
    }
  });
});

describe('oversized uploads (issue 14 § 4)', () => {
  test('Node’s fetch (undici) receives the 413 for 2 MB and 50 MB bodies against a 1 MB limit', async (t) => {
    const served = await serveBff(t, { KYC_MAX_UPLOAD_BYTES: String(1024 * 1024) });
    const journey = await Journey.start(served.api);
    await journey.details();
    for (const size of [2 * 1024 * 1024, 50 * 1024 * 1024]) {
      const form = new FormData();
      form.set('type', 'id_card');
      form.set('side', 'front');
      form.set('file', new Blob([new Uint8Array(size)], { type: 'image/png' }), 'big.png');
      const res = await fetch(`${served.url}/api/v1/workflows/${journey.id}/documents`, { method: 'POST', headers: { Authorization: `Bearer ${journey.token}` }, body: form });
      assert.equal(res.status, 413, `${size} bytes`);
      assert.match((await res.json()).detail, /at most 1048576 bytes/);
    }
    // Streamed without a declared length (chunked): the same 413.
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n'));
        if (sent >= 8 * 1024 * 1024) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(`${served.url}/api/v1/workflows/${journey.id}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${journey.token}`, 'Content-Type': 'multipart/form-data; boundary=b' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
  });
});

describe('behind a reverse proxy (issue 14 § 4)', () => {
  test('the right-most untrusted X-Forwarded-For address, only from a trusted peer', () => {
    const proxies = trustedProxyList(['10.0.0.0/8', '127.0.0.1', '::1']);
    assert.equal(clientAddress('127.0.0.1', '203.0.113.9, 10.1.2.3', proxies), '203.0.113.9');
    assert.equal(clientAddress('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.9', proxies), '203.0.113.9', 'the client wrote the left one');
    assert.equal(clientAddress('192.0.2.50', '203.0.113.9', proxies), '192.0.2.50', 'an untrusted peer: the header is ignored');
    assert.equal(clientAddress('127.0.0.1', 'not-an-ip', proxies), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', undefined, proxies), '127.0.0.1');
    assert.throws(() => trustedProxyList(['10.0.0.0/x']), /KYC_TRUSTED_PROXIES/);
  });

  const failures = async (served: Served, forwardedFor: (i: number) => string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++)
      statuses.push((await served.api.send('GET', '/cases', { headers: { Authorization: 'Bearer wrong-key-0123456789abc', 'X-Forwarded-For': forwardedFor(i) } })).status);
    return statuses;
  };

  test('from a trusted proxy, each client counts on its own', async (t) => {
    const served = await serveBff(t, { KYC_RATE_LIMIT: 'on', KYC_TRUSTED_PROXIES: '127.0.0.1,::1' });
    const first = await failures(served, () => '203.0.113.5', 31);
    assert.equal(first.at(-1), 429, 'the 31st failure from one client');
    assert.equal((await failures(served, () => '203.0.113.6', 1))[0], 401, 'another client behind the same proxy is not locked out');
  });

  test('from an untrusted peer, a spoofed header changes nothing', async (t) => {
    const served = await serveBff(t, { KYC_RATE_LIMIT: 'on', KYC_TRUSTED_PROXIES: '10.0.0.0/8' });
    const statuses = await failures(served, (i) => `198.51.100.${i}`, 31);
    assert.equal(statuses.at(-1), 429, 'a new X-Forwarded-For each time does not escape the limit');
  });
});

describe('7: abandoned workflows (KYC_ABANDONED_AFTER)', () => {
  test('an in-progress workflow unchanged for that long is removed at start, with a log line; submitted cases and recent work stay', async (t) => {
    const dataDir = await tempDir(t);
    const first = await startServer(loadConfig(testEnv(dataDir)), undefined, () => {});
    const api = new Api((path, init) => fetch(`${first.url}${path}`, init));
    const abandoned = await Journey.start(api);
    await abandoned.details();
    assert.equal((await abandoned.upload('id_card', 'front')).status, 201);
    const submitted = await Journey.submitted(api);
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 1200));

    const logs: string[] = [];
    const second = await startServer(loadConfig(testEnv(dataDir, { KYC_ABANDONED_AFTER: '1s' })), undefined, (line) => void logs.push(line));
    t.after(() => second.close());
    const again = new Api((path, init) => fetch(`${second.url}${path}`, init));
    const fresh = await Journey.start(again);
    for (let i = 0; i < 50 && !logs.some((line) => line.startsWith('expired')); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(logs.some((line) => line.startsWith(`expired abandoned workflow ${abandoned.id}: in progress (document_selection)`) && /1 image\(s\)/.test(line)), logs.join('\n'));
    assertProblem(await again.send('GET', `/workflows/${abandoned.id}`, { token: abandoned.token }), 401, 'its token opens nothing');
    assert.equal((await again.send('GET', `/workflows/${submitted.id}`, { token: submitted.token })).status, 200, 'a submitted case stays');
    assert.equal((await fresh.view()).status, 200, 'recent work stays');
  });

  test('the setting takes 30d, 12h, 90m, 45s or milliseconds, and refuses anything else', () => {
    assert.equal(loadConfig({}).abandonedAfterMs, 30 * 24 * 3600_000);
    assert.equal(loadConfig({ KYC_ABANDONED_AFTER: '12h' }).abandonedAfterMs, 12 * 3600_000);
    assert.equal(loadConfig({ KYC_ABANDONED_AFTER: '5000' }).abandonedAfterMs, 5000);
    assert.throws(() => loadConfig({ KYC_ABANDONED_AFTER: 'soon' }), /KYC_ABANDONED_AFTER/);
  });
});
