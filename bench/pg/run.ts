/**
 * PostgreSQL figures (issue 10), each next to its floor from the same run:
 *
 *   npm run bench:pg            (100,000 workflows; BENCH_SMOKE=1 for 2,000)
 *
 * A throwaway cluster with default durability (fsync, synchronous_commit on);
 * its own `pgbench -N` with 16 clients is the floor for our writes. The
 * workflows are cloned in SQL from real ones made through the API (a
 * submitted case and an in-progress workflow), with varied names, so every
 * row is one the BFF itself would have written. Prints a table and writes
 * bench/pg/results.json.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { ALICE_KEY, Api, Journey } from '../../test/node/bff/harness.js';
import { startCluster } from '../../test/node/pg/cluster.js';
import { cpuMsOf, killAll, memoryOf, startChild, type Child } from '../children.js';
import { applicantContextOf } from '../../components/workflow/index.js';
import { percentile } from '../stats.js';
import { putLoad } from '../writes.js';
import type { OwnedWorkflow } from '../seed.js';

const SMOKE = process.env.BENCH_SMOKE === '1';
const TOTAL = SMOKE ? 2_000 : 100_000;
const IN_PROGRESS = Math.round(TOTAL / 5);
const WRITE_SECONDS = SMOKE ? 3 : 10;
const REVIEWERS = `alice:${ALICE_KEY}`;

interface Figure {
  name: string;
  value: number;
  unit: string;
  floor?: string;
  goal: string;
  met: boolean;
}
const figures: Figure[] = [];

function bff(url: string): Promise<Child> {
  return startChild('bff/server.ts', { KYC_DATABASE_URL: url, KYC_REVIEWERS: REVIEWERS, KYC_RATE_LIMIT: 'off' }, '/api/v1/health');
}

const apiOf = (child: Child) => new Api((path, init) => fetch(`${child.url}${path}`, init));

async function sql(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Niklaus', 'Ken', 'Margaret', 'John', 'Radia', 'Tim', 'Shafi', 'Leslie', 'Hedy'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Wirth', 'Thompson', 'Hamilton', 'Backus', 'Perlman', 'Berners', 'Goldwasser', 'Lamport', 'Lamarr', 'Nunez', 'Muller', 'Schmidt', 'Okafor', 'Tanaka', 'Kowalski', 'Silva', 'Haddad'];

/** Clones the template rows to `TOTAL` workflows; in-progress ones get tokens `bench-token-<n>-pad`. */
async function clone(url: string, submittedId: string, progressId: string): Promise<void> {
  const firsts = `ARRAY[${FIRST.map((n) => `'${n}'`).join(',')}]`;
  const lasts = `ARRAY[${LAST.map((n) => `'${n}'`).join(',')}]`;
  const cases = TOTAL - IN_PROGRESS - 2;
  // Names: first from the index, last from the index / 16, two letters appended to make them many (names hold no digits).
  const insert = (source: string, count: number, offset: number, submitted: boolean) => `
    WITH src AS (SELECT record::text AS r, id AS old_id, token_hash AS old_token FROM workflows WHERE id = '${source}'),
    gen AS (
      SELECT g, 'bench' || lpad(g::text, 17, '0') AS id,
        (${firsts})[1 + g % ${FIRST.length}] AS first, (${lasts})[1 + (g / ${FIRST.length}) % ${LAST.length}] || chr(97 + g % 26) || chr(97 + (g / 26) % 26) AS last,
        to_char(timestamp '2026-01-01' + g * interval '7 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
      FROM generate_series(${offset}, ${offset + count - 1}) g
    )
    INSERT INTO workflows (id, token_hash, version, status, submitted_at, search, record)
    SELECT gen.id, encode(sha256(convert_to('bench-token-' || gen.g || '-0123456789', 'UTF8')), 'hex'), w.version, w.status,
      ${submitted ? 'gen.at' : 'NULL'}, lower(gen.first || ' ' || gen.last),
      (replace(replace(replace(replace(src.r, src.old_id, gen.id), src.old_token, encode(sha256(convert_to('bench-token-' || gen.g || '-0123456789', 'UTF8')), 'hex')),
        '"firstName":"Ada"', '"firstName":"' || gen.first || '"'), '"lastName":"Lovelace"', '"lastName":"' || gen.last || '"'))::json
    FROM src, gen, workflows w WHERE w.id = src.old_id`;
  await sql(url, insert(submittedId, cases, 0, true));
  await sql(url, `UPDATE workflows SET record = (replace(record::text, (SELECT submitted_at FROM workflows WHERE id = '${submittedId}'), submitted_at))::json WHERE id LIKE 'bench%' AND submitted_at IS NOT NULL`);
  await sql(url, insert(progressId, IN_PROGRESS, cases, false));
  await sql(url, `INSERT INTO history (workflow_id, seq, entry) SELECT w.id, h.seq, h.entry FROM workflows w JOIN history h ON h.workflow_id = CASE WHEN w.submitted_at IS NULL THEN '${progressId}' ELSE '${submittedId}' END WHERE w.id LIKE 'bench%'`);
  await sql(url, 'VACUUM ANALYZE');
}

/** CPU time of every process of the `postgres` user (the cluster), ms. */
function postgresCpuMs(): number {
  const pids = spawnSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuMsOf(Number(pid));
    } catch {
      return sum; // ended meanwhile
    }
  }, 0);
}

function pgbench(cluster: Awaited<ReturnType<typeof startCluster>>): number {
  const bin = '/usr/lib/postgresql/15/bin/pgbench';
  const asRoot = process.getuid?.() === 0;
  const run = (args: string[]) => {
    const result = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : spawnSync(bin, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pgbench: ${result.stderr}`);
    return result.stdout;
  };
  const conn = ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres'];
  spawnSync('runuser', ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/createdb', ...conn, 'pgbench']);
  run(['-i', '-q', '-s', '10', ...conn, 'pgbench']);
  const out = run(['-N', '-c', '16', '-j', '2', '-T', String(WRITE_SECONDS), '-M', 'prepared', ...conn, 'pgbench']);
  return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
}

async function main() {
  const started = Date.now();
  const cluster = await startCluster();
  process.on('exit', () => {
    killAll();
    cluster.destroy();
  });
  const load = loadavg();
  const floorTps = pgbench(cluster);

  // Start-up and RSS on an empty database, for comparison.
  const url = await cluster.createDatabase();
  const empty = await bff(url);
  const emptyStart = empty.startMs;
  const emptyRss = memoryOf(empty.process.pid!).rss;
  const api = apiOf(empty);
  const submitted = await Journey.submitted(api);
  const progress = await Journey.start(api);
  await progress.details();
  // Resting in document_review, as bench/seed.ts walks it: re-storing it is a legal move.
  const uploads = { 'id_card/front': (await progress.upload('id_card', 'front')).body.id, 'id_card/back': (await progress.upload('id_card', 'back')).body.id };
  await progress.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads });
  const check = await api.send('PUT', `/workflows/${progress.id}/snapshot`, { token: progress.token, json: { state: 'document_review', context: applicantContextOf((await progress.view()).body.context), version: progress.version } });
  if (check.status !== 200) throw new Error(`template re-store: ${JSON.stringify(check.body)}`);
  await empty.stop();

  const seeding = Date.now();
  await clone(url, submitted.id, progress.id);
  const seedSeconds = (Date.now() - seeding) / 1000;
  const count = Number((await sql(url, 'SELECT count(*) FROM workflows')).rows[0].count);

  const a = await bff(url);
  const rss = memoryOf(a.process.pid!).rss;
  figures.push({ name: `start-up, ${count} workflows (spawn → first 200 of /health)`, value: a.startMs, unit: 'ms', floor: `empty database: ${emptyStart.toFixed(0)} ms`, goal: '≤ 1000 ms', met: a.startMs <= 1000 });
  figures.push({ name: `RSS after start, ${count} workflows`, value: rss, unit: 'MB', floor: `empty database: ${emptyRss.toFixed(0)} MB`, goal: 'independent of the count', met: rss < emptyRss * 1.2 + 5 });

  // Snapshot PUTs: in-progress workflows (document_review), each re-storing its own state.
  const template = (await apiOf(a).send('GET', `/workflows/${progress.id}`, { token: progress.token })).body;
  const cases = TOTAL - IN_PROGRESS - 2;
  const owned: OwnedWorkflow[] = Array.from({ length: Math.min(4000, IN_PROGRESS) }, (_, k) => {
    const g = cases + k;
    return { id: `bench${String(g).padStart(17, '0')}`, token: `bench-token-${g}-0123456789`, version: template.version, state: template.state, context: template.context };
  });
  // Each clone's own context (its name, its documents), as its applicant's client holds it.
  const contexts = await sql(url, 'SELECT id, record FROM workflows WHERE id = ANY($1)', [owned.map((o) => o.id)]);
  const byId = new Map(contexts.rows.map((row) => [row.id as string, row.record as { context: unknown; version: number }]));
  for (const o of owned) {
    const record = byId.get(o.id)!;
    o.context = applicantContextOf(record.context as never);
    o.version = record.version;
  }
  const warm = await putLoad(a.url, owned.slice(0, 200), 16, 1000);
  if (!warm.writes) {
    const o = owned[0];
    const answer = await apiOf(a).send('PUT', `/workflows/${o.id}/snapshot`, { token: o.token, json: { state: o.state, context: o.context, version: o.version } });
    throw new Error(`no PUT succeeded: ${JSON.stringify(warm.failures)} ${JSON.stringify(answer.body)}`);
  }
  // CPU per PUT, the BFF's own and the database's (all its processes): on a shared, loaded machine
  // the rate follows the CPU share a process gets, while its cost per write does not.
  const cpuBefore = cpuMsOf(a.process.pid!);
  const pgCpuBefore = postgresCpuMs();
  const one = await putLoad(a.url, owned, 32, WRITE_SECONDS * 1000);
  const bffCpu = (cpuMsOf(a.process.pid!) - cpuBefore) / one.writes;
  const pgCpu = (postgresCpuMs() - pgCpuBefore) / one.writes;
  figures.push({ name: 'CPU per snapshot PUT: BFF process', value: bffCpu, unit: 'ms', floor: `database (all postgres processes): ${pgCpu.toFixed(2)} ms`, goal: `≤ ${(2000 / 2500).toFixed(2)} ms together (2 cores, 2,500/s)`, met: bffCpu + pgCpu <= 0.8 });
  const b = await bff(url);
  const half = owned.length / 2;
  const [onA, onB] = await Promise.all([putLoad(a.url, owned.slice(0, half), 32, WRITE_SECONDS * 1000), putLoad(b.url, owned.slice(half), 32, WRITE_SECONDS * 1000)]);
  const two = onA.perSecond + onB.perSecond;
  figures.push({ name: `snapshot PUTs/s, one instance, ${count} workflows (p99 ${percentile(one.latenciesMs, 99).toFixed(0)} ms)`, value: one.perSecond, unit: '/s', floor: `pgbench -N 16 clients: ${floorTps.toFixed(0)} TPS`, goal: '≥ 2500/s', met: one.perSecond >= 2500 });
  figures.push({ name: `snapshot PUTs/s, two instances, ${count} workflows`, value: two, unit: '/s', floor: `pgbench -N 16 clients: ${floorTps.toFixed(0)} TPS`, goal: '≥ 2500/s', met: two >= 2500 });

  // The queue with a search, as reviewers type: whole names, prefixes, folded letters.
  const queries = ['lovelace', 'ada', 'hop', 'grace tur', 'dijk', 'müller', 'nunezb', 'knuthqa', 'zzz', 'ha', 'lamarrk', 'barbara liskovc'];
  const latencies: number[] = [];
  const reviewer = apiOf(a);
  for (let i = 0; i < (SMOKE ? 60 : 600); i++) {
    const q = queries[i % queries.length];
    const sent = performance.now();
    const answer = await reviewer.send('GET', `/cases?q=${encodeURIComponent(q)}&limit=50`, { token: ALICE_KEY });
    latencies.push(performance.now() - sent);
    if (answer.status !== 200) throw new Error(`GET /cases?q=${q}: ${answer.status}`);
  }
  const plain: number[] = [];
  for (let i = 0; i < (SMOKE ? 30 : 200); i++) {
    const sent = performance.now();
    await reviewer.send('GET', '/cases?limit=50', { token: ALICE_KEY });
    plain.push(performance.now() - sent);
  }
  const p99 = percentile(latencies, 99);
  // The SQL alone (EXPLAIN ANALYZE of the two statements listCases runs), free of the HTTP and Node share.
  const execution: number[] = [];
  for (const q of queries) {
    const like = `%${q.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()}%`;
    for (const text of [
      `SELECT id, status, submitted_at, record FROM workflows WHERE status <> 'in_progress' AND submitted_at IS NOT NULL AND search LIKE $1 ORDER BY submitted_at, id LIMIT 51`,
      `SELECT count(*) FROM workflows WHERE status <> 'in_progress' AND submitted_at IS NOT NULL AND search LIKE $1`,
    ]) {
      const plan = await sql(url, `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [like]);
      execution.push(plan.rows[0]['QUERY PLAN'][0]['Execution Time']);
    }
  }
  figures.push({ name: `listCases SQL with a search, slowest statement of ${execution.length} (EXPLAIN ANALYZE)`, value: Math.max(...execution), unit: 'ms', goal: '≤ 20 ms', met: Math.max(...execution) <= 20 });
  figures.push({ name: `GET /cases?q= p99, ${count} workflows (p50 ${percentile(latencies, 50).toFixed(1)} ms)`, value: p99, unit: 'ms', floor: `GET /cases without q: p99 ${percentile(plain, 99).toFixed(1)} ms`, goal: '≤ 20 ms', met: p99 <= 20 });

  // Push: a decision on B reaches the applicant's stream on A.
  const push: number[] = [];
  for (let i = 0; i < (SMOKE ? 10 : 50); i++) {
    const journey = await Journey.submitted(apiOf(a));
    const { SseReader } = await import('../../test/node/bff/harness.js');
    const reader = new SseReader(`${a.url}/api/v1/workflows/${journey.id}/stream`, journey.token);
    await reader.ready;
    const version = (await apiOf(b).send('GET', `/cases/${journey.id}`, { token: ALICE_KEY })).body.version;
    const sent = performance.now();
    const decided = await apiOf(b).send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version } });
    if (decided.status !== 200) throw new Error(`decision: ${decided.status}`);
    await reader.next('workflow.decided', () => true, 5000);
    push.push(performance.now() - sent);
    reader.close();
  }
  const pushP99 = percentile(push, 99);
  figures.push({ name: `push latency, decision on B → applicant stream on A, p99 (p50 ${percentile(push, 50).toFixed(0)} ms)`, value: pushP99, unit: 'ms', goal: '≤ 500 ms', met: pushP99 <= 500 });

  await Promise.all([a.stop(), b.stop()]);
  const lines = [
    `PostgreSQL bench${SMOKE ? ' (SMOKE)' : ''} — ${new Date(started).toISOString()}, load average at start ${load.map((l) => l.toFixed(1)).join(' ')}, seeded ${count} workflows in ${seedSeconds.toFixed(0)} s, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    '',
    '| figure | value | floor (same run) | goal | met |',
    '|---|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | ${f.value.toFixed(f.unit === 'ms' ? 1 : 0)} ${f.unit} | ${f.floor ?? '—'} | ${f.goal} | ${f.met ? 'yes' : 'NO'} |`),
  ];
  console.log(lines.join('\n'));
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ startedAt: new Date(started).toISOString(), smoke: SMOKE, figures, loadavg: load }, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
