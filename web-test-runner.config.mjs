// Browser tests: Debian's Chromium, and a real BFF on a loopback port with
// its own temporary data directory (started once for the run).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_CAMERA_ARGS } from './scripts/chromium.mjs';

/** A free loopback port, so that several runs (and engineers) never collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const TEST_PORT = Number(process.env.WTR_PORT) || (await freePort());
const REVIEWER_KEY = 'test-reviewer-key-0123456789abcdef';
const OTHER_REVIEWER_KEY = 'test-reviewer-key-fedcba9876543210';
const INTEGRATOR_KEY = 'test-integrator-key-0123456789abcdef0123';
/** A senior on the second, four-eyes BFF (reviewers.md), beside alice's key. */
const SENIOR_KEY = 'test-senior-key-0123456789abcdef';

/** Starts `bff/server.ts` as a child process with `env`; resolves with the child, its data dir and its API base URL. */
async function startBff(env) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyc-wtr-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      KYC_DATA_DIR: dataDir,
      KYC_ALLOWED_ORIGINS: `http://localhost:${TEST_PORT},http://127.0.0.1:${TEST_PORT}`,
      KYC_RATE_LIMIT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const api = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(`${match[1]}/api/v1`);
    });
    child.once('exit', (code) => reject(new Error(`BFF exited with ${code}: ${out}`)));
  });
  return { child, dataDir, api };
}

/** The real BFF for every test, and a second one with KYC_FOUR_EYES for the two-stage screens. */
function realBff() {
  let started = [];
  let api;
  let fourEyesApi;
  return {
    name: 'real-bff',
    async serverStart() {
      started = await Promise.all([
        startBff({ KYC_REVIEWERS: `alice:${REVIEWER_KEY},bob:${OTHER_REVIEWER_KEY}`, KYC_API_KEYS: `bank:${INTEGRATOR_KEY}` }),
        startBff({ KYC_REVIEWERS: `alice:${REVIEWER_KEY},carol:${SENIOR_KEY}:senior`, KYC_FOUR_EYES: 'reject,request_resubmission' }),
      ]);
      [api, fourEyesApi] = started.map((bff) => bff.api);
    },
    serverStop() {
      for (const { child, dataDir } of started) {
        child.kill('SIGTERM');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    transform(context) {
      // Tests read the BFF's address and the reviewer keys from this module.
      if (context.path === '/__kyc-test-config.js') {
        return {
          body: `export const api = ${JSON.stringify(api)};
export const reviewerKey = ${JSON.stringify(REVIEWER_KEY)};
export const otherReviewerKey = ${JSON.stringify(OTHER_REVIEWER_KEY)};
export const integratorKey = ${JSON.stringify(INTEGRATOR_KEY)};
export const fourEyesApi = ${JSON.stringify(fourEyesApi)};
export const seniorKey = ${JSON.stringify(SENIOR_KEY)};`,
          type: 'js',
        };
      }
    },
    serve(context) {
      if (context.path === '/__kyc-test-config.js') return { body: '', type: 'js' };
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  port: TEST_PORT,
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS, ...FAKE_CAMERA_ARGS],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), realBff()],
};
