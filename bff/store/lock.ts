/**
 * The embedded store belongs to one process. A lock file in KYC_DATA_DIR
 * names the holder's pid; a second server finds it held by a live process
 * and refuses to start. A lock left by a process that died (kill -9) names a
 * pid that is gone (or, after a reboot, another program): it is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = '.kyc-store.lock';

export class DataDirLocked extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `KYC_DATA_DIR ${dataDir} is in use by another BFF process (pid ${pid}). The embedded store serves one process; ` +
        'to run several instances, set KYC_DATABASE_URL to a PostgreSQL database (README: Running several instances).',
    );
  }
}

/** Data dirs this process holds (a pid alone cannot tell two stores in one process apart). */
const held = new Set<string>();

function holder(path: string): number | null {
  try {
    const [pid, command] = readFileSync(path, 'utf8').split('\n');
    const number = Number(pid);
    if (!Number.isInteger(number) || number <= 0) return null;
    if (number === process.pid) return null; // ours (handled by `held`) or a reused pid after a restart
    process.kill(number, 0); // throws ESRCH when no such process
    // A live pid after a crash and reboot may be someone else's: it must be a node process.
    try {
      const cmdline = readFileSync(`/proc/${number}/cmdline`, 'utf8');
      if (command && !cmdline.includes(command)) return null;
    } catch {
      // no /proc (not Linux): the pid check alone
    }
    return number;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return Number(readFileSync(path, 'utf8').split('\n')[0]); // alive, another user's
    return null;
  }
}

/** Takes the data dir for this process; throws DataDirLocked when a live process holds it. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  if (held.has(path)) throw new DataDirLocked(dataDir, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n${process.argv0}`);
      closeSync(fd);
      held.add(path);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(path);
      if (pid !== null) throw new DataDirLocked(dataDir, pid);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
