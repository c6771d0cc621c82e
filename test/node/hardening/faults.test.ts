/**
 * Faults: SIGKILL in the middle of a concurrent burst of writes (counts:
 * acknowledged, lost, unanswered), a disk that fills up or turns read-only
 * (a clear 503, nothing half-written, service back when the disk is), and a
 * start with a corrupt workflow file (set aside and logged, the rest served).
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { childBff, digestDir, filesUnder, inProcessBff, problemOf, reviewerKeys, tempDir, type InProcessBff } from './support/fixture.js';
import { faultyDisk, type FaultyDisk } from './support/faulty-disk.js';
import { applicantUntil, bearer, continueUntil, jsonInit, uploadInit, type Applying, type Stage } from './support/flow.js';
import { jpegOfSize } from './support/images.js';

describe('SIGKILL during a concurrent burst of writes', () => {
  test('48 applicants and 2 reviewers writing at once; kill -9; restart: every acknowledged write is there', async (t) => {
    const dataDir = await tempDir();
    const keys = reviewerKeys();
    const env = { KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${keys.alice},bob:${keys.bob}`, KYC_RATE_LIMIT: 'off' };
    const first = await childBff(env);
    const KILL_AFTER = 300;
    const APPLICANTS = 48;

    // What the server acknowledged, per workflow.
    interface Acked {
      token: string;
      version: number;
      documents: { id: string }[];
      status?: string;
    }
    const acked = new Map<string, Acked>();
    let acks = 0;
    let unanswered = 0;
    let killed = false;
    const ack = (id: string, token: string, version: number) => {
      const entry = acked.get(id) ?? { token, version: 0, documents: [] };
      entry.version = Math.max(entry.version, version);
      acked.set(id, entry);
      if (++acks >= KILL_AFTER && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };

    // Cases waiting for the reviewers, made before the burst.
    const waiting: Applying[] = [];
    for (let i = 0; i < 12; i++) {
      const flow = await applicantUntil(first.call, 'submitted');
      ack(flow.id, flow.token, flow.version);
      waiting.push(flow);
    }
    acks = 0; // count the burst only

    /** One step; false when the server is gone. */
    const step = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (error) {
        if (killed) {
          unanswered++;
          return undefined;
        }
        throw error;
      }
    };
    const applicant = async (n: number) => {
      await new Promise((r) => setTimeout(r, n * 10)); // staggered, so the kill finds every kind of write in flight
      while (!killed) {
        const created = await step(() => applicantUntil(first.call, 'created'));
        if (!created) return;
        ack(created.id, created.token, created.version);
        const documents: { id: string }[] = [];
        const done = await step(() =>
          continueUntil(first.call, created, 'submitted', {
            image: () => jpegOfSize(20_000 + n * 100),
            // Every write, as soon as it is acknowledged (the flow already carries its new version and upload).
            acknowledged: (flow, route) => {
              if (route.endsWith('/documents')) {
                const latest = Object.values(flow.uploads).find((id) => !documents.some((d) => d.id === id));
                if (latest) documents.push({ id: latest });
                acked.set(flow.id, { ...(acked.get(flow.id) ?? { token: flow.token, version: 0 }), documents: [...documents] } as Acked);
              }
              ack(flow.id, flow.token, flow.version);
            },
          }),
        );
        if (!done) return;
      }
    };
    const reviewer = async (key: string, cases: Applying[]) => {
      for (const flow of cases) {
        const claimed = await step(async () => {
          const res = await first.call(`/cases/${flow.id}/assignment`, jsonInit('POST', { version: flow.version }, key));
          return res.ok ? res.json() : undefined;
        });
        if (killed) return;
        if (!claimed) continue;
        ack(flow.id, flow.token, claimed.version);
        const decided = await step(async () => {
          const res = await first.call(`/cases/${flow.id}/decision`, jsonInit('POST', { outcome: 'reject', reason: 'Expired document', version: claimed.version }, key));
          return res.ok ? res.json() : undefined;
        });
        if (!decided) return;
        ack(flow.id, flow.token, decided.version);
        acked.get(flow.id)!.status = decided.status;
      }
    };
    const safety = setTimeout(() => {
      killed = true;
      first.child.kill('SIGKILL');
    }, 60_000);
    await Promise.all([
      ...Array.from({ length: APPLICANTS }, (_, n) => applicant(n)),
      reviewer(keys.alice, waiting.slice(0, 6)),
      reviewer(keys.bob, waiting.slice(6)),
    ]);
    clearTimeout(safety);
    await first.kill();
    assert.ok(acks >= KILL_AFTER, `${acks} acknowledged before the kill`);

    // After the restart: every acknowledged workflow opens with its token, at its acknowledged version or later,
    // with every acknowledged document listed and its bytes served, and every acknowledged decision kept.
    const second = await childBff(env);
    try {
      let lost = 0;
      let documentsChecked = 0;
      const problems: string[] = [];
      for (const [id, expected] of acked) {
        const res = await second.call(`/workflows/${id}`, { headers: bearer(expected.token) });
        if (res.status !== 200) {
          lost++;
          problems.push(`${id}: ${res.status}`);
          continue;
        }
        const view = await res.json();
        if (view.version < expected.version) {
          lost++;
          problems.push(`${id}: version ${view.version} < acknowledged ${expected.version}`);
        }
        if (expected.status && view.status !== expected.status) {
          lost++;
          problems.push(`${id}: status ${view.status}, acknowledged ${expected.status}`);
        }
        const stored = new Set(view.documents.map((d: { id: string }) => d.id));
        for (const document of expected.documents) {
          documentsChecked++;
          if (!stored.has(document.id)) {
            lost++;
            problems.push(`${id}: document ${document.id} missing`);
            continue;
          }
          const bytes = await second.call(`/documents/${document.id}`, { headers: bearer(expected.token) });
          if (bytes.status !== 200) problems.push(`${id}: document ${document.id} has no bytes (${bytes.status})`);
          await bytes.arrayBuffer();
        }
      }
      const leftovers = (await filesUnder(dataDir)).filter((path) => path.includes('.tmp-'));
      // Complete blobs whose upload was never recorded (written, then the kill): counted, not yet swept.
      const referenced = new Set<string>();
      for (const path of await filesUnder(join(dataDir, 'workflows')))
        for (const document of JSON.parse(await readFile(join(dataDir, 'workflows', path), 'utf8')).documents) referenced.add(document.sha256);
      const orphans = (await filesUnder(join(dataDir, 'blobs'))).filter((path) => !referenced.has(path.split('/').pop()!)).length;
      t.diagnostic(
        `${acks} writes acknowledged during the burst across ${acked.size} workflows (${documentsChecked} uploads), ${unanswered} requests unanswered at the kill, ${lost} acknowledged writes lost; temp files after restart: ${leftovers.length}; unreferenced blobs: ${orphans}`,
      );
      console.log(`# SIGKILL burst: ${acks} acknowledged, ${lost} lost, ${unanswered} unanswered at the kill, ${acked.size} workflows, ${documentsChecked} uploads checked, ${orphans} unreferenced blobs`);
      assert.equal(lost, 0, problems.slice(0, 10).join('\n'));
      assert.deepEqual(problems, []);
      assert.ok(unanswered > 0, 'the kill landed while requests were in flight');
      assert.doesNotMatch(second.output(), /set aside/, 'no workflow file was half-written');
      assert.deepEqual(leftovers, [], 'no temp file of an unacknowledged write survives the restart');
    } finally {
      await second.stop();
    }
  });
});

describe('the disk fills up or turns read-only', () => {
  let disk: FaultyDisk | undefined;
  before(async () => (disk = await faultyDisk()));
  after(() => disk?.cleanup());

  /** Every kind of write, each valid: only the disk can refuse it. */
  async function everyWrite(bff: InProcessBff, a: Applying, s: Applying): Promise<Record<string, Response>> {
    return {
      'POST /workflows': await bff.call('/workflows', jsonInit('POST', {})),
      'PUT snapshot': await bff.call(`/workflows/${a.id}/snapshot`, jsonInit('PUT', { state: 'document_selection', context: { applicant: a.applicant, uploads: {} }, version: a.version }, a.token)),
      'POST documents': await bff.call(`/workflows/${a.id}/documents`, uploadInit(a.token, jpegOfSize(40_000), 'id_card', 'front')),
      'POST events': await bff.call(
        `/workflows/${a.id}/events`,
        jsonInit('POST', { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads: { 'id_card/front': a.uploads['id_card/front'], 'id_card/back': a.uploads['id_card/back'] }, version: a.version }, a.token),
      ),
      'POST assignment': await bff.call(`/cases/${s.id}/assignment`, jsonInit('POST', { version: s.version }, bff.keys.alice)),
    };
  }

  async function refusedCleanly(bff: InProcessBff, a: Applying, s: Applying, code: RegExp) {
    const digest = await digestDir(bff.dataDir);
    const answers = await everyWrite(bff, a, s);
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(res.status, 503, `${name}: ${res.status}`);
      const problem = await problemOf(res);
      assert.match(problem.detail, /Storage is unavailable/);
      assert.ok(Number(res.headers.get('retry-after')) > 0, `${name}: Retry-After`);
    }
    assert.equal(await digestDir(bff.dataDir), digest, 'nothing half-written: the data directory is byte for byte the same');
    assert.deepEqual((await filesUnder(bff.dataDir)).filter((p) => p.includes('.tmp-')), [], 'no temp file left');
    assert.ok(bff.logs.some((line) => code.test(line)), `logged: ${bff.logs.filter((l) => /storage/.test(l)).join('; ')}`);
    assert.deepEqual(bff.logs.filter((line) => /unhandled/.test(line)), []);
    // Reads still work.
    const view = await (await bff.call(`/workflows/${a.id}`, { headers: bearer(a.token) })).json();
    assert.equal(view.version, a.version);
  }

  async function resumes(bff: InProcessBff, a: Applying, s: Applying) {
    const answers = await everyWrite(bff, a, s);
    // The snapshot bumps A's version, so the event that follows in the same batch is stale: both were accepted or judged by the rules.
    assert.equal(answers['POST /workflows'].status, 201);
    assert.equal(answers['PUT snapshot'].status, 200);
    assert.equal(answers['POST documents'].status, 201);
    assert.equal(answers['POST events'].status, 409);
    assert.equal(answers['POST assignment'].status, 200);
    for (const res of Object.values(answers)) await res.body?.cancel();
  }

  test('disk full (tmpfs): every write is a 503 problem+json, nothing half-written, and service resumes when space returns', async (t) => {
    if (!disk?.canFill) return t.skip(disk ? `cannot fill a disk here (${disk.how})` : 'neither tmpfs nor chmod works here');
    const bff = await inProcessBff({ dataDir: disk.dir });
    try {
      const a = await applicantUntil(bff.call, 'photos_uploaded');
      const s = await applicantUntil(bff.call, 'submitted');
      await disk.fill();
      await refusedCleanly(bff, a, s, /storage unavailable: ENOSPC/);
      await disk.free();
      await resumes(bff, a, s);
      t.diagnostic('ENOSPC on a 6 MB tmpfs: 5 kinds of write refused with 503, then accepted once space returned');
    } finally {
      await bff.close(true);
    }
  });

  test('read-only data directory: every write is a 503 problem+json, reads still served, and writes resume when it is writable', async (t) => {
    if (!disk) return t.skip('neither tmpfs nor chmod works here');
    const dataDir = join(disk.dir, 'ro');
    await mkdir(dataDir);
    const bff = await inProcessBff({ dataDir });
    try {
      const a = await applicantUntil(bff.call, 'photos_uploaded');
      const s = await applicantUntil(bff.call, 'submitted');
      await disk.readOnly();
      try {
        await refusedCleanly(bff, a, s, disk.how === 'tmpfs' ? /storage unavailable: EROFS/ : /storage unavailable: EACCES/);
        const doc = await bff.call(`/documents/${a.uploads['id_card/front']}`, { headers: bearer(bff.keys.alice) });
        assert.equal(doc.status, 200, 'documents are still served');
        await doc.arrayBuffer();
      } finally {
        await disk.writable();
      }
      await resumes(bff, a, s);
      t.diagnostic(`read-only by ${disk.how}: 503 for every write, reads served, writes resumed`);
    } finally {
      await bff.close(true);
    }
  });
});

describe('a corrupt workflow file at start', () => {
  test('is set aside and logged; every other workflow is served, read and written', async () => {
    const dataDir = await tempDir();
    const keys = reviewerKeys();
    const env = { KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${keys.alice}`, KYC_RATE_LIMIT: 'off' };
    // Five workflows written by a real server.
    const first = await childBff(env);
    const flows: Applying[] = [];
    for (const stage of ['details', 'selection', 'submitted', 'selection', 'photos_uploaded'] as Stage[]) flows.push(await applicantUntil(first.call, stage));
    await first.stop();

    const fileOf = (id: string) => join(dataDir, 'workflows', id.slice(0, 2), `${id}.json`);
    const [truncated, wrongShape, ...healthy] = flows;
    const text = await readFile(fileOf(truncated.id), 'utf8');
    await writeFile(fileOf(truncated.id), text.slice(0, Math.floor(text.length / 2))); // a torn write
    await writeFile(fileOf(wrongShape.id), JSON.stringify({ id: wrongShape.id, hello: 'world' })); // valid JSON, not a record
    await writeFile(`${fileOf(healthy[0].id)}.tmp-deadbeef0000`, '{"half":'); // a write that never got renamed
    // A file under another shard than its id says: also not to be trusted.
    await mkdir(join(dataDir, 'workflows', 'zz'), { recursive: true });
    await rename(fileOf(healthy[2].id), join(dataDir, 'workflows', 'zz', `${healthy[2].id}.json`)).catch(() => {});
    const moved = healthy.pop()!;

    const second = await childBff(env);
    try {
      const output = second.output();
      for (const bad of [truncated, wrongShape]) {
        assert.match(output, new RegExp(`workflow ${bad.id} set aside`), 'logged by id');
        assert.equal((await second.call(`/workflows/${bad.id}`, { headers: bearer(bad.token) })).status, 401, 'its token opens nothing now');
        assert.equal((await second.call(`/cases/${bad.id}`, { headers: bearer(keys.alice) })).status, 404);
      }
      assert.match(output, /2 workflow file\(s\) set aside at start/);
      assert.doesNotMatch(output, new RegExp(truncated.token), 'the log names ids, not tokens');
      // The bytes are kept for a human to look at, not dropped.
      const aside = await filesUnder(join(dataDir, 'set-aside'));
      assert.equal(aside.length, 2);
      for (const flow of healthy) {
        const res = await second.call(`/workflows/${flow.id}`, { headers: bearer(flow.token) });
        assert.equal(res.status, 200);
        assert.equal((await res.json()).version, flow.version);
      }
      // Whatever the server makes of a file in the wrong shard, it must not crash and not serve a stranger.
      const strayed = await second.call(`/workflows/${moved.id}`, { headers: bearer(moved.token) });
      assert.ok([200, 401, 404].includes(strayed.status), `a file in the wrong shard: ${strayed.status}`);
      await strayed.body?.cancel();
      // Reads and writes go on: the submitted cases are listed and can be decided; the in-progress one moves on.
      const list = await (await second.call('/cases', { headers: bearer(keys.alice) })).json();
      assert.deepEqual(list.items.map((i: { id: string }) => i.id).sort(), healthy.filter((f) => f.version >= 8).map((f) => f.id).sort());
      const submitted = healthy.find((f) => f.version >= 8)!;
      const claimed = await second.call(`/cases/${submitted.id}/assignment`, jsonInit('POST', { version: submitted.version }, keys.alice));
      assert.equal(claimed.status, 200);
      await claimed.body?.cancel();
      const inProgress = healthy.find((f) => f.version < 8)!;
      const before = inProgress.version;
      await continueUntil(second.call, inProgress, 'photos_uploaded', {}, 'selection');
      assert.equal(inProgress.version, before + 2, 'two uploads stored');
      assert.deepEqual((await filesUnder(join(dataDir, 'workflows'))).filter((p) => p.includes('.tmp-')), [], 'the unrenamed temp file was removed');
    } finally {
      await second.stop();
    }
  });
});
