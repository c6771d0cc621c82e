/**
 * Bundle weight of each element as a host page loads it: one vite build per
 * entry (minified, es2022, nothing external), measured raw, gzip and brotli.
 * "Entry" is what `<script type="module" src>` loads before the element can
 * render (the entry chunk and the chunks it imports statically); "total"
 * adds every lazy chunk and asset.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { minifyLitCss } from '../scripts/minify-lit-css.js';
import { absent, row, type Goal, type Row } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Decimal kilobytes (1 KB = 1,000 bytes): the stricter reading of a KB budget. */
const KB = 1000;

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface BundleSizes {
  entry: Sizes;
  total: Sizes;
  chunks: number;
}

function sizesOf(parts: Uint8Array[]): Sizes {
  const sizes = { raw: 0, gzip: 0, brotli: 0 };
  for (const part of parts) {
    sizes.raw += part.length;
    sizes.gzip += gzipSync(part, { level: 9 }).length;
    sizes.brotli += brotliCompressSync(part, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: part.length },
    }).length;
  }
  return sizes;
}

/** Builds one entry in memory and measures it. */
export async function measureBundle(entry: string): Promise<BundleSizes> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    plugins: [minifyLitCss()],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: { entry }, output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((o) => o.output);
  const encoder = new TextEncoder();
  const bytes = (f: (typeof files)[number]): Uint8Array =>
    f.type === 'chunk' ? encoder.encode(f.code) : typeof f.source === 'string' ? encoder.encode(f.source) : f.source;
  const byName = new Map(files.map((f) => [f.fileName, f]));
  const first = files.find((f) => f.type === 'chunk' && f.isEntry);
  if (!first || first.type !== 'chunk') throw new Error(`no entry chunk for ${entry}`);
  // The entry and everything it imports statically (loaded before it runs).
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    const file = byName.get(name);
    if (file?.type === 'chunk') for (const imported of file.imports) visit(imported);
  };
  visit(first.fileName);
  return {
    entry: sizesOf([...initial].map((name) => bytes(byName.get(name)!))),
    total: sizesOf(files.map(bytes)),
    chunks: files.length,
  };
}

const kb = (n: number) => `${(n / KB).toFixed(1)}`;
const describe = (s: Sizes) => `raw ${kb(s.raw)} / gzip ${kb(s.gzip)} / br ${kb(s.brotli)} KB`;

export const BUNDLE_FLOOR = 'bench/fixtures/lit-xstate-floor.ts';

export const ELEMENTS: { tag: string; entry: string; goal: number }[] = [
  { tag: 'kyc-flow', entry: 'components/kyc-flow/kyc-flow.ts', goal: 35 },
  { tag: 'kyc-review-queue', entry: 'components/kyc-review-queue/kyc-review-queue.ts', goal: 40 },
];

/** Printed under the table: figures measured elsewhere, for scale. */
export const BUNDLE_REFERENCES = [
  'lit + xstate alone: 16.4 KB brotli (measured earlier on this project; this run’s floor row measures it again)',
  'Ballerine headless web SDK: 72 KB (192 KB with dependencies)',
  'Onfido web SDK: 350 KB JS + 89 KB CSS',
];

export async function bundleRows(): Promise<Row[]> {
  const rows: Row[] = [];
  let floor: BundleSizes | null = null;
  try {
    floor = await measureBundle(BUNDLE_FLOOR);
    rows.push(
      row({
        section: 'bundle',
        name: 'lit + xstate alone (floor)',
        figure: floor.entry.brotli / KB,
        unit: 'KB',
        floor: null,
        floorName: '',
        goal: null,
        detail: describe(floor.entry),
      }),
    );
  } catch (error) {
    rows.push(absent('bundle', 'lit + xstate alone (floor)', 'KB', null, `build failed: ${(error as Error).message}`, 'error'));
  }
  for (const element of ELEMENTS) {
    const goal: Goal = { on: 'figure', kind: 'max', value: element.goal, text: `≤ ${element.goal} KB br` };
    const name = `${element.tag}.js entry, brotli`;
    if (!existsSync(`${ROOT}/${element.entry}`)) {
      rows.push(absent('bundle', name, 'KB', goal, `${element.entry} does not exist yet`));
      continue;
    }
    let sizes: BundleSizes;
    try {
      sizes = await measureBundle(element.entry);
    } catch (error) {
      rows.push(absent('bundle', name, 'KB', goal, `build failed: ${(error as Error).message.split('\n')[0]}`, 'error'));
      continue;
    }
    const floorBrotli = floor ? floor.entry.brotli / KB : null;
    rows.push(
      row({
        section: 'bundle',
        name,
        figure: sizes.entry.brotli / KB,
        unit: 'KB',
        floor: floorBrotli,
        floorName: 'lit+xstate',
        goal,
        detail: describe(sizes.entry),
        data: { ...sizes },
      }),
      row({
        section: 'bundle',
        name: `${element.tag}.js total incl. lazy chunks, brotli`,
        figure: sizes.total.brotli / KB,
        unit: 'KB',
        floor: floorBrotli,
        floorName: 'lit+xstate',
        goal: null,
        detail: `${describe(sizes.total)}; ${sizes.chunks} file(s)`,
      }),
    );
  }
  return rows;
}
