/**
 * Upload bytes: what `<kyc-flow>` puts on the wire for a phone-sized photo.
 * The element (built as a host page loads it) runs in Debian's Chromium
 * against a real BFF that also serves the page; the bench walks the flow by
 * the contract's accessible names, hands the photo to "Upload photo" and
 * counts the multipart body of `POST …/documents`. If the flow cannot be
 * walked, the element's image preparation (`preparePhoto`) is run on the
 * photo directly and the row says so.
 */
import { randomBytes } from 'node:crypto';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, startChild, type Child } from './children.js';
import { absent, row, type Goal, type Row } from './table.js';

export const CHROMIUM = CHROMIUM_PATH;

export const UPLOAD_GOAL: Goal = { on: 'ratio', kind: 'max', value: 0.2, text: '≤ 1/5 of original' };
const NAME = 'bytes sent for a 4000×3000 photo';

async function buildPage(dir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: {
        input: { 'elements/kyc-flow': 'components/kyc-flow/kyc-flow.ts', 'bench/photo': 'bench/browser/photo.ts' },
        output: { entryFileNames: '[name].js', chunkFileNames: 'elements/chunks/[name]-[hash].js' },
      },
    },
  });
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>upload bench</title>
<script type="module" src="/bench/photo.js"></script><script type="module" src="/elements/kyc-flow.js"></script></head>
<body><kyc-flow></kyc-flow></body></html>`,
  );
}

/** Walks `<kyc-flow>` to `document_photo` and uploads the photo; resolves with the request body's bytes. */
async function throughTheElement(page: Page, photo: Buffer): Promise<{ sent: number; stored: number }> {
  const timeout = 30_000;
  await page.getByRole('button', { name: 'Start KYC' }).click({ timeout });
  await page.getByLabel('First name').fill('Ada', { timeout });
  await page.getByLabel('Last name').fill('Lovelace', { timeout });
  await page.getByLabel('Date of birth').fill('1990-12-10', { timeout });
  await page.getByLabel('Country', { exact: true }).selectOption('GB', { timeout });
  await page.getByRole('button', { name: 'Continue' }).click({ timeout });
  await page.getByLabel('ID card').check({ timeout });
  await page.getByRole('button', { name: 'Continue' }).click({ timeout });
  const request = page.waitForRequest((r) => r.method() === 'POST' && /\/documents$/.test(r.url()), { timeout });
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && /\/documents$/.test(r.url()), { timeout: 60_000 });
  await page.getByLabel('Upload photo').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo }, { timeout });
  const answer = await response;
  if (answer.status() !== 201) throw new Error(`the upload answered ${answer.status()}`);
  // Chromium does not hand out a blob body; the request's own size accounting and header do.
  const sent = await (async () => {
    const { requestBodySize } = await (await request).sizes();
    if (requestBodySize > 0) return requestBodySize;
    return Number((await (await request).allHeaders())['content-length'] ?? NaN);
  })();
  const stored = ((await answer.json()) as { size: number }).size;
  return { sent, stored };
}

export async function uploadRows(options: { width: number; height: number }): Promise<Row[]> {
  if (!existsSync(join(ROOT, 'components/kyc-flow/kyc-flow.ts')) || !existsSync(join(ROOT, 'components/kyc-flow/image.ts')))
    return [absent('upload', NAME, 'bytes', UPLOAD_GOAL, 'components/kyc-flow/ (element or image.ts) does not exist yet')];
  if (!existsSync(CHROMIUM)) return [absent('upload', NAME, 'bytes', UPLOAD_GOAL, `${CHROMIUM} is not installed`, 'error')];
  const staticDir = await mkdtemp(join(tmpdir(), 'kyc-bench-page-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'kyc-bench-upload-'));
  let bff: Child | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    try {
      await buildPage(staticDir);
    } catch (error) {
      return [absent('upload', NAME, 'bytes', UPLOAD_GOAL, `build failed: ${(error as Error).message.split('\n')[0]}`, 'error')];
    }
    bff = await startChild(
      'bff/server.ts',
      { KYC_DATA_DIR: dataDir, KYC_STATIC_DIR: staticDir, KYC_REVIEWERS: `bench:${randomBytes(24).toString('base64url')}` },
      '/api/v1/health',
    );
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(`${bff.url}/`);
    await page.waitForFunction(() => typeof globalThis.benchPhoto === 'function');
    const { width, height } = options;
    const photo = Buffer.from((await page.evaluate(`benchPhoto(${width}, ${height})`)) as string, 'base64');
    const dims = `${width}×${height}`;
    try {
      const { sent, stored } = await throughTheElement(page, photo);
      return [
        row({
          section: 'upload',
          name: NAME.replace('4000×3000', dims),
          figure: sent,
          unit: 'bytes',
          floor: photo.length,
          floorName: 'original file',
          goal: UPLOAD_GOAL,
          detail: `multipart body of <kyc-flow>'s POST /documents (stored file ${stored.toLocaleString('en-US')} bytes); original JPEG q0.92 ${(photo.length / 1e6).toFixed(2)} MB`,
        }),
      ];
    } catch (error) {
      // The flow could not be walked (the element is changing): measure its image preparation alone.
      const prepared = (await page.evaluate(`benchPrepare(${JSON.stringify(photo.toString('base64'))})`)) as { bytes: number; width: number; height: number };
      return [
        row({
          section: 'upload',
          name: NAME.replace('4000×3000', dims),
          figure: prepared.bytes,
          unit: 'bytes',
          floor: photo.length,
          floorName: 'original file',
          goal: UPLOAD_GOAL,
          detail: `preparePhoto() alone → ${prepared.width}×${prepared.height} JPEG (multipart overhead not counted); the element's flow failed: ${(error as Error).message.split('\n')[0]}`,
        }),
      ];
    }
  } finally {
    await browser.close().catch(() => {});
    await bff?.stop();
    await rm(staticDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}
