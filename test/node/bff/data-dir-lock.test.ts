/**
 * The embedded store belongs to one process (deployment.md): a second server
 * on a KYC_DATA_DIR a live server holds exits at once, non-zero, naming
 * KYC_DATABASE_URL; a lock left by a server killed with SIGKILL does not block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../../../bff/store/lock.js';
import { spawnBff } from '../pg/children.js';
import { Journey, tempDir } from './harness.js';

test('a second server on a held data dir exits naming KYC_DATABASE_URL; after kill -9 of the holder the next one starts', async (t) => {
  const dataDir = await tempDir(t);
  const first = await spawnBff(t, {}, dataDir);
  const journey = await Journey.start(first.api);

  const second = await spawnBff(t, {}, dataDir).then(
    () => assert.fail('the second server started on a held data dir'),
    (error: { code: number | null; output: string }) => error,
  );
  assert.notEqual(second.code, 0, 'non-zero exit');
  assert.match(second.output, /KYC_DATABASE_URL/);
  assert.match(second.output, /in use by another BFF process/);
  assert.equal((await journey.view()).status, 200, 'the holder still serves');

  first.process.kill('SIGKILL');
  await first.exited;
  assert.ok(existsSync(join(dataDir, LOCK_FILE)), 'the killed server left its lock behind');
  const third = await spawnBff(t, {}, dataDir);
  assert.equal((await third.api.send('GET', `/workflows/${journey.id}`, { token: journey.token })).status, 200, 'the next server took over the stale lock');
  third.process.kill('SIGTERM');
  assert.equal(await third.exited, 0);
  assert.ok(!existsSync(join(dataDir, LOCK_FILE)), 'a clean stop releases the lock');
});
