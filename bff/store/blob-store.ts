/** Image bytes as files under KYC_DATA_DIR/blobs/, addressed by their sha256. */
import { createHash } from 'node:crypto';
import { access, readdir, readFile, rm } from 'node:fs/promises';
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
