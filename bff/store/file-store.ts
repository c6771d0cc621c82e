/**
 * The embedded store: one lowdb JSON file per workflow (so a write costs the
 * same with 100 or 100,000 workflows), written durably, plus an in-memory
 * index of the queue rebuilt at start. Only summaries stay in memory; records
 * are read on demand through an LRU cache of their JSON text, bounded in size.
 *
 * The cache holds what the last acknowledged write wrote. Writes to one
 * workflow run under its lock and fill the cache; a read outside the lock
 * fills it only when no write to that workflow started while it read (else
 * its copy may be older than the cached one, and the next compare-and-set
 * would be checked against it). A write that fails drops the entry: a failed
 * directory fsync after the rename leaves the file new, so only the file
 * can say what is stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { foldQuery, searchText } from './name-search.js';
import { IntegrationIndex } from './integration-index.js';
import { compareQueueOrder, decodeCursor, encodeCursor, type QueueKey } from './queue-order.js';
import { TextCache } from './text-cache.js';
import { DurableJSONFile, ensureDir, ensureDirs, replaceFileDurably, TEMP_MARK, writeFileDurably } from './durable-file.js';
import {
  CASE_STATUSES,
  VersionConflict,
  WorkflowNotFound,
  type CasePage,
  type CaseQuery,
  type CaseStatus,
  type CaseSummary,
  type UpdateOptions,
  type WorkflowRecord,
  type WorkflowStore,
} from './types.js';

/** Record texts kept, in characters (about bytes): 8 MB holds about 2,000 records of a submitted case. */
const CACHE_CHARS = 8_000_000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Indexed {
  /**
   * What listCases hands out, frozen: the same object until the next write to
   * the workflow replaces it, so a view can keep its JSON text per object.
   */
  summary: Readonly<CaseSummary>;
  /** "first last" folded for name search (name-search.ts). */
  name: string;
  /** The record's current token hash, so a replaced one (a hand-off) leaves `tokens`. */
  tokenHash: string;
}

type ListKey = CaseStatus | 'all';

/** First index whose element is not before `probe`. */
function lowerBound(list: Indexed[], probe: QueueKey): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareQueueOrder(list[mid].summary, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 28 bits of a sha256 (hex) as a small integer: a compact, transient stand-in for the hash. */
const blobKey = (sha256: string) => parseInt(sha256.slice(0, 7), 16);

function looksLikeRecord(value: unknown, id: string): value is WorkflowRecord {
  const record = value as WorkflowRecord;
  return (
    !!record &&
    typeof record === 'object' &&
    record.id === id &&
    typeof record.tokenHash === 'string' &&
    Number.isInteger(record.version) &&
    CASE_STATUSES.includes(record.status) &&
    typeof record.state === 'string' &&
    !!record.context &&
    Array.isArray(record.documents) &&
    Array.isArray(record.history)
  );
}

export class FileWorkflowStore implements WorkflowStore {
  readonly setAside: string[] = [];
  readonly kind = 'file';
  private readonly summaries = new Map<string, Indexed>();
  /** Token hash → workflow id (both strings shared with the workflow's summary: no second copy). */
  private readonly tokens = new Map<string, string>();
  private readonly lists = new Map<ListKey, Indexed[]>();
  /** Workflow id → the record's JSON text, exactly as written to its file. */
  private readonly cache = new TextCache<string>(CACHE_CHARS);
  /** Workflow id → writes started to it: a read outside the lock caches only if this did not change while it read. */
  private readonly writes = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly shards = new Set<string>();
  private readonly integration = new IntegrationIndex();
  /** Blobs referenced at start (blobKey), until the blob store's sweep takes them. */
  private blobRefs: Set<number> | undefined = new Set();

  private constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {
    for (const key of ['all', ...CASE_STATUSES] as ListKey[]) this.lists.set(key, []);
  }

  static async open(dataDir: string, log: (line: string) => void = () => {}): Promise<FileWorkflowStore> {
    const store = new FileWorkflowStore(join(dataDir, 'workflows'), log);
    await ensureDirs(store.dir);
    await store.load();
    return store;
  }

  private pathOf(id: string): string {
    return join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  /**
   * Rebuilds the index from every workflow file; corrupt ones are set aside,
   * never dropped. Reads synchronously on purpose: nothing else runs before
   * the store is open, and for 100,000 small files `readFileSync` in one loop
   * takes about half the time of a pool of promise reads (each of which is
   * four thread-pool round trips). See bench/ (start-up row).
   */
  private async load(): Promise<void> {
    const files: { shard: string; name: string }[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        // Shards are directories; anything else here (a stray file) is not ours to read or move.
        this.log(`skipped ${join(this.dir, entry.name)} at start: not a shard directory`);
        continue;
      }
      this.shards.add(entry.name);
      for (const name of readdirSync(join(this.dir, entry.name))) files.push({ shard: entry.name, name });
    }
    const loaded: Indexed[] = [];
    for (const { shard, name } of files) {
      const path = join(this.dir, shard, name);
      if (name.includes(TEMP_MARK)) {
        // A write that never got renamed was never acknowledged.
        await rm(path, { force: true });
        continue;
      }
      const id = name.replace(/\.json$/, '');
      try {
        const record: unknown = JSON.parse(readFileSync(path, 'utf8'));
        if (!looksLikeRecord(record, id)) throw new Error('not a workflow record');
        const entry = this.toIndexed(record);
        this.tokens.set(entry.tokenHash, entry.summary.id);
        this.integration.add(record);
        loaded.push(entry);
        for (const document of record.documents) if (typeof document?.sha256 === 'string') this.blobRefs?.add(blobKey(document.sha256));
      } catch (error) {
        await this.quarantine(path, id, error as Error);
      }
    }
    this.noteSetAsideBlobs();
    loaded.sort((a, b) => compareQueueOrder(a.summary, b.summary));
    for (const entry of loaded) {
      const { id, status, submittedAt } = entry.summary;
      this.summaries.set(id, entry);
      if (status === 'in_progress' || !submittedAt) continue;
      this.lists.get('all')!.push(entry);
      this.lists.get(status)!.push(entry);
    }
  }

  /** Every sha256 in the set-aside files (earlier starts' and this one's): their images are kept for whoever repairs them. */
  private noteSetAsideBlobs(): void {
    const aside = join(this.dir, '..', 'set-aside');
    let names: string[];
    try {
      names = readdirSync(aside);
    } catch {
      return; // none set aside yet
    }
    for (const name of names)
      for (const sha256 of readFileSync(join(aside, name), 'latin1').match(/[0-9a-f]{64}/g) ?? []) this.blobRefs?.add(blobKey(sha256));
  }

  /**
   * For the blob store's sweep of orphan images at start (blob-store.ts): may
   * a record or a set-aside file refer to this blob? Taken once; the set it
   * reads (28 bits of each sha256, about 8 bytes a reference) is then dropped.
   * A false "yes" only keeps an orphan; there is no false "no".
   */
  takeBlobReferences(): (sha256: string) => boolean {
    const refs = this.blobRefs ?? new Set<number>();
    this.blobRefs = undefined;
    return (sha256) => refs.has(blobKey(sha256));
  }

  private async quarantine(path: string, id: string, error: Error): Promise<void> {
    const aside = join(this.dir, '..', 'set-aside');
    await ensureDir(aside);
    const target = join(aside, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.${Date.now()}.json`);
    await rename(path, target);
    this.setAside.push(id);
    this.log(`workflow ${id} set aside: its file could not be read (${error.message}); moved to ${target}`);
  }

  summaryOf(record: WorkflowRecord): CaseSummary {
    const { summary } = this.toIndexed(record);
    return { ...summary, applicant: { ...summary.applicant } };
  }

  /** The version of the workflow's last acknowledged write (from the index, no read): lets views reuse text rendered from it. */
  versionOf(id: string): number | undefined {
    return this.summaries.get(id)?.summary.version;
  }

  private toIndexed(record: WorkflowRecord): Indexed {
    const firstName = record.context.applicant?.firstName ?? '';
    const lastName = record.context.applicant?.lastName ?? '';
    const summary: CaseSummary = {
      id: record.id,
      status: record.status,
      applicant: Object.freeze({ firstName, lastName }),
      documentType: record.context.documentType ?? null,
      submittedAt: record.submittedAt,
      updatedAt: record.updatedAt,
      assignee: record.assignee,
      version: record.version,
    };
    return { summary: Object.freeze(summary), name: searchText(firstName, lastName), tokenHash: record.tokenHash };
  }

  private index(record: WorkflowRecord): void {
    const before = this.summaries.get(record.id);
    const old = before?.summary;
    if (old && old.status !== 'in_progress' && old.submittedAt) {
      for (const key of ['all', old.status] as ListKey[]) {
        const list = this.lists.get(key)!;
        const at = lowerBound(list, old);
        if (list[at]?.summary.id === old.id) list.splice(at, 1);
      }
    }
    const entry = this.toIndexed(record);
    this.summaries.set(record.id, entry);
    // A replaced token (a hand-off) opens nothing any more.
    if (before && before.tokenHash !== entry.tokenHash) this.tokens.delete(before.tokenHash);
    this.tokens.set(entry.tokenHash, entry.summary.id);
    this.integration.add(record);
    if (entry.summary.status !== 'in_progress' && entry.summary.submittedAt) {
      for (const key of ['all', entry.summary.status] as ListKey[]) {
        const list = this.lists.get(key)!;
        list.splice(lowerBound(list, entry.summary), 0, entry);
      }
    }
  }

  async idsForExternalRef(externalRef: string): Promise<string[]> {
    return this.integration.idsForExternalRef(externalRef);
  }

  async outboxWorkflowIds(): Promise<string[]> {
    return this.integration.withPendingOutbox();
  }

  /** Writes `record` durably and caches the very text written (one JSON.stringify per write). */
  private async write(record: WorkflowRecord, exists: boolean): Promise<void> {
    this.writes.set(record.id, (this.writes.get(record.id) ?? 0) + 1);
    const text = JSON.stringify(record);
    try {
      if (exists) await replaceFileDurably(this.pathOf(record.id), text);
      else {
        const shard = record.id.slice(0, 2);
        if (!this.shards.has(shard)) {
          await ensureDir(join(this.dir, shard));
          this.shards.add(shard);
        }
        await writeFileDurably(this.pathOf(record.id), text);
      }
    } catch (error) {
      // The file may hold the old record or (rename done, fsync failed) the new one: read it next time.
      this.cache.delete(record.id);
      throw error;
    }
    this.cache.set(record.id, text);
  }

  async create(record: WorkflowRecord): Promise<void> {
    if (!SAFE_ID.test(record.id) || this.summaries.has(record.id)) throw new Error('workflow id taken or unsafe');
    await this.write(record, false);
    this.index(record);
  }

  async ping(): Promise<void> {}

  async idForTokenHash(tokenHash: string): Promise<string | undefined> {
    return this.tokens.get(tokenHash);
  }

  async get(id: string): Promise<WorkflowRecord | undefined> {
    if (!SAFE_ID.test(id) || !this.summaries.has(id)) return undefined;
    // A fresh copy every time: callers may change what they get.
    const cached = this.cache.get(id);
    if (cached !== undefined) return JSON.parse(cached) as WorkflowRecord;
    const writes = this.writes.get(id) ?? 0;
    const record = await new DurableJSONFile<WorkflowRecord>(this.pathOf(id)).read();
    if (!record) return undefined;
    // A write that started meanwhile may have cached a newer record than this copy.
    if ((this.writes.get(id) ?? 0) === writes) this.cache.set(id, JSON.stringify(record));
    return record;
  }

  update(
    id: string,
    expectedVersion: number | undefined,
    change: (record: WorkflowRecord) => WorkflowRecord,
    options: UpdateOptions = {},
  ): Promise<WorkflowRecord> {
    return this.locked(id, async () => {
      const current = await this.get(id);
      if (!current) throw new WorkflowNotFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current.version);
      const next = change(current);
      if (!options.quiet) {
        next.version = current.version + 1;
        next.updatedAt = new Date().toISOString();
      }
      await this.write(next, true);
      this.index(next);
      return next; // the cache holds text, so nothing else refers to `next`
    });
  }

  /** Runs `work` after every earlier change to workflow `id`: changes to one workflow run one after another, so compare-and-set holds. */
  private locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(id) ?? Promise.resolve()).then(work);
    const settled = run.catch(() => {});
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return run;
  }

  async listCases(query: CaseQuery): Promise<CasePage> {
    let list = this.lists.get(query.status ?? 'all')!;
    if (query.q) {
      const needle = foldQuery(query.q);
      list = list.filter((entry) => entry.name.includes(needle));
    }
    // The route lets only cursors decodeCursor reads through.
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const page: Indexed[] = [];
    let more: boolean;
    if (query.sort === 'submittedAt') {
      let at = after ? lowerBound(list, after) : 0;
      if (after && list[at]?.summary.id === after.id) at++;
      for (; at < list.length && page.length < query.limit; at++) page.push(list[at]);
      more = at < list.length;
    } else {
      let at = (after ? lowerBound(list, after) : list.length) - 1;
      for (; at >= 0 && page.length < query.limit; at--) page.push(list[at]);
      more = at >= 0;
    }
    return {
      // The index's own frozen summaries (no copies): a view keeps their JSON text per object (views.ts).
      items: page.map((entry) => entry.summary as CaseSummary),
      nextCursor: more ? encodeCursor(page[page.length - 1].summary) : null,
      total: list.length,
    };
  }

  /**
   * Removes up to `limit` workflows still in progress whose last change is
   * before `before` (ISO time): each checked again and deleted under its lock,
   * so one that changed meanwhile stays. Returns what it removed.
   */
  async removeAbandoned(before: string, limit: number): Promise<WorkflowRecord[]> {
    const ids: string[] = [];
    for (const { summary } of this.summaries.values()) {
      if (summary.status === 'in_progress' && summary.updatedAt < before) ids.push(summary.id);
      if (ids.length >= limit) break;
    }
    const removed: WorkflowRecord[] = [];
    for (const id of ids) {
      await this.locked(id, async () => {
        const record = await this.get(id);
        if (!record || record.status !== 'in_progress' || record.updatedAt >= before) return;
        await rm(this.pathOf(id), { force: true });
        const entry = this.summaries.get(id);
        this.summaries.delete(id);
        this.cache.delete(id);
        if (entry && this.tokens.get(entry.tokenHash) === id) this.tokens.delete(entry.tokenHash);
        this.integration.remove(record);
        removed.push(record);
      });
    }
    return removed;
  }

  async close(): Promise<void> {
    await Promise.all(this.locks.values());
  }
}
