/**
 * "A 2xx means the change is durable": a child-process BFF killed with
 * SIGKILL in the middle of a burst of snapshot PUTs and uploads, restarted
 * on the same KYC_DATA_DIR, must still hold every acknowledged write.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ada, Api, Journey, listFiles, tempDir, testEnv } from './harness.js';
import { png } from './images.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Child {
  process: ChildProcess;
  url: string;
  api: Api;
  exited: Promise<number | null>;
}

/** `node --import tsx bff/server.ts` on `dataDir`; resolves once it prints where it listens. */
async function spawnBff(t: TestContext, dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(dataDir), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the BFF did not start: ${output}`)), 20_000);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`the BFF exited (${code}) before listening: ${output}`)));
  });
  child.stdout!.resume();
  return { process: child, url, exited, api: new Api((path, init) => fetch(`${url}${path}`, init)) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('durability', () => {
  test('SIGKILL mid-burst, restart on the same data dir: every acknowledged write is there', async (t) => {
    const dataDir = await tempDir(t);
    const first = await spawnBff(t, dataDir);
    const journeys: Journey[] = [];
    for (let i = 0; i < 10; i++) {
      const journey = await Journey.start(first.api);
      await journey.details(); // uploads start at the document choice
      journeys.push(journey);
    }

    // Per workflow, what the server acknowledged.
    const acked = new Map<string, { version: number; puts: number; docs: { id: string; sha256: string }[] }>();
    for (const j of journeys) acked.set(j.id, { version: j.version, puts: 2, docs: [] });
    let acks = 0;
    let failures = 0;
    let conflicts = 0;
    let seed = 1;
    let killed = false;
    const KILL_AFTER = 150;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.process.kill('SIGKILL');
    };
    const record = (id: string, version: number) => {
      const entry = acked.get(id)!;
      entry.version = Math.max(entry.version, version);
      if (++acks >= KILL_AFTER) kill();
    };

    // Two writers per workflow (a snapshot chain and an upload chain) race on each workflow's lock.
    const snapshotWriter = async (journey: Journey) => {
      let version = journey.version;
      while (!killed) {
        try {
          const answer = await first.api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, json: { state: 'document_selection', context: { applicant: ada }, version } });
          if (answer.status === 200) {
            acked.get(journey.id)!.puts++;
            version = answer.body.version;
            record(journey.id, version);
          } else if (answer.status === 409) {
            conflicts++;
            version = answer.body.version;
          } else throw new Error(`unexpected ${answer.status} ${JSON.stringify(answer.body)}`);
        } catch (error) {
          if (!killed) throw error;
          failures++;
        }
      }
    };
    // Spread over five items: a workflow keeps at most 10 versions of one (MAX_UPLOADS_PER_ITEM).
    const items = [['id_card', 'front'], ['id_card', 'back'], ['passport', 'front'], ['drivers_license', 'front'], ['drivers_license', 'back']];
    const uploadWriter = async (journey: Journey) => {
      for (let n = 0; !killed; n++) {
        const bytes = png(6, 6, { seed: seed++ });
        const [type, side] = items[n % items.length];
        try {
          const answer = await first.api.upload(journey.id, journey.token, { type, side }, bytes);
          if (answer.status !== 201) throw new Error(`unexpected ${answer.status} ${JSON.stringify(answer.body)}`);
          acked.get(journey.id)!.docs.push({ id: answer.body.id, sha256: answer.body.sha256 });
          record(journey.id, answer.body.version);
        } catch (error) {
          if (!killed) throw error;
          failures++;
        }
      }
    };
    // And creations: every 201's token must open its workflow after the restart.
    const created: { id: string; token: string }[] = [];
    const creator = async () => {
      while (!killed) {
        try {
          const answer = await first.api.send('POST', '/workflows', { json: {} });
          if (answer.status !== 201) throw new Error(`unexpected ${answer.status}`);
          created.push({ id: answer.body.id, token: answer.body.token });
          if (++acks >= KILL_AFTER) kill();
        } catch (error) {
          if (!killed) throw error;
          failures++;
        }
      }
    };
    const safety = setTimeout(kill, 15_000);
    await Promise.all([...journeys.flatMap((j) => [snapshotWriter(j), uploadWriter(j)]), creator()]);
    clearTimeout(safety);
    await first.exited;
    assert.ok(acks >= KILL_AFTER, `acknowledged ${acks} writes before the kill`);
    // Usually some requests are cut off by the kill; on a loaded machine all 21 writers can be between
    // requests at that instant. Either way every acknowledged write must survive, which is what follows.
    if (failures === 0) t.diagnostic('the kill landed between requests this time');
    t.diagnostic(`${acks} acknowledged writes (${created.length} creations), ${failures} in flight at the kill, ${conflicts} version conflicts retried`);

    const second = await spawnBff(t, dataDir);
    let docsChecked = 0;
    for (const journey of journeys) {
      const expected = acked.get(journey.id)!;
      const view = await second.api.send('GET', `/workflows/${journey.id}`, { token: journey.token });
      assert.equal(view.status, 200, 'the token still opens the workflow');
      // A write in flight at the kill may have landed without its answer: never less, at most one more per writer.
      assert.ok(view.body.version >= expected.version, `version ${view.body.version} ≥ acknowledged ${expected.version}`);
      assert.ok(view.body.version <= expected.version + 2);
      const stored = new Map<string, any>(view.body.documents.map((d: any) => [d.id, d]));
      for (const doc of expected.docs) {
        assert.equal(stored.get(doc.id)?.sha256, doc.sha256, `acknowledged document ${doc.id} is there`);
        docsChecked++;
      }
      for (const doc of expected.docs) {
        const res = await second.api.call('GET', `/documents/${doc.id}`, { token: journey.token });
        assert.equal(res.status, 200);
        assert.equal(sha256(new Uint8Array(await res.arrayBuffer())), doc.sha256, 'the bytes survived too');
      }

      // The audit trail on disk holds an entry for every acknowledged change, and one per version.
      const onDisk = JSON.parse(await readFile(join(dataDir, 'workflows', journey.id.slice(0, 2), `${journey.id}.json`), 'utf8'));
      const count = (action: string) => onDisk.history.filter((e: any) => e.action === action).length;
      assert.ok(count('progressed') >= expected.puts, `${count('progressed')} progressed ≥ ${expected.puts} acknowledged`);
      assert.ok(count('document_uploaded') >= expected.docs.length);
      assert.equal(onDisk.history.length, onDisk.version, 'created + one entry per change');
      assert.equal(onDisk.state, 'document_selection');
    }
    assert.ok(docsChecked > 0);
    assert.ok(created.length > 0);
    for (const { id, token } of created) {
      const view = await second.api.send('GET', `/workflows/${id}`, { token });
      assert.equal(view.status, 200, 'an acknowledged creation survives');
      assert.equal(view.body.state, 'welcome');
    }
    const leftovers = (await listFiles(dataDir)).filter((path) => path.startsWith('workflows/') && path.includes('.tmp-'));
    assert.deepEqual(leftovers, [], 'temp files of unacknowledged writes are gone after the restart');

    second.process.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'SIGTERM stops the server cleanly');
  });
});
