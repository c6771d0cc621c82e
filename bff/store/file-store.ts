/**
 * The embedded store: one lowdb JSON file per workflow (so a write costs the
 * same with 100 or 100,000 workflows), written durably, plus an in-memory
 * index of the queue rebuilt at start. Only summaries stay in memory; full
 * records are read on demand through a small LRU cache of their JSON text
 * (parsing a fresh copy costs half of a structuredClone).
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
import { Low } from 'lowdb';
import { foldQuery, searchText } from './name-search.js';
import { DurableJSONFile, ensureDir, ensureDirs, TEMP_MARK } from './durable-file.js';
import {
  CASE_STATUSES,
  VersionConflict,
  type CasePage,
  type CaseQuery,
  type CaseStatus,
  type CaseSummary,
  type UpdateOptions,
  type WorkflowRecord,
  type WorkflowStore,
} from './types.js';

export class WorkflowNotFound extends Error {}

const CACHE_SIZE = 2000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Indexed extends CaseSummary {
  /** "first last" folded for name search (name-search.ts). */
  name: string;
}

type ListKey = CaseStatus | 'all';

function compare(a: Indexed, b: Indexed): number {
  const left = a.submittedAt ?? '';
  const right = b.submittedAt ?? '';
  return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** First index whose element is not before `probe`. */
function lowerBound(list: Indexed[], probe: Pick<Indexed, 'submittedAt' | 'id'>): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid], probe as Indexed) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function encodeCursor(summary: Pick<CaseSummary, 'submittedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([summary.submittedAt, summary.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Pick<CaseSummary, 'submittedAt' | 'id'> | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { submittedAt: value[0], id: value[1] };
  } catch {
    // fall through: not a cursor we made
  }
  return undefined;
}

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
  readonly kind = 'file';
  readonly setAside: string[] = [];
  private readonly summaries = new Map<string, Indexed>();
  private readonly tokens = new Map<string, string>();
  /** Workflow id → its current token hash, so a replaced token (a hand-off) leaves `tokens`. */
  private readonly tokenOf = new Map<string, string>();
  private readonly lists = new Map<ListKey, Indexed[]>();
  /** Workflow id → the record's JSON text, exactly as written to its file. */
  private readonly cache = new Map<string, string>();
  /** Workflow id → writes started to it: a read outside the lock caches only if this did not change while it read. */
  private readonly writes = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly shards = new Set<string>();
  /** externalRef → workflow ids, oldest first (the integrator's customers). */
  private readonly byExternalRef = new Map<string, string[]>();
  /** Workflows whose record holds webhook outbox entries not yet delivered (pending or failed). */
  private readonly withOutbox = new Set<string>();

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
        this.tokens.set(record.tokenHash, id);
        this.tokenOf.set(id, record.tokenHash);
        this.indexIntegration(record);
        loaded.push(this.toIndexed(record));
      } catch (error) {
        await this.quarantine(path, id, error as Error);
      }
    }
    loaded.sort(compare);
    for (const entry of loaded) {
      this.summaries.set(entry.id, entry);
      if (entry.status === 'in_progress' || !entry.submittedAt) continue;
      this.lists.get('all')!.push(entry);
      this.lists.get(entry.status)!.push(entry);
    }
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
    const { name: _name, ...summary } = this.toIndexed(record);
    return summary;
  }

  private toIndexed(record: WorkflowRecord): Indexed {
    const firstName = record.context.applicant?.firstName ?? '';
    const lastName = record.context.applicant?.lastName ?? '';
    return {
      id: record.id,
      status: record.status,
      applicant: { firstName, lastName },
      documentType: record.context.documentType ?? null,
      submittedAt: record.submittedAt,
      updatedAt: record.updatedAt,
      assignee: record.assignee,
      version: record.version,
      name: searchText(firstName, lastName),
    };
  }

  private index(record: WorkflowRecord): void {
    const before = this.summaries.get(record.id);
    if (before && before.status !== 'in_progress' && before.submittedAt) {
      for (const key of ['all', before.status] as ListKey[]) {
        const list = this.lists.get(key)!;
        const at = lowerBound(list, before);
        if (list[at]?.id === before.id) list.splice(at, 1);
      }
    }
    const entry = this.toIndexed(record);
    this.summaries.set(record.id, entry);
    const previousToken = this.tokenOf.get(record.id);
    if (previousToken !== undefined && previousToken !== record.tokenHash) this.tokens.delete(previousToken);
    this.tokens.set(record.tokenHash, record.id);
    this.tokenOf.set(record.id, record.tokenHash);
    this.indexIntegration(record);
    if (entry.status !== 'in_progress' && entry.submittedAt) {
      for (const key of ['all', entry.status] as ListKey[]) {
        const list = this.lists.get(key)!;
        list.splice(lowerBound(list, entry), 0, entry);
      }
    }
  }

  /** The integrator's indexes: externalRef → ids, and which records hold an outbox. */
  private indexIntegration(record: WorkflowRecord): void {
    if (record.externalRef) {
      const ids = this.byExternalRef.get(record.externalRef) ?? [];
      if (!ids.includes(record.id)) {
        ids.push(record.id);
        this.byExternalRef.set(record.externalRef, ids);
      }
    }
    if (record.outbox?.some((entry) => entry.status !== 'delivered')) this.withOutbox.add(record.id);
    else this.withOutbox.delete(record.id);
  }

  async idsForExternalRef(externalRef: string): Promise<string[]> {
    return [...(this.byExternalRef.get(externalRef) ?? [])];
  }

  async outboxWorkflowIds(): Promise<string[]> {
    return [...this.withOutbox];
  }

  private remember(record: WorkflowRecord): void {
    this.cache.delete(record.id);
    this.cache.set(record.id, JSON.stringify(record));
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private async write(record: WorkflowRecord): Promise<void> {
    this.writes.set(record.id, (this.writes.get(record.id) ?? 0) + 1);
    try {
      const shard = record.id.slice(0, 2);
      if (!this.shards.has(shard)) {
        await ensureDir(join(this.dir, shard));
        this.shards.add(shard);
      }
      const db = new Low<WorkflowRecord>(new DurableJSONFile(this.pathOf(record.id)), record);
      await db.write();
    } catch (error) {
      // The file may hold the old record or (rename done, dir fsync failed) the new one: read it next time.
      this.cache.delete(record.id);
      throw error;
    }
  }

  async create(record: WorkflowRecord): Promise<void> {
    if (!SAFE_ID.test(record.id) || this.summaries.has(record.id)) throw new Error('workflow id taken or unsafe');
    await this.write(record);
    this.remember(record);
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
    if (cached !== undefined) {
      // Least recently used first: a hit moves the entry to the end.
      this.cache.delete(id);
      this.cache.set(id, cached);
      return JSON.parse(cached) as WorkflowRecord;
    }
    const writes = this.writes.get(id) ?? 0;
    const record = await new Low<WorkflowRecord | null>(new DurableJSONFile(this.pathOf(id)), null).adapter.read();
    if (!record) return undefined;
    // A write that started meanwhile may have cached a newer record than this copy.
    if ((this.writes.get(id) ?? 0) === writes) this.remember(record);
    return record;
  }

  update(
    id: string,
    expectedVersion: number | undefined,
    change: (record: WorkflowRecord) => WorkflowRecord,
    options: UpdateOptions = {},
  ): Promise<WorkflowRecord> {
    // Changes to one workflow run one after another, so compare-and-set holds.
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.then(async () => {
      const current = await this.get(id);
      if (!current) throw new WorkflowNotFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current.version);
      const next = change(current);
      if (!options.quiet) {
        next.version = current.version + 1;
        next.updatedAt = new Date().toISOString();
      }
      await this.write(next);
      this.remember(next);
      this.index(next);
      return next; // the cache holds text, so nothing else refers to `next`
    });
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
      if (after && list[at]?.id === after.id) at++;
      for (; at < list.length && page.length < query.limit; at++) page.push(list[at]);
      more = at < list.length;
    } else {
      let at = (after ? lowerBound(list, after) : list.length) - 1;
      for (; at >= 0 && page.length < query.limit; at--) page.push(list[at]);
      more = at >= 0;
    }
    return {
      items: page.map(({ name: _name, ...summary }) => summary),
      nextCursor: more ? encodeCursor(page[page.length - 1]) : null,
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
    for (const entry of this.summaries.values()) {
      if (entry.status === 'in_progress' && entry.updatedAt < before) ids.push(entry.id);
      if (ids.length >= limit) break;
    }
    const removed: WorkflowRecord[] = [];
    for (const id of ids) {
      const previous = this.locks.get(id) ?? Promise.resolve();
      const run = previous.then(async () => {
        const record = await this.get(id);
        if (!record || record.status !== 'in_progress' || record.updatedAt >= before) return;
        await rm(this.pathOf(id), { force: true });
        this.summaries.delete(id);
        this.cache.delete(id);
        const token = this.tokenOf.get(id);
        if (token !== undefined && this.tokens.get(token) === id) this.tokens.delete(token);
        this.tokenOf.delete(id);
        removed.push(record);
      });
      const settled = run.catch(() => {});
      this.locks.set(id, settled);
      void settled.then(() => {
        if (this.locks.get(id) === settled) this.locks.delete(id);
      });
      await run;
    }
    return removed;
  }

  async close(): Promise<void> {
    await Promise.all(this.locks.values());
  }
}
