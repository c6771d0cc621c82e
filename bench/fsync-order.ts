/**
 * `node --import tsx bench/fsync-order.ts [dir] [seconds]`: what a durable
 * replace of a ~4 KB file costs on the filesystem under `dir`, one
 * sequence after another, in interleaved rounds:
 *
 * - `classic`: open temp, write, fsync temp, close, rename, open dir, fsync dir, close dir
 * - `rename-then-fsync`: open temp, write, rename over the target, fsync the (renamed) file, close
 *
 * and, after each, how long one more fsync of the directory takes. On a
 * journalling filesystem an fsync that finds nothing to commit returns in
 * microseconds; one that must commit the rename takes a journal commit
 * (milliseconds). A cheap trailing directory fsync after `rename-then-fsync`
 * is the measurement that the file's fsync already made the rename durable.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const parent = process.argv[2] ?? tmpdir();
const seconds = Number(process.argv[3] ?? 2);
const dir = mkdtempSync(join(parent, 'kyc-fsync-order-'));
const target = join(dir, 'record.json');
const data = Buffer.alloc(4096, 0x61);
closeSync(openSync(target, 'w'));

type Sequence = 'classic' | 'rename-then-fsync';
const timeOf = (work: () => void) => {
  const t = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t) / 1000;
};
const dirSync = () => {
  const fd = openSync(dir, 'r');
  fsyncSync(fd);
  closeSync(fd);
};
function replace(sequence: Sequence, n: number): void {
  const temp = `${target}.tmp-${n}`;
  const fd = openSync(temp, 'wx', 0o600);
  writeSync(fd, data);
  if (sequence === 'classic') {
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
    dirSync();
  } else {
    renameSync(temp, target);
    fsyncSync(fd);
    closeSync(fd);
  }
}

const results: Record<Sequence, { perSecond: number[]; trailingDirFsyncMicros: number[] }> = {
  classic: { perSecond: [], trailingDirFsyncMicros: [] },
  'rename-then-fsync': { perSecond: [], trailingDirFsyncMicros: [] },
};
let n = 0;
for (let round = 0; round < 4; round++) {
  for (const sequence of (round % 2 ? ['rename-then-fsync', 'classic'] : ['classic', 'rename-then-fsync']) as Sequence[]) {
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < (seconds * 1000) / 4) {
      replace(sequence, n++);
      count++;
      // Every 10th replace: how long does one more directory fsync take right after it?
      if (count % 10 === 0) results[sequence].trailingDirFsyncMicros.push(timeOf(dirSync));
    }
    results[sequence].perSecond.push(count / ((performance.now() - started) / 1000));
  }
}
rmSync(dir, { recursive: true, force: true });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`filesystem under ${parent}:`);
for (const [sequence, r] of Object.entries(results))
  console.log(
    `${sequence.padEnd(18)} ${Math.round(median(r.perSecond))} replaces/s (rounds: ${r.perSecond.map(Math.round).join(', ')}); a directory fsync right after: median ${median(r.trailingDirFsyncMicros).toFixed(0)} µs`,
  );
