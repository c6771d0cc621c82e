/**
 * The bench must not rot: a smoke run with tiny sizes (every part: bundles,
 * Chromium upload, seeding, start-up, writes, throughput) must produce the
 * table with a number in every row. No figure is judged here: speed is the
 * bench's business, not a test's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBench, SMOKE } from '../../../bench/bench.js';

test('a smoke run of the bench fills every row of the table', async () => {
  const result = await runBench({ smoke: true, resultsPath: null, progress: () => {} });
  const { rows } = result;

  const sections = new Set(rows.map((r) => r.section));
  assert.deepEqual([...sections], ['bundle', 'upload', 'throughput', 'writes', 'startup'], 'sections, in table order');
  const count = (section: string) => rows.filter((r) => r.section === section).length;
  assert.equal(count('bundle'), 5, 'floor + entry and total for each of the two elements');
  assert.equal(count('upload'), 1);
  assert.equal(count('throughput'), 4, 'GET /workflows/:id and GET /cases, each with the framework floor');
  assert.equal(count('writes'), SMOKE.sizes.length + 1, 'one row per store size, plus largest ÷ smallest');
  assert.equal(count('startup'), 3 + SMOKE.sizes.length, 'start-up time, RSS after start, peak RSS, and RSS at every store size');

  for (const r of rows) {
    assert.ok(r.name && r.unit, `row has a name and a unit: ${JSON.stringify(r)}`);
    assert.ok(Number.isFinite(r.figure), `${r.name}: a number, not ${r.met} (${r.detail})`);
    assert.ok(['yes', 'NO', ''].includes(r.met), `${r.name}: judged, not ${r.met}`);
    assert.equal(r.met === '', r.goal === null, `${r.name}: judged exactly when it has a goal`);
    if (r.floorName) assert.ok(Number.isFinite(r.floor) && Number.isFinite(r.ratio), `${r.name}: floor and ratio`);
  }
  for (const r of rows.filter((r) => r.section === 'throughput' || r.section === 'writes' || r.section === 'startup' || r.section === 'upload'))
    if (r.floorName) assert.ok(r.floor! > 0 && r.ratio! > 0, `${r.name}: measured something`);

  // Every snapshot PUT was a legal move and every read a 2xx.
  for (const r of rows.filter((r) => r.section === 'writes' && r.data?.failures))
    assert.deepEqual(r.data!.failures, {}, `${r.name}: no PUT failed`);
  for (const r of rows.filter((r) => r.section === 'throughput')) assert.equal(r.data!.failures, 0, `${r.name}: every request answered 2xx`);

  // Rows with goals: the ones the issue sets, none quietly dropped.
  const goals = rows.filter((r) => r.goal).map((r) => r.goal!.text);
  assert.deepEqual(goals, ['≤ 35 KB br', '≤ 40 KB br', '≤ 1/5 of original', '≥ 0.5× bare', '≥ 0.3× bare', '≥ 1,000/s', '≥ 0.8 (within 20%)', '≤ 5 s', '≤ 300 MB', '≤ 300 MB']);

  for (const column of ['figure', 'value', 'floor', 'ratio', 'goal', 'met?']) assert.match(result.table, new RegExp(`\\| ${column.replace('?', '\\?')}\\s`));
  for (const r of rows) assert.ok(result.table.includes(r.name), `table prints ${r.name}`);
});
