/**
 * `npm run bench`: size, speed and scale, each next to a floor measured in
 * the same run. Speed figures are medians over interleaved rounds (server
 * and floor take turns, round after round), because these machines are
 * noisy. `runBench({ smoke: true })` runs everything with tiny sizes (the
 * node test calls it so the bench cannot rot).
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_REFERENCES, bundleRows } from './bundles.js';
import { cpuMsOf, killAll, memoryOf, ROOT, startBff, startChild, type Child } from './children.js';
import { makeTemplates, seed, type Seeded } from './seed.js';
import { median, percentile, spread } from './stats.js';
import { absent, formatTable, row, type Row } from './table.js';
import { load, type LoadResult } from './throughput.js';
import { UPLOAD_GOAL, uploadRows } from './upload.js';
import { fsyncAppendRate, putLoad, type WriteRound } from './writes.js';

export interface BenchSettings {
  /** Submitted cases stored, smallest to largest (the largest also serves throughput and start-up). */
  sizes: number[];
  /** In-progress workflows per store that the write bench re-stores, taking turns. */
  owned: number;
  connections: number;
  writeRounds: number;
  writeSeconds: number;
  fsyncSeconds: number;
  throughputRounds: number;
  throughputSeconds: number;
  warmupSeconds: number;
  startRounds: number;
  photo: { width: number; height: number };
}

export const FULL: BenchSettings = {
  sizes: [1_000, 10_000, 100_000],
  // Each PUT appends to its workflow's history: spread them so no record grows far beyond a real one.
  owned: 500,
  connections: 10,
  writeRounds: 5,
  writeSeconds: 3,
  fsyncSeconds: 1.5,
  throughputRounds: 5,
  throughputSeconds: 4,
  warmupSeconds: 1,
  startRounds: 3,
  photo: { width: 4000, height: 3000 },
};

export const SMOKE: BenchSettings = {
  sizes: [20, 40, 80],
  owned: 10,
  connections: 10,
  writeRounds: 2,
  writeSeconds: 0.3,
  fsyncSeconds: 0.2,
  throughputRounds: 2,
  throughputSeconds: 0.3,
  warmupSeconds: 0.2,
  startRounds: 1,
  // Large enough that the element uploads it without asking (not "too small").
  photo: { width: 800, height: 600 },
};

export interface BenchOptions {
  smoke?: boolean;
  /** Overrides of the chosen settings. */
  settings?: Partial<BenchSettings>;
  /** Where to write the results; null: nowhere. Default bench/results.json. */
  resultsPath?: string | null;
  /** Which parts to run (default: all). */
  parts?: { bundles?: boolean; upload?: boolean; store?: boolean };
  /** Progress lines (default: stderr). */
  progress?: (line: string) => void;
}

export interface BenchResult {
  startedAt: string;
  seconds: number;
  smoke: boolean;
  machine: { cpus: number; model: string; node: string; loadavgAtStart: number[] };
  settings: BenchSettings;
  rows: Row[];
  notes: string[];
  table: string;
}

const n = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => `${value.toFixed(1)} ms`;
const perSecond = (value: number) => `${n(Math.round(value))}/s`;
const µs = (value: number) => `${n(Math.round(value))} µs`;

/** Temp dirs to remove, whatever happens. */
const cleanup = new Set<string>();

async function removeAll(): Promise<void> {
  killAll();
  await Promise.all([...cleanup].map((dir) => rm(dir, { recursive: true, force: true })));
  cleanup.clear();
}

/** For SIGINT: kill the children and remove the temp dirs. */
export const abortBench = removeAll;

async function getJson(url: string, token: string): Promise<{ text: string; json: Record<string, unknown> }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { text, json: JSON.parse(text) as Record<string, unknown> };
}

/** The BFF on a seeded store must list exactly the seeded cases: proof the seed used the store's layout. */
async function checkSeed(bff: Child, seeded: Seeded, reviewerKey: string): Promise<void> {
  const { json } = await getJson(`${bff.url}/api/v1/cases?limit=1`, reviewerKey);
  if (json.total !== seeded.cases) throw new Error(`the BFF lists ${String(json.total)} cases; ${seeded.cases} were seeded (the seed's layout is wrong)`);
  await getJson(`${bff.url}/api/v1/workflows/${seeded.owned[0].id}`, seeded.owned[0].token);
}

/**
 * Seeding, start-up, durable writes and throughput: everything that needs
 * a store. Children it starts are pushed to `children` (stopped by the caller).
 */
async function storeRows(settings: BenchSettings, reviewerKey: string, children: Child[], progress: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const largest = settings.sizes[settings.sizes.length - 1];
  const smallest = settings.sizes[0];

  // 3. Seed one store per size, through the store's own record format.
  progress('seed: walking template workflows through the BFF in-process…');
  const templates = await makeTemplates();
  const stores: Seeded[] = [];
  for (const size of settings.sizes) {
    const t = performance.now();
    const seeded = await seed(templates, { cases: size, owned: settings.owned });
    cleanup.add(seeded.dataDir);
    stores.push(seeded);
    progress(`seed: ${n(size)} cases + ${settings.owned} in progress in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const biggest = stores[stores.length - 1];

  // 4. Start-up with the largest store, floor and BFF taking turns, nothing else running.
  const startBff_: number[] = [];
  const startFloor: number[] = [];
  const rssAtStart: number[] = [];
  for (let round = 0; round < settings.startRounds; round++) {
    const order = round % 2 ? ['bff', 'floor'] : ['floor', 'bff'];
    for (const which of order) {
      if (which === 'floor') {
        const floor = await startChild('bench/startup-floor.ts', { KYC_DATA_DIR: biggest.dataDir }, '/health');
        startFloor.push(floor.startMs / 1000);
        await floor.stop();
      } else {
        const bff = await startBff(biggest.dataDir, reviewerKey);
        startBff_.push(bff.startMs / 1000);
        rssAtStart.push(memoryOf(bff.process.pid!).rss);
        await checkSeed(bff, biggest, reviewerKey);
        await bff.stop();
      }
    }
    progress(`start-up round ${round + 1}: BFF ${startBff_.at(-1)!.toFixed(2)} s, floor ${startFloor.at(-1)!.toFixed(2)} s`);
  }

  // 5. One long-lived BFF per size (writes), and the bare server (throughput floor).
  const bffs: Child[] = [];
  /** Per size: RSS right after start, and RSS and peak (VmHWM) once its writes are done. */
  const memory: { atStart: number; afterWrites?: { rss: number; peak: number } }[] = [];
  for (const seeded of stores) {
    const bff = await startBff(seeded.dataDir, reviewerKey);
    children.push(bff);
    bffs.push(bff);
    memory.push({ atStart: memoryOf(bff.process.pid!).rss });
    await checkSeed(bff, seeded, reviewerKey);
  }
  const bigBff = bffs[bffs.length - 1];
  const workflowPath = `/api/v1/workflows/${biggest.reader.id}`;
  const casesPath = '/api/v1/cases?limit=50';
  const workflowBody = (await getJson(`${bigBff.url}${workflowPath}`, biggest.reader.token)).text;
  const casesBody = (await getJson(`${bigBff.url}${casesPath}`, reviewerKey)).text;
  const routesFile = join(biggest.dataDir, 'bare-routes.json');
  await writeFile(routesFile, JSON.stringify({ [workflowPath]: workflowBody, [casesPath]: casesBody }));
  const bare = await startChild('bench/bare-server.ts', { ROUTES_FILE: routesFile }, '/health');
  children.push(bare);

  // 6. Durable writes: fsync floor and each store size take turns, round after round.
  const fsyncRates: number[] = [];
  const writeRounds: WriteRound[][] = settings.sizes.map(() => []);
  /** BFF CPU time (all threads) per acknowledged PUT, µs: a figure contention hardly moves. */
  const writeCpu: number[][] = settings.sizes.map(() => []);
  for (let i = 0; i < bffs.length; i++) await putLoad(bffs[i].url, stores[i].owned, settings.connections, settings.warmupSeconds * 1000);
  for (let round = 0; round < settings.writeRounds; round++) {
    const turns = [-1, ...settings.sizes.map((_, i) => i)];
    if (round % 2) turns.reverse();
    for (const turn of turns) {
      if (turn < 0) fsyncRates.push(fsyncAppendRate(tmpdir(), settings.fsyncSeconds * 1000));
      else {
        const cpu = cpuMsOf(bffs[turn].process.pid!);
        const result = await putLoad(bffs[turn].url, stores[turn].owned, settings.connections, settings.writeSeconds * 1000);
        writeRounds[turn].push(result);
        writeCpu[turn].push(((cpuMsOf(bffs[turn].process.pid!) - cpu) * 1000) / Math.max(1, result.writes));
      }
    }
    progress(`writes round ${round + 1}: ${writeRounds.map((r, i) => `${n(settings.sizes[i])}: ${Math.round(r.at(-1)!.perSecond)}/s`).join(', ')}; fsync floor ${Math.round(fsyncRates.at(-1)!)}/s`);
  }
  const fsyncFloor = median(fsyncRates);
  writeRounds.forEach((rounds, i) => {
    const rates = rounds.map((r) => r.perSecond);
    const latencies = rounds.flatMap((r) => r.latenciesMs);
    const failures = rounds.reduce<Record<string, number>>((all, r) => {
      for (const [status, count] of Object.entries(r.failures)) all[status] = (all[status] ?? 0) + count;
      return all;
    }, {});
    const failed = Object.entries(failures).map(([status, count]) => `${count}× ${status}`).join(', ');
    const size = settings.sizes[i];
    rows.push(
      row({
        section: 'writes',
        name: `snapshot PUTs at ${n(size)} cases (+${settings.owned} in progress)`,
        figure: median(rates),
        unit: 'writes/s',
        floor: fsyncFloor,
        floorName: "disk's fsync'd 1 KB appends",
        floorUnit: 'appends/s',
        ratio: median(rounds.map((r, k) => r.perSecond / fsyncRates[k])),
        goal: size === largest ? { on: 'figure', kind: 'min', value: 1000, text: '≥ 1,000/s' } : null,
        detail: `${spread(rates, perSecond)}; p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; BFF CPU ${µs(median(writeCpu[i]))}/write; ${n(latencies.length)} writes${failed ? `; FAILED: ${failed}` : ''}`,
        data: { perRound: rates, fsyncPerRound: fsyncRates, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), cpuMicrosPerWrite: writeCpu[i], failures },
      }),
    );
  });
  const scale = writeRounds[0].map((r, k) => writeRounds[writeRounds.length - 1][k].perSecond / r.perSecond);
  rows.push(
    row({
      section: 'writes',
      name: `writes/s at ${n(largest)} ÷ at ${n(smallest)} (same rounds)`,
      figure: median(scale),
      unit: '×',
      floor: null,
      floorName: '',
      ratio: null,
      goal: { on: 'figure', kind: 'min', value: 0.8, text: '≥ 0.8 (within 20%)' },
      detail: `per round: ${scale.map((s) => s.toFixed(2)).join(', ')}`,
      data: { perRound: scale },
    }),
  );

  // 7. Throughput: BFF and bare server take turns, same body, 10 connections.
  const endpoints = [
    { name: 'GET /workflows/:id (applicant token)', path: workflowPath, token: biggest.reader.token, goal: 0.5 },
    { name: `GET /cases?limit=50 (${n(largest)} cases)`, path: casesPath, token: reviewerKey, goal: 0.3 },
  ];
  bffs.forEach((bff, i) => (memory[i].afterWrites = memoryOf(bff.process.pid!)));
  for (const bff of bffs.slice(0, -1)) await bff.stop(); // only the largest store serves reads
  // A second floor: the BFF's framework alone (Hono on @hono/node-server, no middleware), same bodies.
  const hono = await startChild('bench/hono-server.ts', { ROUTES_FILE: routesFile }, '/health');
  children.push(hono);
  const servers = { bare, hono, bff: bigBff };
  type Server = keyof typeof servers;
  const names: Server[] = ['bare', 'hono', 'bff'];
  const results = endpoints.map(() => ({ bare: [], hono: [], bff: [] }) as Record<Server, (LoadResult & { cpuMicros: number })[]>);
  for (const endpoint of endpoints)
    for (const name of names) await load(`${servers[name].url}${endpoint.path}`, { authorization: `Bearer ${endpoint.token}` }, settings.warmupSeconds, settings.connections);
  for (let round = 0; round < settings.throughputRounds; round++) {
    // Each server goes first, middle and last in turn.
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const [e, endpoint] of endpoints.entries()) {
      for (const name of order) {
        const pid = servers[name].process.pid!;
        const cpu = cpuMsOf(pid);
        const result = await load(`${servers[name].url}${endpoint.path}`, { authorization: `Bearer ${endpoint.token}` }, settings.throughputSeconds, settings.connections);
        results[e][name].push({ ...result, cpuMicros: ((cpuMsOf(pid) - cpu) * 1000) / Math.max(1, result.answered) });
      }
    }
    progress(
      `throughput round ${round + 1}: ${endpoints.map((e, i) => `${e.path.split('?')[0].split('/')[3]} BFF ${Math.round(results[i].bff.at(-1)!.perSecond)}, Hono ${Math.round(results[i].hono.at(-1)!.perSecond)}, bare ${Math.round(results[i].bare.at(-1)!.perSecond)}`).join('; ')}`,
    );
  }
  endpoints.forEach((endpoint, e) => {
    const rates = (name: Server) => results[e][name].map((r) => r.perSecond);
    const cpu = (name: Server) => µs(median(results[e][name].map((r) => r.cpuMicros)));
    const ratios = (name: Server) => rates(name).map((rate, k) => rate / rates('bare')[k]);
    const failed = (...which: Server[]) => which.flatMap((name) => results[e][name]).reduce((sum, r) => sum + r.failures, 0);
    const failures = failed('bff', 'bare');
    rows.push(
      row({
        section: 'throughput',
        name: endpoint.name,
        figure: median(rates('bff')),
        unit: 'req/s',
        floor: median(rates('bare')),
        floorName: 'bare node:http',
        ratio: median(ratios('bff')),
        goal: { on: 'ratio', kind: 'min', value: endpoint.goal, text: `≥ ${endpoint.goal}× bare` },
        detail: `BFF ${spread(rates('bff'), perSecond)}, p99 ${ms(median(results[e].bff.map((r) => r.p99Ms)))}; bare ${spread(rates('bare'), perSecond)}; ratio per round ${ratios('bff').map((r) => r.toFixed(2)).join(', ')}; CPU per request: BFF ${cpu('bff')}, bare ${cpu('bare')}; body ${n(Buffer.byteLength(e ? casesBody : workflowBody))} B${failures ? `; ${failures} FAILED requests` : ''}`,
        data: { bffPerRound: rates('bff'), barePerRound: rates('bare'), ratios: ratios('bff'), cpuMicrosPerRequest: { bff: results[e].bff.map((r) => r.cpuMicros), bare: results[e].bare.map((r) => r.cpuMicros) }, failures },
      }),
      row({
        section: 'throughput',
        name: `  the same body from Hono alone (framework floor)`,
        figure: median(rates('hono')),
        unit: 'req/s',
        floor: median(rates('bare')),
        floorName: 'bare node:http',
        ratio: median(ratios('hono')),
        goal: null,
        detail: `${spread(rates('hono'), perSecond)}; CPU per request ${cpu('hono')}; Hono on @hono/node-server, one route, no middleware, no auth, no store${failed('hono') ? `; ${failed('hono')} FAILED requests` : ''}`,
        data: { perRound: rates('hono'), ratios: ratios('hono'), cpuMicrosPerRequest: results[e].hono.map((r) => r.cpuMicros), failures: failed('hono') },
      }),
    );
  });

  // 8. Memory: the largest store's BFF after all that load, against the bare server's.
  const after = memoryOf(bigBff.process.pid!);
  const bareMemory = memoryOf(bare.process.pid!);
  rows.push(
    row({
      section: 'startup',
      name: `start-up to first healthy answer (${n(largest)} cases)`,
      figure: median(startBff_),
      unit: 's',
      floor: median(startFloor),
      floorName: 'read+parse every file, then answer',
      goal: { on: 'figure', kind: 'max', value: 5, text: '≤ 5 s' },
      detail: `BFF ${spread(startBff_, (v) => `${v.toFixed(2)} s`)}; floor ${spread(startFloor, (v) => `${v.toFixed(2)} s`)}; warm page cache`,
      data: { bffPerRound: startBff_, floorPerRound: startFloor },
    }),
    row({
      section: 'startup',
      name: `RSS right after start (${n(largest)} cases)`,
      figure: median(rssAtStart),
      unit: 'MB',
      floor: bareMemory.rss,
      floorName: 'bare node:http',
      goal: { on: 'figure', kind: 'max', value: 300, text: '≤ 300 MB' },
      detail: spread(rssAtStart, (v) => `${v.toFixed(0)} MB`),
      data: { perRound: rssAtStart },
    }),
    row({
      section: 'startup',
      name: `peak RSS after start, writes and reads (${n(largest)} cases)`,
      figure: after.peak,
      unit: 'MB',
      floor: bareMemory.peak,
      floorName: 'bare node:http',
      goal: { on: 'figure', kind: 'max', value: 300, text: '≤ 300 MB' },
      detail: `RSS now ${after.rss.toFixed(0)} MB (VmHWM is the peak since the process started)`,
    }),
    // Every size: how memory grows with the store (the largest also in the rows above, before and after reads).
    ...settings.sizes.map((size, i) =>
      row({
        section: 'startup',
        name: `  RSS at ${n(size)} cases: after start / peak after writes`,
        figure: memory[i].afterWrites?.peak ?? null,
        unit: 'MB',
        floor: bareMemory.peak,
        floorName: 'bare node:http',
        goal: null,
        detail: `after start ${memory[i].atStart.toFixed(0)} MB; after its writes RSS ${memory[i].afterWrites?.rss.toFixed(0) ?? '?'} MB, peak ${memory[i].afterWrites?.peak.toFixed(0) ?? '?'} MB`,
      }),
    ),
  );
  return rows;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const smoke = options.smoke ?? false;
  const settings: BenchSettings = { ...(smoke ? SMOKE : FULL), ...options.settings };
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadavgAtStart = loadavg();
  const rows: Row[] = [];
  const notes: string[] = [...BUNDLE_REFERENCES.map((r) => `reference: ${r}`)];
  const reviewerKey = randomBytes(24).toString('base64url');
  const children: Child[] = [];

  try {
    const parts = { bundles: true, upload: true, store: true, ...options.parts };
    // 1. Bundles (deterministic: one build each).
    if (parts.bundles) {
      progress('bundles: building each element with vite…');
      rows.push(...(await bundleRows()));
    }

    // 2. Upload bytes, in Chromium, through the element.
    if (parts.upload) {
      progress(`upload: ${settings.photo.width}×${settings.photo.height} photo through <kyc-flow> in Chromium…`);
      try {
        rows.push(...(await uploadRows(settings.photo)));
      } catch (error) {
        rows.push(absent('upload', 'bytes sent for a photo', 'bytes', UPLOAD_GOAL, (error as Error).message.split('\n')[0], 'error'));
      }
    }
    if (parts.store) rows.push(...(await storeRows(settings, reviewerKey, children, progress)));
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await removeAll();
  }

  const order = ['bundle', 'upload', 'throughput', 'writes', 'startup'];
  rows.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  notes.push(
    'reference: lowdb with everything in one file: 1.71 writes/s at 100,000 workflows',
    'every speed figure is a median over interleaved rounds; "floor" was measured in the same run, on the same machine, in turns with the figure',
    'CPU per request or write: the server process\'s user + system time from /proc (all threads) over a round, divided by the requests it answered; contention on a shared machine moves it far less than req/s',
  );
  const result: BenchResult = {
    startedAt,
    seconds: (performance.now() - started) / 1000,
    smoke,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version, loadavgAtStart },
    settings,
    rows,
    notes,
    table: formatTable(rows),
  };
  const resultsPath = options.resultsPath === undefined ? join(ROOT, 'bench', 'results.json') : options.resultsPath;
  if (resultsPath) await writeFile(resultsPath, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
