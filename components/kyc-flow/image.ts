/**
 * Photo preparation in the browser: downscale to at most MAX_EDGE px on the
 * long side and re-encode as JPEG (which also drops EXIF, GPS included),
 * plus a quality check: resolution and a blur measure (variance of the
 * Laplacian on a small grayscale copy).
 */

/** Long side of an uploaded photo, at most. */
export const MAX_EDGE = 2000;
/** JPEG quality of the re-encoded photo. */
export const JPEG_QUALITY = 0.85;
/** Long side of the grayscale copy the blur measure runs on. */
export const BLUR_SAMPLE_EDGE = 512;
/**
 * Below this variance of the Laplacian a photo is called blurry. Calibrated
 * in test/browser/kyc-flow-photo.test.ts on generated document images:
 * sharp ones measure about 1,970 (1600×1000) and 2,070 (4000×3000), the same
 * images under a Gaussian blur of width/200 px about 11 and 5. A mildly soft
 * photo (2 px blur at 1600 px) measures about 260 and passes.
 */
export const BLUR_THRESHOLD = 100;
/** Smaller than this (either orientation) is too small to read a document. */
export const MIN_LONG_EDGE = 640;
export const MIN_SHORT_EDGE = 480;

export interface PreparedPhoto {
  blob: Blob;
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
  /** Variance of the Laplacian on the grayscale copy. */
  sharpness: number;
  blurry: boolean;
  tooSmall: boolean;
}

export class PhotoError extends Error {
  override name = 'PhotoError';
}

function canvas(width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function context2d(c: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = c.getContext('2d', { willReadFrequently: false });
  if (!ctx) throw new PhotoError('This browser cannot process photos.');
  return ctx;
}

/** Scales (w, h) so that the long side is at most `edge`. */
export function fit(width: number, height: number, edge: number): { width: number; height: number } {
  const scale = Math.min(1, edge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Variance of the 4-neighbour Laplacian of a grayscale copy of `source`, at most `edge` px long. */
export function sharpnessOf(source: CanvasImageSource, width: number, height: number, edge = BLUR_SAMPLE_EDGE): number {
  const size = fit(width, height, edge);
  const c = canvas(size.width, size.height);
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) return Infinity;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, size.width, size.height);
  const { data } = ctx.getImageData(0, 0, size.width, size.height);
  const w = size.width;
  const h = size.height;
  if (w < 3 || h < 3) return 0;
  const gray = new Float32Array(w * h);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    gray[i] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
  }
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const lap = gray[i - 1] + gray[i + 1] + gray[i - w] + gray[i + w] - 4 * gray[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoError('This file is not a photo we can read. Please choose a JPEG, PNG or WebP image.');
  }
}

function encode(c: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    c.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new PhotoError('The photo could not be prepared.'))),
      'image/jpeg',
      JPEG_QUALITY,
    ),
  );
}

/** Downscales, re-encodes and measures a photo (a file, or a camera frame as a Blob). */
export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  const bitmap = await decode(file);
  try {
    const sourceWidth = bitmap.width;
    const sourceHeight = bitmap.height;
    const size = fit(sourceWidth, sourceHeight, MAX_EDGE);
    const c = canvas(size.width, size.height);
    const ctx = context2d(c);
    // JPEG has no alpha: a transparent PNG would turn black without a background.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await encode(c);
    const sharpness = sharpnessOf(c, size.width, size.height);
    const long = Math.max(sourceWidth, sourceHeight);
    const short = Math.min(sourceWidth, sourceHeight);
    c.width = c.height = 0; // free the pixels now, not at the next GC
    return {
      blob,
      width: size.width,
      height: size.height,
      sourceWidth,
      sourceHeight,
      sharpness,
      blurry: sharpness < BLUR_THRESHOLD,
      tooSmall: long < MIN_LONG_EDGE || short < MIN_SHORT_EDGE,
    };
  } finally {
    bitmap.close();
  }
}
