/**
 * Upload checks by the file's own bytes, never its name or declared type:
 * JPEG, PNG or WebP, with dimensions read from the header before anything
 * decodes it.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { ApiProblem } from './problem.js';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

/** Larger than any phone camera; refuses decompression bombs by their header. */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MAX_IMAGE_SIDE = 12_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageMime | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan before a frame header
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) return undefined;
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[at + 5] << 8) | bytes[at + 6], width: (bytes[at + 7] << 8) | bytes[at + 8] };
    }
    at += 2 + length;
  }
  return undefined;
}

function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function webpSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 30) return undefined;
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a)
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X')
    return {
      width: 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)),
      height: 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)),
    };
  return undefined;
}

const PNG_IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * The file must end where its format says it ends: this refuses truncated
 * uploads and polyglots (an image header with HTML or script appended).
 */
function endsWhereItShould(bytes: Uint8Array, mime: ImageMime): boolean {
  if (mime === 'image/png') {
    const tail = bytes.subarray(bytes.length - PNG_IEND.length);
    return PNG_IEND.every((b, i) => tail[i] === b);
  }
  if (mime === 'image/jpeg') {
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0x00) end--; // some encoders pad after EOI
    return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  return riffSize + 8 === bytes.length || riffSize + 9 === bytes.length; // odd sizes carry one pad byte
}

/** Every PNG chunk must carry its own CRC (libpng forgives a wrong one on an ancillary chunk: HTML could hide there). */
function pngChunksIntact(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) return false;
    if ((crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0) !== view.getUint32(at + 8 + length)) return false;
    at += 12 + length;
  }
  return at === bytes.length;
}

export type ImageCheck = { ok: true; info: ImageInfo } | { ok: false; status: 415 | 422; reason: string };

export function inspectImage(bytes: Uint8Array): ImageCheck {
  const mime = sniffImageType(bytes);
  if (!mime) return { ok: false, status: 415, reason: 'Only JPEG, PNG or WebP images are accepted (checked by the file’s content)' };
  const size = mime === 'image/jpeg' ? jpegSize(bytes) : mime === 'image/png' ? pngSize(bytes) : webpSize(bytes);
  if (!size || size.width < 1 || size.height < 1)
    return { ok: false, status: 422, reason: 'The image is damaged or incomplete' };
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS)
    return { ok: false, status: 422, reason: `The image is too large (${size.width}×${size.height} pixels)` };
  if (!endsWhereItShould(bytes, mime))
    return { ok: false, status: 422, reason: 'The image is truncated or carries data after its end' };
  if (mime === 'image/png' && !pngChunksIntact(bytes)) return { ok: false, status: 422, reason: 'The image is damaged or incomplete (a chunk fails its CRC)' };
  return { ok: true, info: { mime, ...size } };
}

export interface CleanImage {
  bytes: Uint8Array;
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * The image decoded in full and encoded anew in its own format (libvips, off
 * the event loop): what is stored holds pixels only. Bytes hidden in private
 * chunks, a chunk with a wrong CRC, trailing data and every metadata block
 * (EXIF GPS included) are gone; an image that does not decode is a 422.
 */
export async function cleanImage(bytes: Uint8Array, info: ImageInfo): Promise<CleanImage> {
  try {
    const decoded = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning' }).rotate(); // EXIF orientation applied, then dropped
    const encoder =
      info.mime === 'image/jpeg' ? decoded.jpeg({ quality: 90 }) : info.mime === 'image/png' ? decoded.png() : decoded.webp({ quality: 90 });
    const { data, info: out } = await encoder.toBuffer({ resolveWithObject: true });
    return { bytes: data, mime: info.mime, width: out.width, height: out.height };
  } catch {
    throw new ApiProblem(422, 'The image is damaged or incomplete');
  }
}
