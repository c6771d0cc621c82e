/**
 * A data directory whose disk can fill up or turn read-only on demand. As
 * root: a small tmpfs mounted for the test (filled with a filler file,
 * remounted ro). Without root: only read-only, by chmod (root would bypass
 * permissions, which is why root gets the tmpfs). Undefined when neither works.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './fixture.js';

const run = promisify(execFile);

export interface FaultyDisk {
  dir: string;
  how: 'tmpfs' | 'chmod';
  canFill: boolean;
  /** Writes a filler file until the disk says ENOSPC. */
  fill(): Promise<void>;
  /** Removes the filler. */
  free(): Promise<void>;
  readOnly(): Promise<void>;
  writable(): Promise<void>;
  /** The filler file (outside `dir`, so a digest of `dir` ignores it). */
  readonly filler: string;
  cleanup(): Promise<void>;
}

async function chmodTree(dir: string, mode: 'ro' | 'rw'): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) await chmodTree(join(dir, entry.name), mode);
  await chmod(dir, mode === 'ro' ? 0o555 : 0o755);
}

export async function faultyDisk(sizeMb = 6): Promise<FaultyDisk | undefined> {
  const mountPoint = await tempDir('kyc-faulty-');
  const dir = join(mountPoint, 'data');
  const filler = join(mountPoint, 'filler.bin');
  if (process.getuid?.() === 0) {
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', mountPoint]);
      await mkdir(dir);
      return {
        dir,
        how: 'tmpfs',
        canFill: true,
        filler,
        async fill() {
          const handle = await open(filler, 'a');
          try {
            const chunk = Buffer.alloc(64 * 1024, 0x5a);
            for (;;) {
              try {
                await handle.write(chunk);
              } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
                break;
              }
            }
            // The last bytes, so not even a small JSON file fits.
            for (;;) {
              try {
                await handle.write(Buffer.alloc(512, 0x5a));
              } catch {
                break;
              }
            }
          } finally {
            await handle.close();
          }
        },
        async free() {
          await rm(filler, { force: true });
        },
        async readOnly() {
          await run('mount', ['-o', 'remount,ro', mountPoint]);
        },
        async writable() {
          await run('mount', ['-o', 'remount,rw', mountPoint]);
        },
        async cleanup() {
          await run('umount', ['-l', mountPoint]).catch(() => {});
          await rm(mountPoint, { recursive: true, force: true });
        },
      };
    } catch {
      await run('umount', ['-l', mountPoint]).catch(() => {});
      // fall through to chmod, which root bypasses: so only for non-root
    }
  }
  if (process.getuid?.() === 0) {
    await rm(mountPoint, { recursive: true, force: true });
    return undefined;
  }
  await mkdir(dir);
  return {
    dir,
    how: 'chmod',
    canFill: false,
    filler,
    fill: async () => {
      throw new Error('cannot fill a disk without root');
    },
    free: async () => {},
    readOnly: () => chmodTree(dir, 'ro'),
    writable: () => chmodTree(dir, 'rw'),
    async cleanup() {
      if (await stat(dir).catch(() => undefined)) await chmodTree(dir, 'rw');
      await rm(mountPoint, { recursive: true, force: true });
    },
  };
}
