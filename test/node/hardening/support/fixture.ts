/**
 * Fixtures for the hardening tests: a BFF built in-process on its own temp
 * data directory, the same on a real socket, or as a child process whose
 * output is captured; plus a digest of a data directory.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../../../bff/app.js';
import { loadConfig, type Config } from '../../../../bff/config.js';
import { FileBlobStore } from '../../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../../bff/store/file-store.js';
import { inProcess, overHttp, type Fetcher } from './flow.js';

export const ROOT = resolve(import.meta.dirname, '../../../..');

/** Two reviewers with keys made fresh for each run. */
export function reviewerKeys() {
  return { alice: `alice-${randomBytes(18).toString('base64url')}`, bob: `bob-${randomBytes(18).toString('base64url')}` };
}

const madeDirs = new Set<string>();
// Temp data directories go when the test process ends (tests that keep one for a restart need it until then).
process.once('exit', () => {
  for (const dir of madeDirs)
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a mount point still busy: nothing more to do here
    }
});

export async function tempDir(prefix = 'kyc-hardening-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  madeDirs.add(dir);
  return dir;
}

export interface InProcessBff {
  app: ReturnType<typeof createApp>['app'];
  deps: ReturnType<typeof createApp>['deps'];
  call: Fetcher;
  dataDir: string;
  keys: ReturnType<typeof reviewerKeys>;
  config: Config;
  logs: string[];
  store: FileWorkflowStore;
  /** Waits for pending writes; removes the data directory unless `keep`. */
  close(keep?: boolean): Promise<void>;
}

export interface BffOptions {
  dataDir?: string;
  rateLimit?: boolean;
  env?: Record<string, string>;
}

export async function inProcessBff(options: BffOptions = {}): Promise<InProcessBff> {
  const dataDir = options.dataDir ?? (await tempDir());
  const keys = reviewerKeys();
  const config = loadConfig({
    KYC_DATA_DIR: dataDir,
    KYC_REVIEWERS: `alice:${keys.alice},bob:${keys.bob}`,
    KYC_RATE_LIMIT: options.rateLimit ? 'on' : 'off',
    ...options.env,
  });
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  const store = await FileWorkflowStore.open(dataDir, log);
  const blobs = await FileBlobStore.open(dataDir);
  const { app, deps } = createApp({ config, store, blobs, log });
  return {
    app,
    deps,
    call: inProcess(app),
    dataDir,
    keys,
    config,
    logs,
    store,
    close: async (keep = false) => {
      for (const close of deps.streams) close();
      await store.close();
      if (!keep && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SocketBff extends InProcessBff {
  url: string;
  port: number;
}

/** The same app behind a real HTTP server on 127.0.0.1 (own port). */
export async function socketBff(options: BffOptions = {}): Promise<SocketBff> {
  const bff = await inProcessBff(options);
  const server = await new Promise<ReturnType<typeof serve>>((done) => {
    const s = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...bff,
    url,
    port,
    call: overHttp(url),
    close: async (keep = false) => {
      for (const close of bff.deps.streams) close();
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((done) => server.close(() => done()));
      await bff.close(keep);
    },
  };
}

export interface ChildBff {
  url: string;
  call: Fetcher;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/** `node --import tsx bff/server.ts` as a child process, stdout and stderr captured. */
export async function childBff(env: Record<string, string>): Promise<ChildBff> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`BFF did not start: ${output}`)), 20_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        done(match[1]);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`BFF exited (${code}) before listening: ${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, call: overHttp(url), child, output: () => output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

/** sha256 over every file's relative path and bytes under `dir` (sorted). */
export async function digestDir(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (at: string): Promise<void> => {
    const entries = (await readdir(at, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        hash.update(`${relative(dir, path)}\0`);
        hash.update(await readFile(path));
        hash.update('\0');
      }
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

/** Every file under `dir` (relative paths), for "nothing left behind" checks. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(dir, path));
    }
  };
  if (await stat(dir).catch(() => undefined)) await walk(dir);
  return out.sort();
}

/** The problem+json body of an error answer (asserts the media type). */
export async function problemOf(res: Response): Promise<{ type: string; title: string; status: number; detail: string; errors?: unknown[]; version?: number }> {
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (!type.startsWith('application/problem+json')) throw new Error(`expected problem+json, got ${res.status} ${type}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}
