/** Image bytes as files under KYC_DATA_DIR/blobs/, addressed by their sha256. */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file.js';
import type { BlobStore } from './types.js';

const SHA256 = /^[0-9a-f]{64}$/;

export class FileBlobStore implements BlobStore {
  private constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<FileBlobStore> {
    const dir = join(dataDir, 'blobs');
    await mkdir(dir, { recursive: true });
    return new FileBlobStore(dir);
  }

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    try {
      await access(path);
      return sha256; // same bytes already stored
    } catch {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await writeFileDurably(path, bytes);
      return sha256;
    }
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
