/**
 * The package as a host app gets it: `npm pack` at the root (which builds
 * lib/ through `prepack`), the tarball installed into an empty temporary
 * project, then
 * - every `exports` entry imported in plain Node (no DOM: define entries
 *   must not throw; class-only entries must register nothing);
 * - a small TS file using the elements' types and events type-checked
 *   against the installed `.d.ts` files (fixture/use.tsx);
 * - the `bin` started (`kyc-review-kit serve`) and asked for its health.
 *
 * Dependencies come from npm's cache where it has them (--prefer-offline).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};
const version = (name: string) => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let root: string;
let app: string;
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kyc-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', root], { cwd: REPO, maxBuffer: 16 << 20 });
  // prepack's build logs land before the JSON on stdout.
  packed = (JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as (typeof packed)[])[0]!;
  app = join(root, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(root, packed.filename),
      `react@${version('react')}`,
      `@types/react@${version('@types/react')}`,
      `@types/node@${version('@types/node')}`,
    ],
    { cwd: app, maxBuffer: 16 << 20 },
  );
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the tarball holds built modules, declarations and the manifest, nothing else of the repository', () => {
  const files = packed.files.map((file) => file.path);
  console.log(`# ${packed.filename}: ${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked, ${files.length} files`);
  assert.equal(statSync(join(root, packed.filename)).size, packed.size);
  for (const file of files) {
    assert.match(file, /^(lib\/.*\.(js|d\.ts|json)|package\.json|README\.md)$/, `${file} belongs in the package`);
    assert.doesNotMatch(file, /(^|\/)(test|bench|fixtures|host-pages)\//, `${file} stays out`);
    assert.doesNotMatch(file, /(?<!\.d)\.ts$/, `${file}: no TypeScript sources`);
  }
  for (const target of Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry as object)))) {
    assert.ok(files.includes(String(target).replace(/^\.\//, '')), `${target} (package.json exports) is in the tarball`);
  }
  assert.ok(files.includes(Object.values(pkg.bin)[0]!), 'the bin is in the tarball');
  assert.ok(packed.size < 400_000, `the tarball stays small (${packed.size} bytes)`);
});

test('every package a shipped module or declaration imports is a dependency (or the React peer)', () => {
  const root = join(app, 'node_modules', pkg.name);
  const installed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const allowed = new Set([...Object.keys(installed.dependencies), ...Object.keys(installed.peerDependencies)]);
  const missing = new Set<string>();
  for (const file of packed.files.map((f) => f.path).filter((path) => /\.(js|d\.ts)$/.test(path))) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?<![.\w])(?:from|import)\s*\(?\s*'([^'.][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
      if (!allowed.has(name)) missing.add(`${file}: ${specifier}`);
    }
  }
  // (So the type-check below may skip the libraries' .d.ts files: ours resolve, and its @ts-expect-error lines catch an `any`.)
  assert.deepEqual([...missing], []);
});

test('lit and xstate are dependencies the host app shares, not copies inside the package', () => {
  const installed = JSON.parse(readFileSync(join(app, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of ['lit', 'xstate']) {
    assert.ok(installed.dependencies[name], `${name} is a dependency`);
    assert.ok(statSync(join(app, 'node_modules', name)).isDirectory(), `${name} is installed once, at the top`);
  }
  const built = readFileSync(join(app, 'node_modules', pkg.name, 'lib/components/kyc-flow/kyc-flow.component.js'), 'utf8');
  assert.match(built, /from 'lit'/, 'the element imports lit, it does not bundle it');
});

test('every entry imports in plain Node; define entries define, class entries register nothing', async () => {
  const entries = Object.keys(pkg.exports)
    .filter((key) => !key.endsWith('.json'))
    .map((key) => `${pkg.name}${key.slice(1)}`);
  assert.ok(entries.length >= 9, entries.join(', '));
  const script = (imports: string[]) => `
    const loaded = {};
    for (const entry of ${JSON.stringify(imports)}) loaded[entry] = Object.keys(await import(entry)).sort();
    const registry = globalThis.customElements;
    loaded.defined = ['kyc-flow', 'kyc-review-queue'].filter((tag) => registry?.get(tag));
    console.log(JSON.stringify(loaded));`;
  const importAll = async (imports: string[]) => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(imports)], { cwd: app });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string[]>;
  };

  const all = await importAll(entries);
  assert.ok(all[`${pkg.name}/kyc-flow`]!.includes('KycFlow'));
  assert.ok(all[`${pkg.name}/kyc-flow/class`]!.includes('KycDecisionEvent'));
  assert.ok(all[`${pkg.name}/kyc-review-queue`]!.includes('KycReviewQueue'));
  assert.ok(all[`${pkg.name}/client`]!.includes('createKycWorkflow'));
  assert.ok(all[`${pkg.name}/react`]!.includes('KycFlow'));
  assert.ok(all[`${pkg.name}/server`]!.includes('createApp'));
  assert.deepEqual(all[`${pkg.name}/types`], [], 'types only');
  // lit's Node build brings a small custom element registry: the define entries use it.
  assert.deepEqual(all.defined, ['kyc-flow', 'kyc-review-queue'], 'the define entries define their tags');

  const classes = await importAll([`${pkg.name}/kyc-flow/class`, `${pkg.name}/kyc-review-queue/class`]);
  assert.deepEqual(classes.defined, [], 'a class-only entry registers no tag');
});

test('a TS file using the elements, their events, the React wrappers and the server type-checks', async () => {
  copyFileSync(join(FIXTURE, 'use.tsx'), join(app, 'use.tsx'));
  copyFileSync(join(FIXTURE, 'tsconfig.json'), join(app, 'tsconfig.json'));
  const tsc = join(REPO, 'node_modules', '.bin', 'tsc');
  const result = await run(tsc, ['-p', app], { cwd: app }).catch((error: { stdout: string; stderr: string }) => error);
  assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'tsc reports nothing');

  // (The fixture's @ts-expect-error lines prove the types are real: were they `any`, tsc would report them unused.)
});

test('npx kyc-review-kit serve starts the BFF from the installed package', async () => {
  const bin = join(app, 'node_modules', '.bin', Object.keys(pkg.bin)[0]!);
  const refused = await run(bin, ['srve'], { cwd: app }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(refused.code, 2, 'an unknown command is refused');
  assert.match(refused.stderr, /Usage: kyc-review-kit serve/);
  const child = spawn(bin, ['serve'], {
    cwd: app,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KYC_DATA_DIR: join(root, 'data'), KYC_REVIEWERS: 'alice:package-test-key-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no "listening" line in 20 s:\n${output}`)), 20_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });
    const health = await fetch(`${url}/api/v1/health`);
    assert.deepEqual(await health.json(), { status: 'ok', store: 'file' });
    const cases = await fetch(`${url}/api/v1/cases`, { headers: { Authorization: 'Bearer package-test-key-0123456789' } });
    assert.equal(cases.status, 200, 'KYC_REVIEWERS configures it as it does npm start');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});
