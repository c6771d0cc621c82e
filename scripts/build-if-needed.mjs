/**
 * Builds the demo (`vite build` → dist/) when something is missing or older
 * than its sources. Used by `npm start`, `npm run test:e2e` and
 * `scripts/screenshots.mjs`; run alone: `node scripts/build-if-needed.mjs [--force]`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(REPO, 'dist');

/** What the demo serves; all of it must exist. */
export const OUTPUTS = [
  'index.html',
  'kyc/index.html',
  'kyc/de/index.html',
  'kyc/fr/index.html',
  'kyc/es/index.html',
  'kyc/ar/index.html',
  'backoffice/index.html',
  'themed/index.html',
  'react/index.html',
  'vue/index.html',
  'bank/index.html',
  'bank/records/index.html',
  'elements/kyc-flow.js',
  'elements/kyc-review-queue.js',
];

/** What the build reads (besides node_modules). */
const SOURCES = ['components', 'host-pages', 'vite.config.ts', 'package-lock.json', 'package.json'];

function newestIn(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

/** Why a build is needed ("missing …", "… changed"), or null when dist/ is up to date. */
export function buildReason() {
  let oldest = Infinity;
  for (const output of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(DIST, output)).mtimeMs);
    } catch {
      return `dist/${output} is missing`;
    }
  }
  for (const source of SOURCES) {
    if (newestIn(join(REPO, source)) > oldest) return `${source} changed since the last build`;
  }
  return null;
}

/** Builds when needed (or always with `force`); resolves with whether it built. */
export async function ensureBuilt({ force = false, log = (line) => console.log(line) } = {}) {
  const reason = force ? 'asked to' : buildReason();
  if (!reason) return false;
  log(`Building the demo with vite (${reason})…`);
  const started = performance.now();
  const { createBuilder } = await import('vite');
  const builder = await createBuilder({ configFile: join(REPO, 'vite.config.ts'), logLevel: 'warn' }, null);
  await builder.buildApp();
  log(`Built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureBuilt({ force: process.argv.includes('--force') }).then(
    (built) => built || console.log('dist/ is up to date.'),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
