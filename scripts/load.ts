/**
 * Load run (a script with a report, not a test):
 *
 *   node --import tsx scripts/load.ts [--applicants 200] [--reviewers 3] [--photo-kb 200]
 *
 * Starts the BFF as its own process on a fresh data directory, then over
 * loopback HTTP: N applicants go through the whole flow at once (real
 * multipart uploads of photo-sized JPEGs), each then waiting on its event
 * stream for the decision, while the reviewers work the queue (list, open,
 * claim, look at every image, decide). At the end it checks every case was
 * decided exactly once and every history is consistent, and prints p50/p99
 * latency per route. Exit code 1 when a check fails.
 *
 * The rate limiter is off for the run (KYC_RATE_LIMIT=off): every simulated
 * applicant comes from 127.0.0.1, and one address may create 20 workflows in
 * 10 minutes.
 */
import { rm } from 'node:fs/promises';
import { childBff, reviewerKeys, tempDir, type ChildBff } from '../test/node/hardening/support/fixture.js';
import { API, applicantUntil, bearer, jsonInit, StepFailed, type Applying } from '../test/node/hardening/support/flow.js';
import { jpegOfSize } from '../test/node/hardening/support/images.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number`);
  return value;
}

const APPLICANTS = arg('applicants', 200);
const REVIEWERS = Math.min(arg('reviewers', 3), 3);
const PHOTO_BYTES = arg('photo-kb', 200) * 1024;

const latencies = new Map<string, number[]>();
const record = (route: string, ms: number) => {
  const list = latencies.get(route) ?? [];
  list.push(ms);
  latencies.set(route, list);
};
const failures: string[] = [];
const counters = { claimConflicts: 0, decisionConflicts: 0, decisions: 0, imagesViewed: 0, streamsDecided: 0 };

/** Timed fetch against the API; anything but the expected statuses is a failure. */
async function timed(server: ChildBff, route: string, path: string, init: RequestInit = {}, ok: number[] = [200]): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(`${server.url}${API}${path}`, init);
    if (!ok.includes(res.status)) {
      failures.push(`${route}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      return undefined;
    }
    record(route, performance.now() - started);
    return res;
  } catch (error) {
    failures.push(`${route}: ${(error as Error).message}`);
    return undefined;
  }
}

/** One applicant: the whole flow, then the event stream until the decision arrives. */
async function applicant(server: ChildBff, n: number): Promise<Applying | undefined> {
  let flow: Applying;
  try {
    flow = await applicantUntil((path, init) => fetch(`${server.url}${API}${path}`, init), 'submitted', {
      documentType: n % 5 === 0 ? 'passport' : 'id_card',
      applicant: { firstName: `Load${n}`, lastName: 'Applicant', dateOfBirth: '1988-04-0' + ((n % 9) + 1), country: 'DE' },
      image: () => jpegOfSize(PHOTO_BYTES),
      timed: record,
    });
  } catch (error) {
    failures.push(error instanceof StepFailed ? `applicant ${n} ${error.message}` : `applicant ${n}: ${(error as Error).message}`);
    return undefined;
  }
  // As <kyc-flow> does in `final`: open the stream, catch up with a GET, then wait.
  const opened = performance.now();
  const stream = await timed(server, 'GET /workflows/:id/stream (open)', `/workflows/${flow.id}/stream`, { headers: bearer(flow.token) });
  if (!stream?.body) return flow;
  const reader = stream.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const catchUp = await timed(server, 'GET /workflows/:id', `/workflows/${flow.id}`, { headers: bearer(flow.token) });
  let decided = catchUp ? (await catchUp.json()).decision !== null : false;
  while (!decided) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    decided = text.includes('event: workflow.decided');
  }
  await reader.cancel();
  if (decided) {
    counters.streamsDecided++;
    record('wait for the decision on the stream (queue time, not latency)', performance.now() - opened);
  } else failures.push(`applicant ${n}: the stream ended before the decision`);
  return flow;
}

interface Summary {
  id: string;
  assignee: string | null;
  version: number;
}

/** One reviewer: list, open, claim, look at every image, decide; until `done()`. */
async function reviewer(server: ChildBff, name: string, key: string, done: () => boolean, decidedBy: Map<string, string[]>): Promise<void> {
  const headers = bearer(key);
  let turn = 0;
  while (!done()) {
    const list = await timed(server, 'GET /cases', '/cases?status=pending_review&sort=submittedAt&limit=20', { headers });
    if (!list) return;
    const page = (await list.json()) as { items: Summary[] };
    // Reviewers start at different places in the queue, as people would.
    const free = page.items.filter((item) => !item.assignee);
    const pick = free[(turn++ + REVIEWERS) % Math.max(1, free.length)];
    if (!pick) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const opened = await timed(server, 'GET /cases/:id', `/cases/${pick.id}`, { headers });
    if (!opened) continue;
    const detail = await opened.json();
    const claim = await timed(server, 'POST /cases/:id/assignment', `/cases/${pick.id}/assignment`, jsonInit('POST', { version: detail.version }, key), [200, 409]);
    if (!claim) continue;
    if (claim.status === 409) {
      counters.claimConflicts++; // another reviewer was faster: the contract's answer
      await claim.body?.cancel();
      continue;
    }
    const claimed = await claim.json();
    const current = Object.values(detail.context.uploads as Record<string, string>);
    for (const id of current) {
      const image = await timed(server, 'GET /documents/:id', `/documents/${id}`, { headers });
      if (image) {
        await image.arrayBuffer();
        counters.imagesViewed++;
      }
    }
    const reject = pick.id.charCodeAt(0) % 4 === 0;
    const body = reject ? { outcome: 'reject', reason: 'The document has expired', version: claimed.version } : { outcome: 'approve', version: claimed.version };
    const decision = await timed(server, 'POST /cases/:id/decision', `/cases/${pick.id}/decision`, jsonInit('POST', body, key), [200, 409]);
    if (!decision) continue;
    if (decision.status === 409) {
      counters.decisionConflicts++;
      await decision.body?.cancel();
      continue;
    }
    await decision.body?.cancel();
    counters.decisions++;
    decidedBy.set(pick.id, [...(decidedBy.get(pick.id) ?? []), name]);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Every history: created first, one submission, claimed then decided once by the same reviewer, times in order, the decision as recorded. */
function historyProblems(item: any): string[] {
  const problems: string[] = [];
  const actions: string[] = item.history.map((entry: any) => entry.action);
  const count = (action: string) => actions.filter((a) => a === action).length;
  if (actions[0] !== 'created') problems.push('does not start with created');
  if (count('submitted') !== 1) problems.push(`${count('submitted')} submissions`);
  if (count('decided') !== 1) problems.push(`${count('decided')} decisions`);
  if (count('assigned') !== 1) problems.push(`${count('assigned')} assignments`);
  const uploads = item.context.documentType === 'passport' ? 2 : 3;
  if (count('document_uploaded') !== uploads) problems.push(`${count('document_uploaded')} uploads, expected ${uploads}`);
  const assigned = item.history.find((e: any) => e.action === 'assigned');
  const decided = item.history.find((e: any) => e.action === 'decided');
  if (assigned && decided && assigned.actor.id !== decided.actor.id) problems.push('decided by someone other than the assignee');
  if (actions.indexOf('decided') < actions.indexOf('assigned') || actions.indexOf('assigned') < actions.indexOf('submitted')) problems.push('out of order');
  for (let i = 1; i < item.history.length; i++) if (item.history[i].at < item.history[i - 1].at) problems.push('time goes backwards');
  if (!item.decision || item.decision.outcome !== decided?.details?.outcome || item.decision.reviewer !== decided?.actor.id) problems.push('decision differs from its history entry');
  const expected = item.decision?.outcome === 'approve' ? 'approved' : 'rejected';
  if (item.status !== expected) problems.push(`status ${item.status} after ${item.decision?.outcome}`);
  const documents = new Set(item.documents.map((d: any) => d.id));
  for (const entry of item.history.filter((e: any) => e.action === 'document_uploaded')) if (!documents.has(entry.details.document)) problems.push('an upload in the history is not among the documents');
  for (const id of Object.values(item.context.uploads)) if (!documents.has(id)) problems.push('the context names a document that does not exist');
  return problems;
}

async function main() {
  const dataDir = await tempDir('kyc-load-');
  const keys = { ...reviewerKeys(), carol: `carol-${reviewerKeys().alice}` };
  const names = (['alice', 'bob', 'carol'] as const).slice(0, REVIEWERS);
  const server = await childBff({
    KYC_DATA_DIR: dataDir,
    KYC_REVIEWERS: names.map((name) => `${name}:${keys[name]}`).join(','),
    KYC_RATE_LIMIT: 'off',
  });
  const started = performance.now();
  try {
    const decidedBy = new Map<string, string[]>();
    let applicantsDone = false;
    const flowsPromise = Promise.all(Array.from({ length: APPLICANTS }, (_, n) => applicant(server, n))).finally(() => (applicantsDone = true));
    // Reviewers stop when every applicant has either failed or heard its decision.
    const allDecided = () => applicantsDone || decidedBy.size >= APPLICANTS;
    await Promise.all(names.map((name) => reviewer(server, name, keys[name], allDecided, decidedBy)));
    const flows = (await flowsPromise).filter((f): f is Applying => !!f);
    const wall = (performance.now() - started) / 1000;

    // Checks, through the reviewer API.
    const problems: string[] = [];
    const twice = [...decidedBy].filter(([, by]) => by.length !== 1);
    if (twice.length) problems.push(`${twice.length} cases decided more than once`);
    let consistent = 0;
    for (const flow of flows) {
      const res = await fetch(`${server.url}${API}/cases/${flow.id}`, { headers: bearer(keys.alice) });
      const item = await res.json();
      if (!decidedBy.has(flow.id)) problems.push(`${flow.id} was never decided`);
      const wrong = historyProblems(item);
      if (wrong.length) problems.push(`${flow.id}: ${wrong.join(', ')}`);
      else consistent++;
    }
    const list = await (await fetch(`${server.url}${API}/cases?status=pending_review`, { headers: bearer(keys.alice) })).json();
    if (list.total !== 0) problems.push(`${list.total} cases still pending`);
    const requests = [...latencies.values()].reduce((n, l) => n + l.length, 0);

    const lines: string[] = [];
    lines.push(`## Load run: ${APPLICANTS} applicants, ${REVIEWERS} reviewers, photos of ${PHOTO_BYTES / 1024} KB`);
    lines.push('');
    lines.push(`- Node ${process.version}, ${(await import('node:os')).cpus().length} cores; BFF as its own process, file store on ${dataDir}`);
    lines.push(`- wall time ${wall.toFixed(1)} s; ${requests} timed requests (${(requests / wall).toFixed(0)}/s)`);
    lines.push(`- applicants who finished the flow: ${flows.length}/${APPLICANTS}; decisions that reached an open stream: ${counters.streamsDecided}`);
    lines.push(`- cases decided: ${decidedBy.size} (exactly once: ${[...decidedBy.values()].filter((by) => by.length === 1).length}); histories consistent: ${consistent}/${flows.length}`);
    lines.push(`- by reviewer: ${names.map((name) => `${name} ${[...decidedBy.values()].filter((by) => by[0] === name).length}`).join(', ')}; images viewed ${counters.imagesViewed}`);
    lines.push(`- claim conflicts (two reviewers on one case, one got 409 as the contract says): ${counters.claimConflicts}; decision conflicts: ${counters.decisionConflicts}`);
    lines.push(`- failed requests: ${failures.length}`);
    lines.push('');
    lines.push('| route | n | p50 ms | p99 ms | max ms |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const [route, list] of [...latencies].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b);
      lines.push(`| ${route} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} |`);
    }
    if (failures.length || problems.length) {
      lines.push('');
      lines.push('### Problems');
      for (const line of [...failures, ...problems].slice(0, 30)) lines.push(`- ${line}`);
    }
    console.log(lines.join('\n'));
    process.exitCode = failures.length || problems.length ? 1 : 0;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
