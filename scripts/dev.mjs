/**
 * `npm run dev`: the vite dev server (pages and elements from source, with
 * reload) on PORT (3000), and the BFF on KYC_BFF_PORT (3001) restarted
 * whenever its files change (`node --watch --import tsx bff/server.ts`);
 * vite proxies /api to it, so the pages use one origin as in `npm start`.
 *
 * A BFF restart must not sign the reviewer out: unless KYC_REVIEWERS is set,
 * this script makes one demo key for the whole session and hands it to every
 * restart. Ctrl+C stops both.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createServer } from 'vite';
import { REPO } from './build-if-needed.mjs';

const port = Number(process.env.PORT) || 3000;
const bffPort = Number(process.env.KYC_BFF_PORT) || 3001;
const demoKey = process.env.KYC_REVIEWERS ? null : randomBytes(24).toString('base64url');

const bff = spawn(process.execPath, ['--watch', '--import', 'tsx', 'bff/server.ts'], {
  cwd: REPO,
  env: {
    ...process.env,
    PORT: String(bffPort),
    HOST: '127.0.0.1',
    KYC_STATIC_DIR: '', // vite serves the pages in dev
    ...(demoKey ? { KYC_REVIEWERS: `demo:${demoKey}` } : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const prefix = (stream, out) => {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`[bff] ${line}\n`);
  });
};
prefix(bff.stdout, process.stdout);
prefix(bff.stderr, process.stderr);
bff.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`[bff] exited (${signal ?? code}); stopping the dev server.`);
    void stop(1);
  }
});

process.env.KYC_BFF_URL = `http://127.0.0.1:${bffPort}`;
const vite = await createServer({ configFile: join(REPO, 'vite.config.ts'), server: { port, strictPort: true } });
await vite.listen();

const base = `http://localhost:${vite.config.server.port ?? port}`;
console.log(`
KYC review kit — dev (vite with reload; BFF on :${bffPort}, restarted on change)

  Applicant:  ${base}/kyc/
  Reviewer:   ${base}/backoffice/${demoKey ? `#token=${demoKey}` : '  (sign in with a key from KYC_REVIEWERS)'}
  Themed:     ${base}/themed/      Start page: ${base}/

  Ctrl+C stops both.
`);

let stopping = false;
async function stop(code = 0) {
  if (stopping) process.exit(130);
  stopping = true;
  if (bff.exitCode === null && bff.signalCode === null) bff.kill('SIGTERM');
  await vite.close().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
