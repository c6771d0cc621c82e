/** Image bytes as files under KYC_DATA_DIR/blobs/, addressed by their sha256. */
import { createHash } from 'node:crypto';
import { access, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDir, ensureDirs, TEMP_MARK, writeFileDurably } from './durable-file.js';
import type { BlobStore } from './types.js';

const SHA256 = /^[0-9a-f]{64}$/;

export class FileBlobStore implements BlobStore {
  /** Uploads between put() and settle(), per blob. */
  private readonly holders = new Map<string, number>();
  /** Blobs this process wrote that no record references yet. */
  private readonly unclaimed = new Set<string>();
  /** Removals under way; a put of the same bytes waits for them. */
  private readonly removing = new Map<string, Promise<void>>();
  /** Orphans found at start that were too young to remove: sha256 → when they may go (ms). */
  private readonly orphans = new Map<string, number>();

  private constructor(private readonly dir: string) {}

  private hold(sha256: string, delta: number): void {
    const count = (this.holders.get(sha256) ?? 0) + delta;
    if (count > 0) this.holders.set(sha256, count);
    else this.holders.delete(sha256);
  }

  static async open(dataDir: string): Promise<FileBlobStore> {
    const dir = join(dataDir, 'blobs');
    await ensureDirs(dir);
    // A blob write cut short (kill -9, power loss) leaves its temp file: part of an image nobody acknowledged.
    for (const shard of await readdir(dir))
      for (const name of await readdir(join(dir, shard)).catch(() => [] as string[]))
        if (name.includes(TEMP_MARK)) await rm(join(dir, shard, name), { force: true });
    return new FileBlobStore(dir);
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    this.hold(sha256, 1);
    try {
      await this.removing.get(sha256);
      if (this.orphans.delete(sha256)) {
        // An orphan uploaded again: this upload now decides, as if it had written the file.
        this.unclaimed.add(sha256);
      }
      try {
        await access(path);
        return sha256; // same bytes already stored
      } catch {
        await ensureDir(join(this.dir, sha256.slice(0, 2)));
        await writeFileDurably(path, bytes);
        this.unclaimed.add(sha256);
        return sha256;
      }
    } catch (error) {
      this.hold(sha256, -1);
      throw error;
    }
  }

  async settle(sha256: string, referenced: boolean): Promise<void> {
    this.hold(sha256, -1);
    if (referenced) {
      this.unclaimed.delete(sha256);
      return;
    }
    // Keep it if another upload holds the same bytes, or if it was here before this put.
    if (this.holders.has(sha256) || !this.unclaimed.delete(sha256)) return;
    const removal = rm(this.pathOf(sha256), { force: true }).catch(() => {});
    this.removing.set(sha256, removal);
    await removal;
    if (this.removing.get(sha256) === removal) this.removing.delete(sha256);
  }

  /**
   * Removes orphan images: blobs that no workflow and no set-aside file refers
   * to (`referenced`, from the workflow store's load) and no upload in this
   * process holds, once they are older than `maxAgeMs` (an hour). Called at
   * start: after kill -9 between an image's write and its record's, the image
   * stays on disk with nothing pointing at it. Younger orphans (an upload cut
   * short minutes ago) are removed by a timer when they reach the age, unless
   * an upload of the same bytes claimed them meanwhile.
   */
  async sweepOrphans(referenced: (sha256: string) => boolean, options: { maxAgeMs?: number; log?: (line: string) => void; now?: number } = {}): Promise<number> {
    const maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
    const now = options.now ?? Date.now();
    let removed = 0;
    for (const shard of await readdir(this.dir)) {
      for (const name of await readdir(join(this.dir, shard)).catch(() => [] as string[])) {
        if (!SHA256.test(name) || referenced(name) || this.holders.has(name)) continue;
        const path = this.pathOf(name);
        const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: NaN }));
        if (Number.isNaN(mtimeMs)) continue;
        if (now - mtimeMs >= maxAgeMs) {
          await rm(path, { force: true });
          removed++;
        } else this.orphans.set(name, mtimeMs + maxAgeMs);
      }
    }
    if (removed) options.log?.(`removed ${removed} orphan image(s) at start: no workflow, set-aside file or upload referred to them`);
    this.scheduleOrphans(options.log);
    return removed;
  }

  private orphanTimer: NodeJS.Timeout | undefined;

  /** One timer for the earliest young orphan; unref'd, so it never keeps the process alive. */
  private scheduleOrphans(log?: (line: string) => void): void {
    clearTimeout(this.orphanTimer);
    if (!this.orphans.size) return;
    let due = Infinity;
    for (const at of this.orphans.values()) due = Math.min(due, at);
    this.orphanTimer = setTimeout(async () => {
      const now = Date.now();
      for (const [sha256, at] of this.orphans) {
        if (at > now || this.holders.has(sha256)) continue;
        this.orphans.delete(sha256);
        // Registered like settle()'s removals: a put of the same bytes now waits, then writes them anew.
        const removal = rm(this.pathOf(sha256), { force: true }).catch(() => {});
        this.removing.set(sha256, removal);
        await removal;
        if (this.removing.get(sha256) === removal) this.removing.delete(sha256);
        log?.(`removed orphan image ${sha256.slice(0, 12)}…: an hour old, and nothing refers to it`);
      }
      this.scheduleOrphans(log);
    }, Math.max(0, due - Date.now()) + 10);
    this.orphanTimer.unref();
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
