/**
 * Seeding without 100,000 HTTP calls. Templates come from the real BFF: one
 * workflow is walked through the API in-process (create, details, document,
 * uploads, PHOTOS_SUBMITTED, selfie, final, a decision) and the store's own
 * records are read back. Clones of those records (new ids, token hashes,
 * names, times) are then written straight into the store's layout, the way
 * `DurableJSONFile` writes them (`JSON.stringify` of the record), minus the
 * fsyncs: a seed nobody acknowledged needs no durability. The BFF started
 * on the directory afterwards is the check that the layout is right.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createApp } from '../bff/app.js';
import { hashToken, newToken } from '../bff/auth.js';
import { loadConfig } from '../bff/config.js';
import { FileBlobStore } from '../bff/store/blob-store.js';
import { FileWorkflowStore } from '../bff/store/file-store.js';
import type { WorkflowRecord } from '../bff/store/types.js';
import { applicantContextOf, type ApplicantContext } from '../components/workflow/index.js';

/** Markers that survive the API's validation and occur nowhere else in a record. */
const FIRST = 'Firstnamemarker';
const LAST = 'Lastnamemarker';

export interface Templates {
  /** In progress, resting in `document_review` (persisted): what the write bench re-stores. */
  inProgress: WorkflowRecord;
  /** Submitted, waiting in the queue. */
  pending: WorkflowRecord;
  /** Submitted and approved. */
  approved: WorkflowRecord;
}

/** A small valid PNG (the BFF checks bytes, dimensions and the end of the file). */
export function tinyPng(width = 16, height = 16): Uint8Array<ArrayBuffer> {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0; // filter: none
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png);
}

/** Walks one workflow through the real app (in-process) and returns the stored records. */
export async function makeTemplates(): Promise<Templates> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kyc-bench-template-'));
  const reviewerKey = randomBytes(24).toString('base64url');
  try {
    const config = loadConfig({ KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `bench:${reviewerKey}`, KYC_RATE_LIMIT: 'off' });
    const store = await FileWorkflowStore.open(dataDir);
    const blobs = await FileBlobStore.open(dataDir);
    const { app } = createApp({ config, store, blobs, log: () => {} });
    const call = async (method: string, path: string, token: string, body?: unknown, form?: FormData) => {
      const response = await app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: form ?? (body ? JSON.stringify(body) : undefined),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`template walk: ${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
      return json;
    };
    const walk = async (stopAt: 'document_review' | 'final') => {
      const response = await app.request('/api/v1/workflows', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const created = (await response.json()) as { id: string; token: string; version: number };
      const { id, token } = created;
      let version = created.version;
      const put = async (state: string, context: ApplicantContext) => {
        version = (await call('PUT', `/workflows/${id}/snapshot`, token, { state, context, version })).version as number;
      };
      const upload = async (type: string, side?: string) => {
        const form = new FormData();
        form.append('file', new Blob([tinyPng()], { type: 'image/png' }), 'photo.png');
        form.append('type', type);
        if (side) form.append('side', side);
        const document = await call('POST', `/workflows/${id}/documents`, token, undefined, form);
        version = document.version as number;
        return document.id as string;
      };
      const applicant = { firstName: FIRST, lastName: LAST, dateOfBirth: '1990-12-10', country: 'GB' };
      await put('personal_details', { uploads: {} });
      await put('document_selection', { applicant, uploads: {} });
      const uploads: Record<string, string> = { 'id_card/front': await upload('id_card', 'front'), 'id_card/back': await upload('id_card', 'back') };
      version = (
        await call('POST', `/workflows/${id}/events`, token, { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads, version })
      ).version as number;
      if (stopAt === 'final') {
        uploads.selfie = await upload('selfie');
        await put('final', { applicant, documentType: 'id_card', issuingCountry: 'GB', uploads });
      }
      return { id, version };
    };
    const inProgress = await walk('document_review');
    const pending = await walk('final');
    const approved = await walk('final');
    await call('POST', `/cases/${approved.id}/decision`, reviewerKey, { outcome: 'approve', version: approved.version });
    const read = async (id: string) => {
      const record = await store.get(id);
      if (!record) throw new Error(`template ${id} not stored`);
      return record;
    };
    const templates = { inProgress: await read(inProgress.id), pending: await read(pending.id), approved: await read(approved.id) };
    await store.close();
    return templates;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Katherine', 'Dennis', 'Hedy', 'Linus'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Backus', 'Hamilton', 'Wirth', 'Perlman', 'Berners-Lee', 'Johnson', 'Ritchie', 'Lamarr', 'Torvalds'];

/** A record as a JSON string with placeholders, cloned by string replacement (fast for 100,000). */
class Cloner {
  private readonly json: string;
  constructor(private readonly template: WorkflowRecord) {
    this.json = JSON.stringify(template);
    for (const marker of [template.id, template.tokenHash]) if (this.json.split(marker).length < 2) throw new Error('template marker missing');
  }

  clone(id: string, tokenHash: string, n: number, submittedAt: string | null): string {
    let json = this.json
      .replaceAll(this.template.id, id)
      .replaceAll(this.template.tokenHash, tokenHash)
      .replaceAll(FIRST, FIRST_NAMES[n % FIRST_NAMES.length])
      .replaceAll(LAST, LAST_NAMES[(n >> 4) % LAST_NAMES.length]);
    if (submittedAt && this.template.submittedAt) json = json.replaceAll(this.template.submittedAt, submittedAt);
    return json;
  }
}

/** A workflow the bench holds the token of, so it can call the API as its applicant. */
export interface OwnedWorkflow {
  id: string;
  token: string;
  version: number;
  state: string;
  context: ApplicantContext;
}

export interface SeedOptions {
  /** Submitted cases (listed in the queue). */
  cases: number;
  /** In-progress workflows in `document_review` whose tokens the bench keeps (write targets). */
  owned: number;
  concurrency?: number;
}

export interface Seeded {
  dataDir: string;
  cases: number;
  owned: OwnedWorkflow[];
  /** One submitted case whose token the bench keeps (for GET /workflows/:id). */
  reader: OwnedWorkflow;
}

const newId = () => randomBytes(16).toString('base64url');

/** Writes `cases` submitted cases and `owned` in-progress workflows into a new data directory. */
export async function seed(templates: Templates, options: SeedOptions, parent = tmpdir()): Promise<Seeded> {
  const dataDir = await mkdtemp(join(parent, 'kyc-bench-data-'));
  const dir = join(dataDir, 'workflows');
  const shards = new Set<string>();
  const jobs: { id: string; json: string }[] = [];
  const pending = new Cloner(templates.pending);
  const approved = new Cloner(templates.approved);
  const inProgress = new Cloner(templates.inProgress);
  // Recent times (two days ago, a second apart): older in-progress workflows would be expired as abandoned
  // at start (KYC_ABANDONED_AFTER) and their tokens as unused (KYC_APPLICANT_TOKEN_TTL).
  const start = Math.floor(Date.now() / 1000) * 1000 - 2 * 86_400_000;
  const owned: OwnedWorkflow[] = [];
  /** What the bench needs to call the API as this clone's applicant (read from the clone itself). */
  const own = (json: string, token: string): OwnedWorkflow => {
    const record = JSON.parse(json) as WorkflowRecord;
    return { id: record.id, token, version: record.version, state: record.state, context: applicantContextOf(record.context) };
  };
  let reader: OwnedWorkflow | undefined;
  for (let n = 0; n < options.cases; n++) {
    const id = newId();
    const token = n === 0 ? newToken() : '';
    const hash = token ? hashToken(token) : randomBytes(32).toString('hex');
    const cloner = n % 5 === 4 ? approved : pending;
    jobs.push({ id, json: cloner.clone(id, hash, n, new Date(start + n * 1000).toISOString()) });
    if (token) reader = own(jobs[jobs.length - 1].json, token);
  }
  for (let n = 0; n < options.owned; n++) {
    const id = newId();
    const token = newToken();
    jobs.push({ id, json: inProgress.clone(id, hashToken(token), options.cases + n, null) });
    owned.push(own(jobs[jobs.length - 1].json, token));
  }
  if (!reader) throw new Error('seed at least one case');
  for (const job of jobs) shards.add(job.id.slice(0, 2));
  await mkdir(dir, { recursive: true });
  await Promise.all([...shards].map((shard) => mkdir(join(dir, shard), { recursive: true })));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { id, json } = jobs[next++];
      await writeFile(join(dir, id.slice(0, 2), `${id}.json`), json, { mode: 0o600 });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
  return { dataDir, cases: options.cases, owned, reader };
}
