/**
 * `npm run test:e2e`: builds the demo if dist/ is missing or stale, then runs
 * the end-to-end tests (`node --import tsx --test test/e2e/*.test.ts`), one
 * file at a time unless KYC_E2E_CONCURRENCY says otherwise (each file starts
 * its own server and Chromium). Extra arguments go to `node --test` (e.g.
 * `--test-name-pattern=reject`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, REPO } from './build-if-needed.mjs';

if (!existsSync('/usr/bin/chromium')) {
  console.error("The end-to-end tests drive Debian's Chromium at /usr/bin/chromium: run `bash scripts/ensure-chromium.sh` (or apt-get install chromium).");
  process.exit(1);
}

await ensureBuilt();

const dir = join(REPO, 'test', 'e2e');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.ts'))
  .sort()
  .map((name) => join('test', 'e2e', name));

const started = performance.now();
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    // One file at a time by default (each runs a server and a Chromium; 2 cores). KYC_E2E_CONCURRENCY=2 about halves the time.
    `--test-concurrency=${Number(process.env.KYC_E2E_CONCURRENCY) || 1}`,
    '--test-timeout=90000',
    ...process.argv.slice(2),
    ...files,
  ],
  { cwd: REPO, stdio: 'inherit' },
);
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  console.log(`# end-to-end: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
