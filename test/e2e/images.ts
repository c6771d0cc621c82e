/**
 * Real image files for the end-to-end tests and the screenshots: a
 * document-like card and a face-like selfie drawn on a canvas in Chromium
 * (a blank page, outside the demo) and encoded there as JPEG or PNG bytes.
 * Deterministic: the same look on every run (and cached between the test
 * files of a run, see below). Large and sharp enough to pass
 * `<kyc-flow>`'s quality check (at least 640 × 480, crisp text and lines).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

export interface ImageFile {
  name: string;
  mimeType: 'image/jpeg' | 'image/png';
  buffer: Buffer;
}

export interface DocumentSpec {
  title: string;
  side: 'front' | 'back';
  lines: string[];
  /** Accent colour of the card. */
  tint: string;
}

type DrawSpec = { kind: 'document'; doc: DocumentSpec } | { kind: 'selfie'; label: string };

/** Runs in the blank page: draws the picture and returns it as a data URL. */
function draw(spec: DrawSpec, mime: string): string {
  const selfie = spec.kind === 'selfie';
  const w = selfie ? 900 : 1400;
  const h = selfie ? 1200 : 900;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  let seed = 11;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  if (spec.kind === 'selfie') {
    const bg = ctx.createLinearGradient(0, 0, 0, h);
    bg.addColorStop(0, '#cfd8e3');
    bg.addColorStop(1, '#8796a8');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, w, h);
    // Bookshelf behind: sharp vertical edges.
    for (let x = 0; x < w; x += 28) {
      ctx.fillStyle = `hsl(${Math.floor(random() * 360)} 35% ${35 + Math.floor(random() * 30)}%)`;
      ctx.fillRect(x, 60, 22, 260 + random() * 60);
    }
    // Shoulders, neck, face, hair, eyes, mouth.
    ctx.fillStyle = '#2f4f7a';
    ctx.beginPath();
    ctx.ellipse(w / 2, h * 1.02, w * 0.45, h * 0.3, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#d9a47e';
    ctx.fillRect(w / 2 - 70, h * 0.55, 140, 160);
    ctx.beginPath();
    ctx.ellipse(w / 2, h * 0.45, w * 0.21, h * 0.21, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#3b2418';
    ctx.beginPath();
    ctx.ellipse(w / 2, h * 0.32, w * 0.23, h * 0.11, 0, Math.PI, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#fff';
    for (const dx of [-80, 80]) {
      ctx.beginPath();
      ctx.ellipse(w / 2 + dx, h * 0.43, 34, 18, 0, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = '#2a1a10';
    for (const dx of [-80, 80]) {
      ctx.beginPath();
      ctx.arc(w / 2 + dx, h * 0.43, 12, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.strokeStyle = '#8c3b35';
    ctx.lineWidth = 8;
    ctx.beginPath();
    ctx.arc(w / 2, h * 0.5, 60, 0.15 * Math.PI, 0.85 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = '#1d2433';
    ctx.font = 'bold 40px sans-serif';
    ctx.fillText(spec.label, 40, h - 40);
  } else {
    const { doc } = spec;
    // A table top with grain.
    ctx.fillStyle = '#7b6a58';
    ctx.fillRect(0, 0, w, h);
    for (let i = 0; i < 4000; i++) {
      ctx.fillStyle = random() > 0.5 ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.08)';
      ctx.fillRect(random() * w, random() * h, 2, 2);
    }
    const cx = 90;
    const cy = 110;
    const cw = w - 180;
    const ch = h - 220;
    ctx.fillStyle = '#eef3f8';
    ctx.beginPath();
    ctx.roundRect(cx, cy, cw, ch, 28);
    ctx.fill();
    ctx.fillStyle = doc.tint;
    ctx.fillRect(cx, cy + 24, cw, 86);
    ctx.strokeStyle = 'rgba(40,80,140,0.35)';
    ctx.lineWidth = 2;
    for (let i = 0; i < 30; i++) {
      ctx.beginPath();
      for (let x = 0; x <= cw; x += 12) {
        const y = cy + ch * 0.55 + Math.sin((x / cw) * Math.PI * 5 + i * 0.35) * ch * 0.25 * (i / 30);
        if (x === 0) ctx.moveTo(cx + x, y);
        else ctx.lineTo(cx + x, y);
      }
      ctx.stroke();
    }
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 54px sans-serif';
    ctx.fillText(doc.title, cx + 40, cy + 88);
    if (doc.side === 'front') {
      ctx.fillStyle = '#9aa7b5';
      ctx.fillRect(cx + 40, cy + 150, 280, 360);
      ctx.fillStyle = '#d9a47e';
      ctx.beginPath();
      ctx.ellipse(cx + 180, cy + 290, 80, 105, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#2f4f7a';
      ctx.fillRect(cx + 60, cy + 420, 240, 90);
    }
    ctx.fillStyle = '#0d2240';
    ctx.font = '38px sans-serif';
    const left = doc.side === 'front' ? cx + 370 : cx + 40;
    doc.lines.forEach((line, i) => ctx.fillText(line, left, cy + 180 + i * 56));
    ctx.font = '42px monospace';
    ctx.fillText(doc.side === 'front' ? 'IDGBRLOVELACE<<ADA<<<<<<<<<<<<<<<' : '9012106F3001012GBR<<<<<<<<<<<<4', cx + 30, cy + ch - 40);
  }
  return canvas.toDataURL(mime, 0.92);
}

/**
 * Drawn files are kept in the system's temp folder, named by a hash of the
 * drawing code and the spec: the test files of one run (each its own
 * process) draw them once. Delete the folder to draw them again.
 */
const CACHE_DIR = join(tmpdir(), 'kyc-e2e-images');

async function render(browser: Browser, spec: DrawSpec, mimeType: ImageFile['mimeType'], name: string): Promise<ImageFile> {
  const key = createHash('sha256').update(draw.toString()).update(JSON.stringify([spec, mimeType])).digest('hex').slice(0, 24);
  const cached = join(CACHE_DIR, `${key}.${mimeType === 'image/png' ? 'png' : 'jpg'}`);
  if (existsSync(cached)) return { name, mimeType, buffer: readFileSync(cached) };
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // tsx compiles `draw` with esbuild's keepNames, which calls a `__name` helper: give the page one.
    const dataUrl = await page.evaluate<string>(
      `(() => { const __name = (f) => f; return (${draw.toString()})(${JSON.stringify(spec)}, ${JSON.stringify(mimeType)}); })()`,
    );
    const buffer = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: a parallel reader never sees half a file.
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, buffer);
    renameSync(temp, cached);
    return { name, mimeType, buffer };
  } finally {
    await context.close();
  }
}

export interface ApplicantImages {
  front: ImageFile;
  frontRetake: ImageFile;
  back: ImageFile;
  selfie: ImageFile;
}

/** The applicant's files: the ID card front as JPEG, its back and the selfie as PNG, and a second front. */
export async function applicantImages(browser: Browser): Promise<ApplicantImages> {
  const front: DocumentSpec = {
    title: 'IDENTITY CARD',
    side: 'front',
    tint: '#1f4f8f',
    lines: ['Surname', 'LOVELACE', 'Given names', 'ADA', 'Date of birth', '10.12.1990'],
  };
  return {
    front: await render(browser, { kind: 'document', doc: front }, 'image/jpeg', 'id-front.jpg'),
    frontRetake: await render(
      browser,
      { kind: 'document', doc: { ...front, tint: '#2a6f4f', lines: [...front.lines, 'Retaken in daylight'] } },
      'image/jpeg',
      'id-front-again.jpg',
    ),
    back: await render(
      browser,
      {
        kind: 'document',
        doc: {
          title: 'IDENTITY CARD',
          side: 'back',
          tint: '#1f4f8f',
          lines: ['Address: 12 St James Square, London', 'Height: 165 cm   Eyes: grey', 'Issued: 01.01.2020   Expires: 01.01.2030'],
        },
      },
      'image/png',
      'id-back.png',
    ),
    selfie: await render(browser, { kind: 'selfie', label: 'Ada' }, 'image/png', 'selfie.png'),
  };
}

/** The first bytes of a real JPEG or PNG. */
export function magicOf(buffer: Buffer): 'jpeg' | 'png' | 'unknown' {
  if (buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return 'unknown';
}
