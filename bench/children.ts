/**
 * Child processes of the bench: the real BFF (`bff/server.ts`), the bare
 * node:http server and the start-up floor, each its own `node --import tsx`
 * process so that load generator and server never share an event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  url: string;
  /** ms from spawn() to the first 200 of its health URL. */
  startMs: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (for SIGINT and failures). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Spawns `node --import tsx <script>` with PORT set, its output discarded
 * (stderr kept for errors), and resolves once `healthPath` answers 200 (up to
 * 5 minutes: a 100,000-case start on a busy shared machine took over 2).
 */
export async function startChild(script: string, env: Record<string, string>, healthPath: string, timeoutMs = 300_000, nodeArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before answering: ${stderr.trim()}`))),
  );
  exited.catch(() => {});
  const healthy = (async () => {
    while (performance.now() - started < timeoutMs) {
      try {
        const response = await fetch(`${url}${healthPath}`);
        await response.arrayBuffer();
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${script} did not answer ${healthPath} within ${timeoutMs} ms: ${stderr.trim()}`);
  })();
  let startMs: number;
  try {
    startMs = await Promise.race([healthy, exited]);
  } catch (error) {
    child.kill('SIGKILL');
    running.delete(child);
    throw error;
  }
  return {
    process: child,
    url,
    startMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          running.delete(child);
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          running.delete(child);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface Memory {
  /** Resident set now, MB (10^6 bytes). */
  rss: number;
  /** Peak resident set (VmHWM), MB. */
  peak: number;
}

/** RSS of a child from /proc (Linux). */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: (kb('VmRSS') * 1024) / 1e6, peak: (kb('VmHWM') * 1024) / 1e6 };
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) a child has used so far, in ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export const REVIEWER = 'bench';

/** The real BFF on `dataDir` (`nodeArgs` e.g. `--cpu-prof` for bench/profile.ts). */
export function startBff(dataDir: string, reviewerKey: string, nodeArgs: string[] = []): Promise<Child> {
  return startChild('bff/server.ts', { KYC_DATA_DIR: dataDir, KYC_REVIEWERS: `${REVIEWER}:${reviewerKey}` }, '/api/v1/health', 300_000, nodeArgs);
}
