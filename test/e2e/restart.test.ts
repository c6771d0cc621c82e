/**
 * The server restarts while an applicant waits on "under review" with the
 * page open. `<kyc-flow>`'s event stream drops; it must come back by itself
 * (no reload) and the reviewer's decision must reach the page:
 *
 * - killed (SIGKILL, a crash) and started again on the same port and data:
 *   the page reconnects, then the reviewer decides, and the decision is pushed;
 * - stopped (SIGTERM: the server ends its streams cleanly) and started again,
 *   with the decision made while the page's stream is still down (its
 *   reconnection is held back until the reviewer's answer came): only the
 *   GET the client makes after reconnecting can show it.
 *
 * This file runs its own server (not `startDemo()`): the test stops and
 * starts that process, keeping its port, data directory and pages.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { DIST, launchChromium, OTHER_REVIEWER_KEY, PHONE, REPO, REVIEWER_KEY, scenario, type Demo } from './harness.js';
import { applicantImages, type ApplicantImages } from './images.js';
import { assertNotReloaded, completeFlow, flowOf, markNoReload, type Person } from './steps.js';

interface RestartableDemo extends Demo {
  /** Ends the server process and waits for it to exit; its data stays. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, data directory and pages. */
  start(): Promise<void>;
}

async function startRestartable(): Promise<RestartableDemo> {
  const root = mkdtempSync(join(tmpdir(), 'kyc-e2e-restart-'));
  const dataDir = join(root, 'data');
  const staticDir = join(root, 'static');
  if (!existsSync(join(DIST, 'kyc', 'index.html'))) {
    rmSync(root, { recursive: true, force: true });
    throw new Error('dist/ is missing: run "npm run build" (npm run test:e2e builds it for you)');
  }
  cpSync(DIST, staticDir, { recursive: true });
  let output = '';
  let child: ChildProcess | null = null;

  const launch = (port: string) =>
    new Promise<string>((resolve, reject) => {
      const started = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
        cwd: REPO,
        env: {
          ...process.env,
          PORT: port,
          HOST: '127.0.0.1',
          KYC_DATA_DIR: dataDir,
          KYC_STATIC_DIR: staticDir,
          KYC_REVIEWERS: `alice:${REVIEWER_KEY},bob:${OTHER_REVIEWER_KEY}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const from = output.length;
      const timer = setTimeout(() => reject(new Error(`The server did not start in 20 s:\n${output.slice(from)}`)), 20_000);
      started.stderr!.on('data', (chunk) => (output += chunk));
      started.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output.slice(from));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (${code ?? signal}):\n${output.slice(from)}`));
      });
    });

  const running = (server: ChildProcess | null): server is ChildProcess =>
    server !== null && server.exitCode === null && server.signalCode === null;

  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const server = child;
    if (!running(server)) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(signal);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (running(server)) {
      server.kill('SIGKILL');
      await exited;
    }
  };

  const url = await launch('0');
  const port = new URL(url).port;
  return {
    url,
    dataDir,
    log: () => output,
    stop,
    async start() {
      output += `\n# --- restarted on port ${port} ---\n`;
      assert.equal(await launch(port), url, 'the same address again');
    },
    async close() {
      await stop('SIGTERM');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let demo: RestartableDemo;
let browser: Browser;
let files: ApplicantImages;

before(async () => {
  [demo, browser] = await Promise.all([startRestartable(), launchChromium()]);
  files = await applicantImages(browser);
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${demo.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${REVIEWER_KEY}`,
      ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  assert.ok(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The one pending case of an applicant (found by last name), as the reviewer API lists it. */
async function caseOf(person: Person): Promise<string> {
  const { items } = await api<{ items: { id: string }[] }>(
    `/cases?status=pending_review&q=${encodeURIComponent(person.lastName)}`,
  );
  assert.equal(items.length, 1, `one pending case for ${person.lastName}`);
  return items[0]!.id;
}

async function decide(caseId: string, decision: { outcome: string; reason?: string }) {
  const { version } = await api<{ version: number }>(`/cases/${caseId}`);
  await api(`/cases/${caseId}/decision`, { method: 'POST', json: { ...decision, version } });
}

const STREAM = /\/api\/v1\/workflows\/[^/]+\/stream$/;

/** Counts the page's event-stream connections the server answered with 200. */
function countStreams(page: Page): () => number {
  let opened = 0;
  page.on('response', (response) => {
    if (STREAM.test(new URL(response.url()).pathname) && response.status() === 200) opened++;
  });
  return () => opened;
}

async function until(check: () => boolean, what: string, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('killed (SIGKILL) and restarted: the open page reconnects by itself and shows the decision pushed afterwards', async () => {
  const ada: Person = { firstName: 'Ada', lastName: 'Byron', dateOfBirth: '1990-12-10', country: 'GB', countryName: 'United Kingdom' };
  await scenario('restart after SIGKILL', { demo, browser }, async (s) => {
    const page = await s.page(await s.context(PHONE));
    const streams = countStreams(page);
    await page.goto('/kyc/');
    await completeFlow(page, ada, files);
    await until(() => streams() >= 1, 'the event stream');
    await markNoReload(page);
    const caseId = await caseOf(ada);

    const before = streams();
    await demo.stop('SIGKILL');
    await demo.start();
    // The client's backoff brings the stream back (no reload, no click).
    await until(() => streams() > before, 'the stream to reconnect');

    await decide(caseId, { outcome: 'approve' });
    const flow = flowOf(page);
    await flow.getByText(/has been approved/i).waitFor();
    await assertNotReloaded(page);
  });
});

test('stopped (SIGTERM) and restarted, decided while the stream is down: the catch-up after reconnecting shows it', async () => {
  const alan: Person = { firstName: 'Alan', lastName: 'Mathison', dateOfBirth: '1985-06-23', country: 'DE', countryName: 'Germany' };
  await scenario('restart after SIGTERM, decided meanwhile', { demo, browser }, async (s) => {
    const page = await s.page(await s.context(PHONE));
    const streams = countStreams(page);
    await page.goto('/kyc/');
    await completeFlow(page, alan, files);
    await until(() => streams() >= 1, 'the event stream');
    await markNoReload(page);
    const caseId = await caseOf(alan);

    // From here on the page's stream requests wait (they are not answered, changed or failed)
    // until the reviewer has decided: the decision cannot arrive as a push.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(STREAM, async (route: Route) => {
      held++;
      await released;
      await route.continue();
    });
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/api/v1/workflows/${caseId}`) reads.push('GET');
    });

    const before = streams();
    await demo.stop('SIGTERM');
    await demo.start();
    const reason = 'The photo of the front is from another document';
    await decide(caseId, { outcome: 'reject', reason });
    assert.equal(streams(), before, 'no stream was open while the reviewer decided');
    const flow = flowOf(page);
    assert.equal(await flow.getByText(/under review/i).count(), 1, 'still under review before the page reconnects');

    await until(() => held > 0, 'the page to try its stream again');
    release();
    await until(() => streams() > before, 'the stream to reconnect');
    await flow.getByText(/was rejected/i).waitFor();
    await flow.getByText(reason).waitFor();
    assert.ok(reads.length >= 1, 'the page read its workflow again after reconnecting');
    await assertNotReloaded(page);
  });
});
