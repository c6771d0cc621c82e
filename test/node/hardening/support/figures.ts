/**
 * Before/after figures for issue 17's resource attacks, against any checkout:
 *   node --import tsx test/node/hardening/support/figures.ts [ROOT] [ENV=VALUE ...]
 * ROOT defaults to this checkout (a second checkout of main gives "before").
 * Prints one JSON line per attack: the answers, the server's RSS growth and
 * `/health` p99 and max while it ran.
 */
import { fileURLToPath } from 'node:url';
import { applicant, halfSentBodies, partsFlood, pipelineFlood, slowHeaders, spawnBff, watch, type SpawnedBff } from './attacks.js';

const root = process.argv[2] && !process.argv[2].includes('=') ? process.argv[2] : fileURLToPath(new URL('../../../../', import.meta.url));
const env = Object.fromEntries(process.argv.slice(2).filter((arg) => arg.includes('=')).map((arg) => arg.split(/=(.*)/s, 2)));

async function measure(name: string, attack: (server: SpawnedBff) => Promise<unknown>) {
  const server = await spawnBff(root, env);
  try {
    const watching = await watch(server);
    const started = performance.now();
    const result = await attack(server);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const figures = await watching.stop();
    console.log(
      JSON.stringify({
        attack: name,
        seconds,
        rssGrowthMB: +(figures.rssGrowth / 1048576).toFixed(1),
        healthP99ms: +figures.healthP99.toFixed(1),
        healthMaxMs: +figures.healthMax.toFixed(1),
        probes: figures.probes,
        failedProbes: figures.failed,
        result,
      }),
    );
  } finally {
    await server.close();
  }
}

const only = process.env.ATTACKS?.split(',');
const run = (name: string) => !only || only.includes(name);

if (run('1')) await measure('1 parts flood (3 × 150,000 empty file parts)', async (s) => partsFlood(s, await applicant(s)));
if (run('2')) await measure('2 pipelining (50,000 GETs, answers unread)', async (s) => pipelineFlood(s));
if (run('5'))
  await measure('5 half-sent bodies (300 × 256 KB less one byte, held 15 s)', async (s) => {
    const answers = await halfSentBodies(s, await applicant(s), 300, 256 * 1024, 15_000);
    const count: Record<string, number> = {};
    for (const a of answers) count[a.status || 'none'] = (count[a.status || 'none'] ?? 0) + 1;
    return count;
  });
if (run('6'))
  await measure('6 slow headers (1,000 connections, a byte every 500 ms, 14 s)', async (s) => {
    const { openAtEnd, refused, closedAfterMs } = await slowHeaders(s, 1000, 500, 14_000);
    return { openAtEnd, refused, closedByServer: closedAfterMs.length, medianClosedAfterMs: Math.round(closedAfterMs.sort((a, b) => a - b)[closedAfterMs.length >> 1] ?? 0) };
  });
