/**
 * Issue 17's resource attacks (1, 2, 4, 5, 6), each a few seconds over real
 * sockets against the server in its own process, while the test watches the
 * server's RSS and `/health` latency under BUDGET (RSS growth ≤ 150 MB,
 * `/health` p99 ≤ 100 ms). The machine running CI is shared: the latency
 * budget is 100 ms, or more when an idle server measured just before says
 * the machine is busy (four times its p99, twice its slowest answer); the
 * figures are printed either way.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { applicant, BUDGET, halfSentBodies, partsFlood, pipelineFlood, rawExchange, slowHeaders, spawnBff, statusOf, watch, type SpawnedBff } from './support/attacks.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The latency budget on this machine now: BUDGET's, unless an idle server's own p99 says the machine is slower. */
async function latencyBudget(server: SpawnedBff): Promise<number> {
  const idle = await watch(server);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const { healthP99, healthMax } = await idle.stop();
  return Math.max(BUDGET.healthP99Ms, 4 * healthP99, 2 * healthMax);
}

/**
 * Runs `attack` while watching. Over the latency budget, the attack runs again (at most three runs)
 * after a fresh idle measurement and the last run counts: a regression (seconds, on main) fails every
 * run, while a burst of the other test process sharing the 2 cores rarely lasts three runs (one CI run
 * here saw 149 and 179 ms for attack 5 under such load; alone it is 13 ms). The RSS budget holds in every run.
 */
async function underBudget(t: TestContext, server: SpawnedBff, attack: () => Promise<void>) {
  for (let run = 1; ; run++) {
    const budget = await latencyBudget(server);
    const watching = await watch(server);
    await attack();
    const figures = await watching.stop();
    t.diagnostic(
      `run ${run}: RSS +${(figures.rssGrowth / 1048576).toFixed(1)} MB; /health p99 ${figures.healthP99.toFixed(1)} ms (budget ${budget.toFixed(0)}), max ${figures.healthMax.toFixed(1)} ms over ${figures.probes} probes`,
    );
    assert.ok(figures.rssGrowth <= BUDGET.rssGrowthBytes, `RSS grew ${(figures.rssGrowth / 1048576).toFixed(1)} MB`);
    assert.equal(figures.failed, 0, 'every /health probe answered 200');
    if (figures.healthP99 <= budget) return;
    assert.ok(run < 3, `/health p99 ${figures.healthP99.toFixed(1)} ms over ${budget.toFixed(0)} ms, three times`);
  }
}

describe('resource attacks under the budget', () => {
  let server: SpawnedBff;
  before(async () => {
    server = await spawnBff(ROOT, {
      KYC_BODY_IDLE_MS: '1000',
      KYC_MAX_BODY_BYTES_IN_FLIGHT: String(4 * 1024 * 1024),
      KYC_HEADERS_TIMEOUT_MS: '2000',
      KYC_MAX_CONNECTIONS: '400',
    });
  });
  after(() => server.close());

  test('1: bodies of 150,000 empty file parts are refused at the first excess part (400)', async (t) => {
    const who = await applicant(server);
    await underBudget(t, server, async () => {
      const { statuses, ms } = await partsFlood(server, who, 3);
      t.diagnostic(`answers ${statuses.join(', ')} in ${ms.map((m) => m.toFixed(0)).join(', ')} ms`);
      assert.deepEqual(statuses, [400, 400, 400]);
    });
  });

  test('2: a connection pipelining 50,000 GETs without reading the answers is closed', async (t) => {
    await underBudget(t, server, async () => {
      await pipelineFlood(server, 50_000);
    });
    assert.match(server.output(), /closed a connection with more than 16 pipelined requests in flight/);
    const answers = server.output().split('\n').filter((line) => line.startsWith('GET /api/v1/health 200')).length;
    assert.ok(answers < 5_000, `${answers} of the 50,000 were answered`);
  });

  test('5: half-sent bodies get 408 after the progress timeout; past the in-flight cap, 503 with Retry-After', async (t) => {
    const who = await applicant(server);
    let answers: Awaited<ReturnType<typeof halfSentBodies>> = [];
    await underBudget(t, server, async () => {
      answers = await halfSentBodies(server, who, 30, 256 * 1024, 5000);
    });
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    t.diagnostic(`408: ${count(408)}, 503: ${count(503)}, other: ${answers.filter((a) => a.status !== 408 && a.status !== 503).map((a) => a.status)}`);
    assert.equal(count(408) + count(503), answers.length, 'each answered 408 or 503');
    assert.ok(count(408) >= 1 && count(503) >= 1, '4 MB in flight hold about 16 of the 30 bodies');
    assert.ok(answers.filter((a) => a.status === 408).every((a) => a.ms < 4000), 'the 408 comes after about 1 s without bytes, not 5 minutes');
    assert.ok(answers.filter((a) => a.status === 503).every((a) => Number(a.retryAfter) > 0), '503 says when to retry');
  });

  test('6: trickled headers cannot hold a connection past the header timeout; new clients get in afterwards', async (t) => {
    let result!: Awaited<ReturnType<typeof slowHeaders>>;
    await underBudget(t, server, async () => {
      result = await slowHeaders(server, 100, 250, 5000);
    });
    t.diagnostic(`open at the end: ${result.openAtEnd}; closed by the server: ${result.closedAfterMs.length}`);
    assert.equal(result.openAtEnd, 0, 'every trickling connection was closed (2 s header timeout)');
    const fresh = await rawExchange(server, ['GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], 5000);
    assert.equal(statusOf(fresh.text), 200);
    // And the connections held at once are bounded (KYC_MAX_CONNECTIONS=400): 600 idle sockets hold at most 400 descriptors.
    const baseFds = (await readdir(`/proc/${server.pid}/fd`)).length;
    const idle = Array.from({ length: 600 }, () => connect(server.port, server.host).on('error', () => {}));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const heldFds = (await readdir(`/proc/${server.pid}/fd`)).length - baseFds;
    for (const socket of idle) socket.destroy();
    t.diagnostic(`600 idle connections held ${heldFds} descriptors`);
    assert.ok(heldFds <= 410, `${heldFds} descriptors held`);
  });
});
