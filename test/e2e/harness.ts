/**
 * End-to-end harness: the real demo server (`node --import tsx bff/server.ts`
 * with the built pages, a temporary data directory and known reviewer keys)
 * on a free loopback port, and Debian's Chromium driven by playwright-core.
 *
 * `scenario()` wraps a test: every page it opens is watched for Content
 * Security Policy violations and uncaught errors (the test fails on either),
 * and when the test fails a screenshot of every open page goes to
 * test-results/ with the server's last log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_CAMERA_ARGS } from '../../scripts/chromium.mjs';
import { applicantImages, type ApplicantImages } from './images.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(REPO, 'dist');
export const RESULTS = join(REPO, 'test-results');

export const REVIEWER_KEY = 'e2e-reviewer-key-alice-0123456789';
export const OTHER_REVIEWER_KEY = 'e2e-reviewer-key-bob-9876543210ab';

/** How long one step (a navigation, a push, an upload) may take before a locator gives up. */
export const STEP_TIMEOUT = 10_000;

const BROWSER_ARGS = [...CHROMIUM_ARGS, ...FAKE_CAMERA_ARGS];

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

export interface Demo {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  dataDir: string;
  /** Everything the server printed, across restarts (never a token: the server does not print them). */
  log(): string;
  /**
   * Ends the server process with `signal` (SIGKILL: a crash; SIGTERM: a clean
   * stop that ends its streams), waits for it to exit, and starts it again on
   * the same port, data directory and pages.
   */
  restart(options: { signal: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  close(): Promise<void>;
}

/** Starts the demo server as `npm start` runs it, on a free port, with its own data (and `env` over the defaults). */
export async function startDemo(env: Record<string, string> = {}): Promise<Demo> {
  const root = mkdtempSync(join(tmpdir(), 'kyc-e2e-'));
  const dataDir = join(root, 'data');
  // A copy of the build: a rebuild of dist/ during the run (it empties the folder first) cannot pull pages away.
  const staticDir = join(root, 'static');
  if (existsSync(DIST)) cpSync(DIST, staticDir, { recursive: true });
  for (const file of ['index.html', 'kyc/index.html', 'bank/index.html', 'bank/records/index.html', 'backoffice/index.html', 'themed/index.html', 'elements/kyc-flow.js', 'elements/kyc-review-queue.js']) {
    if (!existsSync(join(staticDir, file))) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`dist/${file} is missing: run "npm run build" (npm run test:e2e builds it for you)`);
    }
  }
  let output = '';
  let child: ChildProcess | null = null;
  const running = (server: ChildProcess | null): server is ChildProcess =>
    server !== null && server.exitCode === null && server.signalCode === null;

  /** Spawns the server on `port` ('0': a free one) and resolves with its address once it listens. */
  const launch = (port: string) =>
    new Promise<string>((resolve, reject) => {
      const server = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
        cwd: REPO,
        env: {
          ...process.env,
          PORT: port,
          HOST: '127.0.0.1',
          KYC_DATA_DIR: dataDir,
          KYC_STATIC_DIR: staticDir,
          KYC_REVIEWERS: `alice:${REVIEWER_KEY},bob:${OTHER_REVIEWER_KEY}`,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = server;
      const from = output.length;
      const timer = setTimeout(() => reject(new Error(`The demo server did not start in 20 s:\n${output.slice(from)}`)), 20_000);
      server.stderr!.on('data', (chunk) => (output += chunk));
      server.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output.slice(from));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      server.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The demo server exited (${code ?? signal}):\n${output.slice(from)}`));
      });
    });

  /** Sends `signal` and waits for the exit (SIGKILL after 5 s). */
  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const server = child;
    if (!running(server)) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(signal);
    // The timer is cleared after the race: left pending, it held the test process open 5 s after its last test.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    if (running(server)) {
      server.kill('SIGKILL');
      await exited;
    }
  };

  let url: string;
  try {
    url = await launch('0');
  } catch (error) {
    await stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const port = new URL(url).port;
  return {
    url,
    dataDir,
    log: () => output,
    async restart({ signal }) {
      await stop(signal);
      output += `\n# --- ${signal}, restarted on port ${port} ---\n`;
      const again = await launch(port);
      if (again !== url) throw new Error(`The restarted server listens on ${again}, not ${url}`);
    },
    async close() {
      await stop('SIGTERM');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: BROWSER_ARGS });
}

export interface Suite {
  demo: Demo;
  browser: Browser;
  /** The applicant's image files (see images.ts). */
  files: ApplicantImages;
}

/**
 * One demo server and one Chromium for the tests of a file, started in
 * node:test's `before` and closed in `after`. The fields are set once
 * `before` has run: read them inside the tests.
 */
export function useDemo(env: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  before(async () => {
    [suite.demo, suite.browser] = await Promise.all([startDemo(env), launchChromium()]);
    suite.files = await applicantImages(suite.browser);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.demo?.close();
  });
  return suite;
}

/** Calls the BFF as the reviewer alice; fails on an answer other than 2xx; returns the JSON body. */
export async function reviewerApi<T>(demo: Demo, path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${demo.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${REVIEWER_KEY}`,
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The pending-review cases the reviewer API lists for a last name. */
export async function pendingCases(demo: Demo, lastName: string): Promise<{ id: string; status: string }[]> {
  const { items } = await reviewerApi<{ items: { id: string; status: string }[] }>(
    demo,
    `/cases?status=pending_review&q=${encodeURIComponent(lastName)}&limit=100`,
  );
  return items;
}

export interface Scenario {
  demo: Demo;
  browser: Browser;
  /** A fresh browser context (its own storage: another person, another device). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new watched page in `context`. */
  page(context: BrowserContext): Promise<Page>;
}

/**
 * Element defects already reported to their authors that the pages' CSP
 * makes visible. A match is printed (stderr) instead of failing the
 * scenario; `pages.test.ts` keeps a `todo` test that fails until the defect
 * is fixed. Remove an entry once its fix lands.
 */
export const KNOWN_ELEMENT_PROBLEMS: { pattern: RegExp; url: RegExp; note: string }[] = [];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/**
 * Runs `body` with fresh contexts; fails on CSP violations or uncaught page
 * errors; on failure saves a screenshot of each open page to test-results/.
 */
export async function scenario(name: string, shared: { demo: Demo; browser: Browser }, body: (s: Scenario) => Promise<void>) {
  const contexts: BrowserContext[] = [];
  const pages: { page: Page; label: string }[] = [];
  const problems: string[] = [];
  const knownSeen = new Set<string>();
  const s: Scenario = {
    ...shared,
    async context(options = DESKTOP) {
      const context = await shared.browser.newContext({ ...options, baseURL: shared.demo.url });
      context.setDefaultTimeout(STEP_TIMEOUT);
      contexts.push(context);
      return context;
    },
    async page(context) {
      const page = await context.newPage();
      const label = `context${contexts.indexOf(context) + 1}-page${pages.length + 1}`;
      pages.push({ page, label });
      page.on('console', (message) => {
        const text = message.text();
        if (!/Content.Security.Policy/i.test(text)) return;
        const known = KNOWN_ELEMENT_PROBLEMS.find((entry) => entry.pattern.test(text) && entry.url.test(page.url()));
        if (known) knownSeen.add(known.note);
        else problems.push(`${label}: CSP: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`${label}: uncaught ${error.name}: ${error.message}`));
      return page;
    },
  };
  try {
    await body(s);
    if (problems.length) throw new Error(`The pages reported problems:\n${problems.join('\n')}`);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    const base = slug(name);
    const saved: string[] = [];
    for (const { page, label } of pages) {
      if (page.isClosed()) continue;
      const file = join(RESULTS, `${base}-${label}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
        saved.push(file);
      } catch {
        /* a crashed page has no picture */
      }
    }
    const logFile = join(RESULTS, `${base}-server.log`);
    writeFileSync(logFile, shared.demo.log().split('\n').slice(-200).join('\n'));
    if (error instanceof Error) {
      error.message += `\n(screenshots: ${saved.join(', ') || 'none'}; server log: ${logFile})`;
      if (problems.length && !error.message.includes('reported problems')) error.message += `\nThe pages also reported:\n${problems.join('\n')}`;
    }
    throw error;
  } finally {
    for (const note of knownSeen) console.error(`# known element problem seen in "${name}": ${note}`);
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  }
}
