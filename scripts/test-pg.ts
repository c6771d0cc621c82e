/**
 * The BFF contract suite on PostgreSQL, plus the PostgreSQL suites: one
 * throwaway cluster for the whole run (test/node/pg/cluster.ts), shared by
 * the test processes through KYC_TEST_PG_URL, removed at the end.
 *   node --import tsx scripts/test-pg.ts [test files…]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { startCluster } from '../test/node/pg/cluster.js';

/** The contract suites; the file store's own (durability, start-up, cache, files) stay file-only. */
const CONTRACT = ['cases', 'handoff', 'hostile', 'name-search', 'resubmission-order', 'security', 'stream-cleanup', 'streams', 'upload-limits', 'workflows'];

const files =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : [
        ...CONTRACT.map((name) => `test/node/bff/${name}.test.ts`),
        ...readdirSync('test/node/pg')
          .filter((name) => name.endsWith('.test.ts'))
          .sort()
          .map((name) => `test/node/pg/${name}`),
      ];

const cluster = await startCluster({ settings: { fsync: 'off' } });
let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
      stdio: 'inherit',
      env: { ...process.env, KYC_TEST_STORE: 'postgres', KYC_TEST_PG_URL: cluster.url() },
    });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
} finally {
  cluster.destroy();
}
process.exit(code);
