/**
 * Issue 17's resource attacks, over real sockets against a BFF in its own
 * process, and what the test watches while they run: the server's RSS (from
 * /proc) and `/health` latency on a connection of its own. Shared by
 * abuse.test.ts and figures.ts (which runs them against any checkout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export const REVIEWER_KEY = 'alice-key-0123456789abcdef';

/** The budget every resource attack runs under (issue 17, "Done when"). */
export const BUDGET = { rssGrowthBytes: 150 * 1024 * 1024, healthP99Ms: 100 } as const;

export interface SpawnedBff {
  url: string;
  host: string;
  port: number;
  pid: number;
  output: () => string;
  close(): Promise<void>;
}

/** `node --import tsx bff/server.ts` from `root` (this checkout, or another one for "before" figures). */
export async function spawnBff(root: string, env: Record<string, string> = {}): Promise<SpawnedBff> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kyc-abuse-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: root,
    env: { ...process.env, KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `alice:${REVIEWER_KEY}`, KYC_RATE_LIMIT: 'off', PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the BFF did not start: ${output}`)), 30_000);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`the BFF exited before listening: ${output}`)));
  });
  const { hostname, port } = new URL(url);
  return {
    url,
    host: hostname,
    port: Number(port),
    pid: child.pid!,
    output: () => output,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

export interface Watch {
  /** Stops watching; the figures while it ran. */
  stop(): Promise<{ rssGrowth: number; peakRss: number; healthP99: number; healthMax: number; probes: number; failed: number }>;
}

/** The `/health` prober, in a worker thread: its latencies are the server's, not this process's own busy loop. */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, get } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
let failed = 0;
let running = true;
parentPort.on('message', () => (running = false));
const probe = () => new Promise((resolve) => {
  const req = get(workerData.url, { agent, timeout: 30000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('error', () => resolve(0));
  req.on('timeout', () => req.destroy(new Error('timeout')));
});
(async () => {
  await probe();
  parentPort.postMessage({ ready: true });
  while (running) {
    const started = performance.now();
    if ((await probe()) !== 200) failed++;
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  agent.destroy();
  parentPort.postMessage({ latencies, failed });
})();
`;

/**
 * Samples the server's RSS every 50 ms and asks `/health` back to back on one
 * kept-alive connection (opened before the attack, as an established client's is).
 */
export async function watch(server: SpawnedBff): Promise<Watch> {
  const worker = new Worker(PROBER, { eval: true, workerData: { url: `${server.url}/api/v1/health` } });
  const messages: { ready?: boolean; latencies?: number[]; failed?: number }[] = [];
  let wake = () => {};
  worker.on('message', (message) => {
    messages.push(message);
    wake();
  });
  const next = async () => {
    while (!messages.length) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift()!;
  };
  await next(); // ready
  const base = await rssOf(server.pid);
  let peak = base;
  const sampler = setInterval(() => {
    rssOf(server.pid).then((rss) => (peak = Math.max(peak, rss)), () => {});
  }, 50);
  return {
    async stop() {
      worker.postMessage('stop');
      const { latencies = [], failed = 0 } = await next();
      await worker.terminate();
      clearInterval(sampler);
      peak = Math.max(peak, await rssOf(server.pid).catch(() => peak));
      const sorted = latencies.sort((a, b) => a - b);
      return {
        rssGrowth: peak - base,
        peakRss: peak,
        healthP99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
        healthMax: sorted.at(-1) ?? 0,
        probes: sorted.length,
        failed,
      };
    },
  };
}

/** Sends `chunks` on a new socket; resolves with everything the server wrote until it closed (or `timeoutMs`). */
export function rawExchange(server: SpawnedBff, chunks: (string | Uint8Array)[], timeoutMs = 30_000): Promise<{ text: string; ms: number; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(server.port, server.host);
    const received: Buffer[] = [];
    let closedByServer = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(received).toString('latin1'), ms: performance.now() - started, closedByServer });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
      done();
    });
    socket.on('close', () => {
      closedByServer = true;
      done();
    });
    socket.on('error', () => {});
    socket.on('connect', async () => {
      for (const chunk of chunks) if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
    });
  });
}

export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

/** A workflow at document_selection (uploads allowed there): its id and token. */
export async function applicant(server: SpawnedBff): Promise<{ id: string; token: string }> {
  const api = `${server.url}/api/v1`;
  const created = await (await fetch(`${api}/workflows`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json();
  const auth = { Authorization: `Bearer ${created.token}`, 'Content-Type': 'application/json' };
  let version = created.version;
  for (const [state, context] of [
    ['personal_details', {}],
    ['document_selection', { applicant: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' } }],
  ] as const) {
    const res = await fetch(`${api}/workflows/${created.id}/snapshot`, { method: 'PUT', headers: auth, body: JSON.stringify({ state, context, version }) });
    version = (await res.json()).version;
  }
  return { id: created.id, token: created.token };
}

/** Attack 1: a ~9.75 MB multipart body of 150,000 empty file parts. */
export function partsFloodBody(parts = 150_000): { boundary: string; body: Buffer } {
  const boundary = 'x';
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\n\r\n`;
  return { boundary, body: Buffer.from(part.repeat(parts) + `--${boundary}--\r\n`) };
}

const FLOOD = partsFloodBody();

export async function partsFlood(server: SpawnedBff, who: { id: string; token: string }, senders = 3): Promise<{ statuses: number[]; ms: number[] }> {
  const { boundary, body } = FLOOD;
  const head = `POST /api/v1/workflows/${who.id}/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${who.token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const answers = await Promise.all(Array.from({ length: senders }, () => rawExchange(server, [head, body])));
  return { statuses: answers.map((a) => statusOf(a.text)), ms: answers.map((a) => a.ms) };
}

/** Attack 2: `count` pipelined GETs on one connection, written as fast as the socket takes them, answers never read. */
export function pipelineFlood(server: SpawnedBff, count = 50_000, path = '/api/v1/health'): Promise<{ sent: number; closedByServer: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(server.port, server.host);
    const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const batch = Buffer.concat(Array.from({ length: 1000 }, () => request));
    let sent = 0;
    let closedByServer = false;
    const finish = () => {
      socket.destroy();
      resolve({ sent, closedByServer, ms: performance.now() - started });
    };
    socket.pause(); // the answers are never read
    socket.on('error', () => {
      closedByServer = true;
      finish();
    });
    socket.on('close', () => {
      closedByServer = true;
      finish();
    });
    socket.on('connect', async () => {
      while (sent < count && !socket.destroyed) {
        const ok = socket.write(batch);
        sent += 1000;
        if (!ok) {
          const drained = await Promise.race([new Promise((r) => socket.once('drain', () => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
          if (!drained) break; // the server stopped reading: it holds what it took, no more
        }
      }
      setTimeout(finish, 1500); // let the server work on what it took
    });
  });
}

/** Attack 5: `count` connections each sending all but one byte of a `size`-byte JSON body. */
export async function halfSentBodies(server: SpawnedBff, who: { id: string; token: string }, count: number, size = 256 * 1024, waitMs = 4000) {
  const body = Buffer.alloc(size, 0x20);
  body[0] = 0x7b;
  const head = `PUT /api/v1/workflows/${who.id}/snapshot HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${who.token}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;
  const answers = await Promise.all(Array.from({ length: count }, () => rawExchange(server, [head, body.subarray(0, size - 1)], waitMs)));
  return answers.map((a) => ({ status: statusOf(a.text), retryAfter: /\r\nretry-after: (\d+)/i.exec(a.text)?.[1], ms: a.ms }));
}

/** Attack 6: `count` connections trickling one header byte every `everyMs`; how long each stayed open. */
export async function slowHeaders(server: SpawnedBff, count: number, everyMs: number, forMs: number): Promise<{ openAtEnd: number; refused: number; closedAfterMs: number[] }> {
  const sockets: { socket: Socket; opened: number; closedAfter?: number }[] = [];
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const entry = { socket: connect(server.port, server.host), opened: performance.now(), closedAfter: undefined as number | undefined };
    entry.socket.on('error', () => {});
    entry.socket.on('close', () => (entry.closedAfter ??= performance.now() - entry.opened));
    entry.socket.on('connect', () => entry.socket.write('GET /api/v1/health HTTP/1.1\r\n'));
    sockets.push(entry);
  }
  const header = 'X-Slow: ' + 'a'.repeat(10_000);
  let at = 0;
  const trickle = setInterval(() => {
    for (const { socket } of sockets) if (!socket.destroyed) socket.write(header[at % header.length]);
    at++;
  }, everyMs);
  await new Promise((resolve) => setTimeout(resolve, forMs));
  clearInterval(trickle);
  const openAtEnd = sockets.filter((s) => !s.socket.destroyed && s.closedAfter === undefined).length;
  refused = sockets.filter((s) => (s.closedAfter ?? Infinity) < 200).length;
  const closedAfterMs = sockets.flatMap((s) => (s.closedAfter === undefined ? [] : [s.closedAfter]));
  for (const { socket } of sockets) socket.destroy();
  return { openAtEnd, refused, closedAfterMs };
}
