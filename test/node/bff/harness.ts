/**
 * Test harness for the BFF: each test builds its own app and stores over its
 * own temporary KYC_DATA_DIR (removed after the test) or, with
 * KYC_TEST_STORE=postgres, its own fresh PostgreSQL database (one set of
 * tests, both stores: `npm run test:pg` runs the suite that way), talks to it
 * in-process through `app.request()` or over a real loopback port, and
 * drives applicants through the contract's routes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';
import assert from 'node:assert/strict';
import { createApp } from '../../../bff/app.js';
import { loadConfig, type Config } from '../../../bff/config.js';
import { startServer } from '../../../bff/server.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { PgBlobStore } from '../../../bff/store/pg/blob-store.js';
import { PgWorkflowStore } from '../../../bff/store/pg/workflow-store.js';
import type { BlobStore, WorkflowStore } from '../../../bff/store/types.js';
import { freshDatabase, testStore } from '../pg/shared-cluster.js';
import type { Applicant } from '../../../components/workflow/index.js';
import { png } from './images.js';

export const ALICE_KEY = 'alice-key-0123456789abcdef';
export const BOB_KEY = 'bob-key-0123456789abcdef-b';
/** Uploads above this many bytes are refused in tests (KYC_MAX_UPLOAD_BYTES). */
export const MAX_UPLOAD = 8192;

export const ada: Applicant = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' };

export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kyc-bff-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KYC_DATA_DIR: dataDir,
    KYC_REVIEWERS: `alice:${ALICE_KEY},bob:${BOB_KEY}`,
    KYC_RATE_LIMIT: 'off',
    KYC_MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    PORT: '0',
    ...extra,
  };
}

type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

export interface CallOptions {
  token?: string;
  json?: unknown;
  /** A raw body (sent as is, with `headers` saying what it is). */
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  res: Response;
}

/** The API under /api/v1, over whichever transport. */
export class Api {
  constructor(private readonly fetcher: Fetcher) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    return this.fetcher(`/api/v1${path}`, { method, headers, body });
  }

  /** Calls and reads the body (JSON or problem+json; text otherwise). */
  async send<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const res = await this.call(method, path, options);
    const text = await res.text();
    let body: any = text;
    if (/json/.test(res.headers.get('content-type') ?? '')) body = JSON.parse(text);
    return { status: res.status, body, res };
  }

  /** multipart/form-data upload: `file`, `type` and (unless omitted) `side`. */
  upload(id: string, token: string, fields: { type: string; side?: string }, bytes: Uint8Array<ArrayBuffer> = png(), mime = 'image/png') {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type: mime }), 'photo.bin');
    form.set('type', fields.type);
    if (fields.side !== undefined) form.set('side', fields.side);
    return this.send('POST', `/workflows/${id}/documents`, { token, body: form });
  }
}

/** Asserts an RFC 9457 problem with this status, and returns its body. */
export function assertProblem(answer: Answer, status: number, message?: string): any {
  assert.equal(answer.status, status, `${message ?? 'status'}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  assert.match(answer.res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.status, status);
  assert.equal(typeof answer.body.title, 'string');
  assert.equal(typeof answer.body.detail, 'string');
  assert.equal(typeof answer.body.type, 'string');
  assert.doesNotMatch(JSON.stringify(answer.body), /\bat .+\.(ts|js):\d+/, 'no stack trace');
  return answer.body;
}

export { testStore };

/** Test data dir → the database that holds what would be in it (PostgreSQL runs). */
const databases = new Map<string, string>();

/** Env for a server on the store under test: a fresh database when it is PostgreSQL. */
async function storeEnv(dataDir: string, env: Record<string, string>): Promise<Record<string, string>> {
  if (testStore !== 'postgres' || env.KYC_DATABASE_URL) return env;
  const url = await freshDatabase();
  databases.set(dataDir, url);
  return { KYC_DATABASE_URL: url, ...env };
}

async function inDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The workflow record as stored (its file, or its row with its history). */
export async function storedRecord(dataDir: string, id: string): Promise<any> {
  const url = databases.get(dataDir);
  if (!url) return JSON.parse(await readFile(join(dataDir, 'workflows', id.slice(0, 2), `${id}.json`), 'utf8'));
  return inDatabase(url, async (client) => {
    const { rows } = await client.query(
      `SELECT record, (SELECT json_agg(entry ORDER BY seq) FROM history WHERE workflow_id = id) AS history FROM workflows WHERE id = $1`,
      [id],
    );
    return rows[0] && { ...rows[0].record, history: rows[0].history };
  });
}

/** An image's stored bytes. */
export async function storedBlob(dataDir: string, sha256: string): Promise<Buffer> {
  const url = databases.get(dataDir);
  if (!url) return readFile(join(dataDir, 'blobs', sha256.slice(0, 2), sha256));
  return inDatabase(url, async (client) => (await client.query('SELECT bytes FROM blobs WHERE sha256 = $1', [sha256])).rows[0]?.bytes);
}

export interface Bff {
  api: Api;
  app: ReturnType<typeof createApp>['app'];
  store: WorkflowStore;
  config: Config;
  dataDir: string;
  logs: string[];
}

/** A fresh app and stores over a fresh data dir, used in-process. */
export async function makeBff(t: TestContext, env: Record<string, string> = {}): Promise<Bff> {
  const dataDir = await tempDir(t);
  const config = loadConfig(testEnv(dataDir, await storeEnv(dataDir, env)));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  let store: WorkflowStore;
  let blobs: BlobStore;
  if (config.databaseUrl) {
    const pgStore = await PgWorkflowStore.open({ url: config.databaseUrl, log, max: 5 });
    store = pgStore;
    blobs = new PgBlobStore(pgStore.pool);
  } else {
    store = await FileWorkflowStore.open(dataDir, log);
    blobs = await FileBlobStore.open(dataDir);
  }
  const { app } = createApp({ config, store, blobs, log });
  t.after(() => store.close());
  const api = new Api((path, init) => Promise.resolve(app.request(path, init)));
  return { api, app, store, config, dataDir, logs };
}

export interface Served {
  api: Api;
  url: string;
  dataDir: string;
  logs: string[];
  close(): Promise<void>;
}

/** The real server (`startServer`, PORT 0) on a loopback port; its log lines are captured. */
export async function serveBff(t: TestContext, env: Record<string, string> = {}): Promise<Served> {
  const dataDir = await tempDir(t);
  const logs: string[] = [];
  const server = await startServer(loadConfig(testEnv(dataDir, await storeEnv(dataDir, env))), undefined, (line) => void logs.push(line));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
  };
  t.after(close);
  const api = new Api((path, init) => fetch(`${server.url}${path}`, init));
  return { api, url: server.url, dataDir, logs, close };
}

/**
 * A digest of every file (path and bytes) under `dir`: equal digests, nothing changed.
 * For a PostgreSQL run's data dir, a digest of every row its database stores.
 */
export async function digestDir(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const url = databases.get(dir);
  if (url)
    return inDatabase(url, async (client) => {
      for (const table of ['workflows', 'history', 'documents', 'blobs']) {
        const { rows } = await client.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
        for (const row of rows) hash.update(`${table} ${row.row}\n`);
      }
      return hash.digest('hex');
    });
  const walk = async (at: string): Promise<void> => {
    for (const name of (await readdir(at)).sort()) {
      const path = join(at, name);
      if ((await stat(path)).isDirectory()) {
        hash.update(`dir ${relative(dir, path)}\n`);
        await walk(path);
      } else {
        hash.update(`file ${relative(dir, path)}\n`);
        hash.update(await readFile(path));
      }
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

/** Every file under `dir`, relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const name of await readdir(at)) {
      const path = join(at, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else out.push(relative(dir, path));
    }
  };
  await walk(dir);
  return out.sort();
}

/** A date of birth `years` years (and `days` days) before today, UTC. */
export function yearsAgo(years: number, days = 0): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - days));
  return date.toISOString().slice(0, 10);
}

/** One applicant's workflow, driven through the applicant routes. */
export class Journey {
  version: number;
  uploads: Record<string, string> = {};

  private constructor(
    readonly api: Api,
    readonly id: string,
    readonly token: string,
    version: number,
  ) {
    this.version = version;
  }

  static async start(api: Api): Promise<Journey> {
    const created = await api.send('POST', '/workflows', { json: {} });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return new Journey(api, created.body.id, created.body.token, created.body.version);
  }

  /** A workflow someone else started (a redeemed start code or hand-off: `{id, token, version}`). */
  static resume(api: Api, opened: { id: string; token: string; version: number }): Journey {
    return new Journey(api, opened.id, opened.token, opened.version);
  }

  /** Keeps `version` current from a 2xx answer. */
  private track(answer: Answer): Answer {
    if (answer.status < 300 && typeof answer.body?.version === 'number') this.version = answer.body.version;
    return answer;
  }

  async put(state: string, context: Record<string, unknown>, version = this.version): Promise<Answer> {
    return this.track(await this.api.send('PUT', `/workflows/${this.id}/snapshot`, { token: this.token, json: { state, context, version } }));
  }

  async event(body: Record<string, unknown>, version = this.version): Promise<Answer> {
    return this.track(await this.api.send('POST', `/workflows/${this.id}/events`, { token: this.token, json: { ...body, version } }));
  }

  async upload(type: string, side?: string, bytes: Uint8Array<ArrayBuffer> = png(4, 3, { seed: Math.floor(Math.random() * 1e9) }), mime = 'image/png'): Promise<Answer> {
    return this.track(await this.api.upload(this.id, this.token, { type, side }, bytes, mime));
  }

  async view(): Promise<Answer> {
    return this.api.send('GET', `/workflows/${this.id}`, { token: this.token });
  }

  /** The context as the stored workflow holds it, in the shape a PUT carries. */
  async storedContext(): Promise<Record<string, unknown>> {
    const { body } = await this.view();
    const { review: _review, ...context } = body.context;
    return context;
  }

  /** welcome → personal_details → document_selection. */
  async details(applicant: Applicant = ada): Promise<void> {
    assert.equal((await this.put('personal_details', {})).status, 200);
    const moved = await this.put('document_selection', { applicant });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }

  /** Uploads every side of `type`, then PHOTOS_SUBMITTED (→ document_review). */
  async photos(type: 'id_card' | 'passport' | 'drivers_license' | 'residence_permit' = 'id_card'): Promise<void> {
    const sides = type === 'passport' ? ['front'] : ['front', 'back'];
    const uploads: Record<string, string> = {};
    for (const side of sides) {
      const answer = await this.upload(type, side);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      uploads[`${type}/${side}`] = answer.body.id;
    }
    const submitted = await this.event({ type: 'PHOTOS_SUBMITTED', documentType: type, uploads });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    Object.assign(this.uploads, uploads);
  }

  /** Selfie upload and `final` (submits the case). */
  async finish(): Promise<void> {
    const selfie = await this.upload('selfie');
    assert.equal(selfie.status, 201, JSON.stringify(selfie.body));
    this.uploads.selfie = selfie.body.id;
    const context = await this.storedContext();
    const final = await this.put('final', { ...context, uploads: { ...(context.uploads as object), selfie: selfie.body.id } });
    assert.equal(final.status, 200, JSON.stringify(final.body));
  }

  /** The whole applicant journey up to a submitted case. */
  static async submitted(api: Api, applicant: Applicant = ada, type: Parameters<Journey['photos']>[0] = 'id_card'): Promise<Journey> {
    const journey = await Journey.start(api);
    await journey.details(applicant);
    await journey.photos(type);
    await journey.finish();
    return journey;
  }
}

/** Server-sent events read over a real socket with fetch (the credential in a header). */
export class SseReader {
  private readonly controller = new AbortController();
  private readonly events: { event: string; data: any }[] = [];
  private waiters: (() => void)[] = [];
  private connected!: () => void;
  /** Resolves once the server's first comment (": connected") arrived: the subscription is live. */
  readonly ready = new Promise<void>((resolve) => (this.connected = resolve));
  status = 0;
  contentType = '';
  /** Resolves when the server ends the stream (or it is closed here). */
  readonly ended: Promise<void>;

  constructor(url: string, token: string) {
    this.ended = this.run(url, token);
  }

  private async run(url: string, token: string) {
    try {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: this.controller.signal });
      this.status = res.status;
      this.contentType = res.headers.get('content-type') ?? '';
      if (!res.ok || !res.body) return this.connected();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) {
            this.connected();
            continue;
          }
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          this.events.push({ event, data: JSON.parse(data.join('\n')) });
          for (const wake of this.waiters.splice(0)) wake();
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  }

  /** The first event named `event` matching `where`, waiting for it if need be. */
  async next(event: string, where: (data: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event && where(e.data));
      if (found) return found.data;
      if (Date.now() > deadline) throw new Error(`no ${event} event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(', ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  names(): string[] {
    return this.events.map((e) => e.event);
  }

  close(): void {
    this.controller.abort();
  }
}
