/**
 * `node --import tsx bench/ab.ts <other checkout> [cases]`: this checkout's
 * BFF against another's (say, an export of the commit before a change), on
 * the same seeded store, taking turns round after round with the bare
 * node:http floor: req/s, ratio to bare and BFF CPU per request for
 * GET /workflows/:id and GET /cases?limit=50, PUTs/s and CPU per PUT, and
 * RSS. The machine is shared, so only figures from the same run compare.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cpuMsOf, freePort, memoryOf, REVIEWER, ROOT, startChild, type Child } from './children.js';
import { makeTemplates, seed } from './seed.js';
import { median } from './stats.js';
import { load } from './throughput.js';
import { putLoad } from './writes.js';

const other = resolve(process.argv[2] ?? '');
const cases = Number(process.argv[3] ?? 10_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const seconds = Number(process.env.SECONDS_ ?? 3);

/** The BFF of the checkout at `root`, on its own copy of the seeded store. */
async function startAt(root: string, dataDir: string, reviewerKey: string): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `${REVIEWER}:${reviewerKey}`, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      if (child.exitCode !== null) throw new Error(`${root}: the BFF exited`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    process: child,
    url,
    startMs: performance.now() - started,
    stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))),
  };
}

const reviewerKey = randomBytes(24).toString('base64url');
const templates = await makeTemplates();
const seeded = await seed(templates, { cases, owned: 300 });
const otherData = `${seeded.dataDir}-other`;
await cp(seeded.dataDir, otherData, { recursive: true });
const servers: Record<'this' | 'other', Child> = {
  this: await startAt(ROOT, seeded.dataDir, reviewerKey),
  other: await startAt(other, otherData, reviewerKey),
};
const rssAtStart = { this: memoryOf(servers.this.process.pid!).rss, other: memoryOf(servers.other.process.pid!).rss };
const workflowPath = `/api/v1/workflows/${seeded.reader.id}`;
const casesPath = '/api/v1/cases?limit=50';
const bodies: Record<string, string> = {};
for (const [path, token] of [[workflowPath, seeded.reader.token], [casesPath, reviewerKey]]) {
  const texts = await Promise.all(Object.values(servers).map(async (s) => (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text()));
  if (texts[0] !== texts[1]) throw new Error(`the two BFFs answer ${path} differently:\n${texts[0].slice(0, 400)}\n${texts[1].slice(0, 400)}`);
  bodies[path] = texts[0];
}
const routesFile = join(seeded.dataDir, '..', `ab-routes-${process.pid}.json`);
await writeFile(routesFile, JSON.stringify(bodies));
const bare = await startChild('bench/bare-server.ts', { ROUTES_FILE: routesFile }, '/health');

type Name = 'this' | 'other' | 'bare';
const all: Record<Name, Child> = { ...servers, bare };
const figures: Record<string, Record<Name, { rate: number; cpu: number }[]>> = {};
const record = (what: string, name: Name, rate: number, cpu: number) => ((figures[what] ??= { this: [], other: [], bare: [] })[name].push({ rate, cpu }));
// Each store's owned workflows are written by its own BFF only (the copies diverge).
const ownedOf = { this: seeded.owned, other: seeded.owned.map((o) => ({ ...o, context: structuredClone(o.context) })) };
for (let round = 0; round < rounds; round++) {
  const order: Name[] = round % 2 ? ['other', 'bare', 'this'] : ['this', 'bare', 'other'];
  for (const [what, path, token] of [['GET /workflows/:id', workflowPath, seeded.reader.token], ['GET /cases?limit=50', casesPath, reviewerKey]] as const)
    for (const name of order) {
      const pid = all[name].process.pid!;
      const cpu = cpuMsOf(pid);
      const result = await load(`${all[name].url}${path}`, { authorization: `Bearer ${token}` }, seconds, 10);
      record(what, name, result.perSecond, ((cpuMsOf(pid) - cpu) * 1000) / Math.max(1, result.answered));
    }
  for (const name of order) {
    if (name === 'bare') continue;
    const pid = all[name].process.pid!;
    const cpu = cpuMsOf(pid);
    const result = await putLoad(all[name].url, ownedOf[name], 10, seconds * 1000);
    record('PUT /workflows/:id/snapshot', name, result.perSecond, ((cpuMsOf(pid) - cpu) * 1000) / Math.max(1, result.writes));
  }
  process.stderr.write(`round ${round + 1} done\n`);
}
const peak = { this: memoryOf(servers.this.process.pid!).peak, other: memoryOf(servers.other.process.pid!).peak };
console.log(`${cases} cases, ${rounds} rounds of ${seconds} s; this = ${ROOT}, other = ${other}`);
for (const [what, by] of Object.entries(figures)) {
  const line = (name: Name) => {
    const rates = by[name].map((f) => f.rate);
    const ratios = by.bare.length ? rates.map((r, k) => r / by.bare[k].rate) : [];
    return `${name}: ${Math.round(median(rates))}/s${ratios.length ? ` (${median(ratios).toFixed(2)}× bare)` : ''}, CPU ${Math.round(median(by[name].map((f) => f.cpu)))} µs`;
  };
  console.log(`${what.padEnd(28)} ${['this', 'other', ...(by.bare.length ? ['bare'] : [])].map((n) => line(n as Name)).join('; ')}`);
}
console.log(`RSS at start: this ${rssAtStart.this.toFixed(0)} MB, other ${rssAtStart.other.toFixed(0)} MB; peak: this ${peak.this.toFixed(0)} MB, other ${peak.other.toFixed(0)} MB`);
for (const child of Object.values(all)) await child.stop();
await Promise.all([seeded.dataDir, otherData, routesFile].map((path) => rm(path, { recursive: true, force: true })));
