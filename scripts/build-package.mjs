/**
 * `npm run build:package` (also `prepack`, so `npm pack` runs it): the
 * package's built ESM and `.d.ts` files into lib/ (tsc, tsconfig.build.json),
 * then the custom-elements manifest lib/custom-elements.json
 * (custom-elements-manifest.config.mjs). The demo's bundles (vite, dist/)
 * are separate: the package ships modules, so a host app's bundler dedupes
 * lit and xstate with its own.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(REPO, 'node_modules', '.bin', name);
const run = (command, args) => execFileSync(command, args, { cwd: REPO, stdio: 'inherit' });

const started = performance.now();
rmSync(join(REPO, 'lib'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('cem'), ['analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs']);
console.log(`Built lib/ in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
