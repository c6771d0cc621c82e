/**
 * `node --import tsx bench/profile.ts [workflow|cases|put] [cases]`: one BFF
 * under `node --cpu-prof` on a seeded store, one load, and where its CPU
 * went: self time by function and by bucket (auth, store, view, headers,
 * log, Hono, the node adapter, GC, idle). For finding the cost before
 * changing anything; the figures that count come from `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMsOf, startBff } from './children.js';
import { makeTemplates, seed } from './seed.js';
import { load } from './throughput.js';
import { putLoad } from './writes.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const what = (process.argv[2] ?? 'workflow') as 'workflow' | 'cases' | 'put';
const cases = Number(process.argv[3] ?? 10_000);
const seconds = Number(process.env.SECONDS_ ?? 5);

/** The measured load only (both clocks are CLOCK_MONOTONIC, in µs): start-up and warm-up are left out. */
let windowStart = 0;
let windowEnd = 0;
const reviewerKey = randomBytes(24).toString('base64url');
const seeded = await seed(await makeTemplates(), { cases, owned: 200 });
const profDir = await mkdtemp(join(tmpdir(), 'kyc-prof-'));
const bff = await startBff(seeded.dataDir, reviewerKey, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
try {
  const pid = bff.process.pid!;
  const warm = async () => {
    if (what === 'put') return putLoad(bff.url, seeded.owned, 10, 1000);
    const [path, token] = what === 'cases' ? ['/api/v1/cases?limit=50', reviewerKey] : [`/api/v1/workflows/${seeded.reader.id}`, seeded.reader.token];
    return load(`${bff.url}${path}`, { authorization: `Bearer ${token}` }, 1, 10);
  };
  await warm();
  windowStart = Number(process.hrtime.bigint() / 1000n);
  const cpu = cpuMsOf(pid);
  let count: number;
  if (what === 'put') count = (await putLoad(bff.url, seeded.owned, 10, seconds * 1000)).writes;
  else {
    const [path, token] = what === 'cases' ? ['/api/v1/cases?limit=50', reviewerKey] : [`/api/v1/workflows/${seeded.reader.id}`, seeded.reader.token];
    const result = await load(`${bff.url}${path}`, { authorization: `Bearer ${token}` }, seconds, 10);
    count = result.answered;
    if (result.failures) console.log(`${result.failures} failures`);
  }
  const cpuMs = cpuMsOf(pid) - cpu;
  windowEnd = Number(process.hrtime.bigint() / 1000n);
  console.log(`${what} at ${cases} cases: ${count} answered in ${seconds} s (${Math.round(count / seconds)}/s), BFF CPU ${((cpuMs * 1000) / count).toFixed(1)} µs per request`);
} finally {
  await bff.stop();
}
const file = (await readdir(profDir)).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(await readFile(join(profDir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
for (const node of profile.nodes) node.hitCount = 0;
for (let i = 0, at = profile.startTime; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i];
  if (at >= windowStart && at <= windowEnd) byId.get(profile.samples[i])!.hitCount++;
}
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const total = profile.nodes.reduce((sum, node) => sum + node.hitCount, 0);
const idle = profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').reduce((s, n) => s + n.hitCount, 0);
const busy = total - idle;
const label = (node: Node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')}:${node.callFrame.lineNumber + 1}`;
/** Buckets by the innermost project frame on the stack. */
const bucketOf = (node: Node): string => {
  for (let at: Node | undefined = node; at; at = byId.get(parent.get(at.id) ?? -1)) {
    const { url, functionName } = at.callFrame;
    if (url.includes('/bff/auth.ts')) return 'auth';
    if (url.includes('/bff/store/')) return 'store (read, parse)';
    if (url.includes('/bff/views.ts')) return 'view';
    if (url.includes('/bff/log.ts')) return 'log (batched write)';
    if (url.includes('/bff/app.ts')) return functionName.includes('redact') ? 'log line (redact)' : 'app middleware (headers, log line)';
    if (url.includes('/bff/routes/')) return 'route handler';
    if (url.includes('/bff/rate-limit.ts')) return 'rate limiter';
    if (url.includes('/bff/validate.ts')) return 'validation';
  }
  const { url, functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return '(program: native, unattributed)';
  if (url.includes('@hono/node-server')) return 'node adapter';
  if (url.includes('/hono/')) return 'Hono';
  if (url.startsWith('node:')) return `node core (${url.slice(5).split('/')[0]})`;
  return 'other';
};
const buckets = new Map<string, number>();
const functions = new Map<string, number>();
for (const node of profile.nodes) {
  if (!node.hitCount || node.callFrame.functionName === '(idle)') continue;
  const b = bucketOf(node);
  buckets.set(b, (buckets.get(b) ?? 0) + node.hitCount);
  functions.set(label(node), (functions.get(label(node)) ?? 0) + node.hitCount);
}
const pct = (n: number) => `${((100 * n) / busy).toFixed(1)}%`.padStart(6);
console.log(`\nnon-idle samples: ${busy} of ${total}\nby bucket (innermost project frame on the stack):`);
for (const [name, hits] of [...buckets].sort((a, b) => b[1] - a[1])) console.log(`${pct(hits)}  ${name}`);
console.log('\ntop functions by self time:');
for (const [name, hits] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(hits)}  ${name}`);
await rm(seeded.dataDir, { recursive: true, force: true });
if (!process.env.KEEP_PROFILE) await rm(profDir, { recursive: true, force: true });
else console.log(`profile kept in ${profDir}`);
