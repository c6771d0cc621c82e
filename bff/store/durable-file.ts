/**
 * A lowdb adapter that survives kill -9 and power loss: steno (lowdb's own
 * writer) renames a temp file but never fsyncs. Here: write the temp file,
 * fsync it, rename over the target, fsync the directory.
 */
import { randomBytes } from 'node:crypto';
import * as fsCallbacks from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export const TEMP_MARK = '.tmp-';

/**
 * Creates one directory whose parent exists. Not `recursive: true`: on a
 * read-only disk Node then reports ENOENT instead of EROFS, which would be a
 * 500 instead of the 503 a full or read-only disk gets.
 */
export async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return;
  }
  // A new directory's own entry lives in its parent: without this, a power cut could lose
  // the directory together with every file later written into it "durably".
  const parent = await open(dirname(path), 'r');
  try {
    await parent.sync();
  } finally {
    await parent.close();
  }
}

/** `ensureDir` for every missing directory of `path`, outermost first (each new entry fsynced into its parent). */
export async function ensureDirs(path: string): Promise<void> {
  try {
    await ensureDir(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error;
    await ensureDirs(dirname(path));
    await ensureDir(path);
  }
}

/**
 * The same system calls through node:fs callbacks rather than FileHandle
 * promises: about 13% less BFF CPU per durable write (bench/, writes rows).
 */
const fd = {
  call: <T = void>(start: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T)))),
  open: (path: string, flags: string, mode?: number) => fd.call<number>((done) => fsCallbacks.open(path, flags, mode, done)),
  async writeAll(handle: number, data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; ) {
      const written = await fd.call<number>((done) => fsCallbacks.write(handle, bytes, at, bytes.length - at, null, done));
      if (written <= 0) throw new Error('write made no progress');
      at += written;
    }
  },
  sync: (handle: number) => fd.call((done) => fsCallbacks.fsync(handle, done)),
  rename: (from: string, to: string) => fd.call((done) => fsCallbacks.rename(from, to, done)),
  close: (handle: number) => fd.call((done) => fsCallbacks.close(handle, done)),
};

export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `${basename(path)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  let handle = await fd.open(temp, 'w', 0o600);
  try {
    await fd.writeAll(handle, data);
    await fd.sync(handle);
  } catch (error) {
    await fd.close(handle).catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await fd.close(handle);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  handle = await fd.open(dirname(path), 'r');
  try {
    await fd.sync(handle);
  } finally {
    await fd.close(handle);
  }
}

/**
 * Replaces an existing file durably with one fsync: write a temp file,
 * rename it over the target, then fsync the file (now at the target's name).
 * One journal commit instead of the two of `writeFileDurably` (temp fsync,
 * then directory fsync). Why the rename is durable without fsyncing the
 * directory, on ext4 (and overlayfs on ext4, whose fsync is the upper file's):
 * ext4_rename() sets the renamed inode's ctime and marks it dirty in the same
 * journal transaction as the directory change, and fsync() waits for the
 * commit of the inode's last transaction (i_sync_tid), so the rename commits
 * with it. bench/fsync-order.ts measures both sequences; see the README.
 * Only for a file that exists: a new name is made durable by the directory's
 * fsync (`writeFileDurably`). If the fsync fails, the rename has happened:
 * the caller must treat the target as unknown (the file store re-reads it).
 *
 * Every call goes through the thread pool (5 round trips: open, write,
 * rename, fsync, close; `writeFileDurably` takes 8): done on the main thread,
 * open and rename wait for the journal whenever a commit is under way, and on
 * a busy disk that stalled the event loop for up to 280 ms
 * (bench/store-writes.ts).
 */
export async function replaceFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `${basename(path)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  const handle = await fd.open(temp, 'wx', 0o600);
  try {
    try {
      await fd.writeAll(handle, data);
      await fd.rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw error;
    }
    await fd.sync(handle);
  } finally {
    await fd.close(handle).catch(() => {});
  }
}

export class DurableJSONFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify(data));
  }
}
