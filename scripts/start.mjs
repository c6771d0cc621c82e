/**
 * `npm start`: the whole demo on one server.
 *
 * Builds dist/ with vite when something is missing or stale, then starts the
 * BFF on PORT (3000) serving the API (/api/v1), the element bundles
 * (/elements/*.js) and the host pages (/, /kyc/, /backoffice/, /themed/).
 * Prints both URLs — the backoffice one with the demo reviewer's key in its
 * fragment — and opens them in the default browser unless BROWSER=none, CI
 * is set, or there is no display. Data stays in KYC_DATA_DIR (./data) until
 * `npm run reset`, or in PostgreSQL when KYC_DATABASE_URL is set. Ctrl+C
 * stops the server cleanly.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';
import { DIST, ensureBuilt } from './build-if-needed.mjs';
import { lanLines } from './lan.mjs';

/** Where a browser can be started, and with what. */
function browserCommand() {
  const chosen = process.env.BROWSER;
  if (chosen === 'none' || process.env.CI) return null;
  if (chosen) return { command: chosen, args: [] };
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [] };
}

function openInBrowser(urls) {
  const browser = browserCommand();
  if (!browser) return;
  for (const url of urls) {
    try {
      const child = spawn(browser.command, [...browser.args, url], { stdio: 'ignore', detached: true });
      child.on('error', () => console.log(`(Could not start "${browser.command}" to open ${new URL(url).pathname}; open the links above yourself.)`));
      child.unref();
    } catch {
      /* no browser: the printed links are enough */
    }
  }
}

/** The address to show: loopback binds print as localhost. */
function publicBase(url) {
  const parsed = new URL(url);
  if (['127.0.0.1', '[::1]', '0.0.0.0', '[::]'].includes(parsed.hostname)) parsed.hostname = 'localhost';
  return parsed.origin;
}

/** Where the cases are kept; for PostgreSQL the host and database only (the URL may hold a password). */
function storeLine(config) {
  if (!config.databaseUrl) return `Data: ${resolve(config.dataDir)} (npm run reset clears it).`;
  let where = 'KYC_DATABASE_URL';
  try {
    const url = new URL(config.databaseUrl);
    where = `${url.host || 'local socket'}${url.pathname}`;
  } catch {
    /* a form URL cannot read: name the variable only */
  }
  return `Store: PostgreSQL at ${where} (KYC_DATABASE_URL), shared with every instance on it.`;
}

async function main() {
  await ensureBuilt();

  register();
  const { loadConfig } = await import('../bff/config.ts');
  const { startServer } = await import('../bff/server.ts');

  const config = loadConfig({ ...process.env, KYC_STATIC_DIR: process.env.KYC_STATIC_DIR || DIST });
  process.on('uncaughtException', (error) => {
    if (error && error.code === 'EADDRINUSE') {
      console.error(`Port ${config.port} is already in use. Stop what uses it, or pick another: PORT=3001 npm start`);
      process.exit(1);
    }
    throw error;
  });
  const server = await startServer(config);
  const base = publicBase(server.url);
  const applicant = `${base}/kyc/`;
  const reviewer = config.demoReviewerKey
    ? `${base}/backoffice/#token=${encodeURIComponent(config.demoReviewerKey)}`
    : `${base}/backoffice/`;

  console.log(`
KYC review kit demo — ${base}/

  Applicant (bank sign-up page):    ${applicant}
  Reviewer  (admin portal):         ${reviewer}
  ${config.demoReviewerKey ? 'The reviewer link signs in as "demo" with a key made for this run.' : 'Sign in with a reviewer key from KYC_REVIEWERS.'}

  Bank (server-side start, webhooks): ${base}/bank/   its customer records: ${base}/bank/records/
  Themed flow: ${base}/themed/   API: ${base}/api/v1
  ${storeLine(config)} Ctrl+C stops.
${lanLines(new URL(server.url).hostname, new URL(server.url).port).join('\n')}
`);
  openInBrowser([applicant, reviewer]);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    try {
      await server.close();
      console.log('Stopped. Your data is kept for next time.');
      process.exit(0);
    } catch (error) {
      console.error(`Stopping failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
