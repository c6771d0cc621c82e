/**
 * Image bytes in PostgreSQL (`blobs`, by sha256), so instances share them.
 * A refused upload's bytes are removed unless this put did not write them,
 * another upload here still holds them, or a document row names them.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { BlobStore } from '../types.js';
import { guarded } from './errors.js';

const SHA256 = /^[0-9a-f]{64}$/;

export class PgBlobStore implements BlobStore {
  private readonly holders = new Map<string, number>();
  private readonly unclaimed = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  private hold(sha256: string, delta: number): void {
    const count = (this.holders.get(sha256) ?? 0) + delta;
    if (count > 0) this.holders.set(sha256, count);
    else this.holders.delete(sha256);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.hold(sha256, 1);
    try {
      const { rowCount } = await guarded(() =>
        this.pool.query('INSERT INTO blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
      );
      if (rowCount === 1) this.unclaimed.add(sha256);
      return sha256;
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
    if (this.holders.has(sha256) || !this.unclaimed.delete(sha256)) return;
    await guarded(() => this.pool.query('DELETE FROM blobs WHERE sha256 = $1 AND NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = $1)', [sha256])).catch(() => {
      // Left behind, never lost: an unreferenced image is only space.
    });
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    const { rows } = await guarded(() => this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM blobs WHERE sha256 = $1', [sha256]));
    return rows[0]?.bytes;
  }
}
