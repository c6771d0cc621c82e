/**
 * Test images: small real files drawn and encoded by Chromium's canvas (so
 * any decoder reads them), plus builders for the hostile ones. Bytes only;
 * nothing here decodes an image.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** 64×48 JPEG (baseline, JFIF + ICC), as Chromium's canvas encodes one. */
const JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQ' +
  'FxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgo' +
  'KCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAwAEADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAAcG' +
  'CAX/xAA8EAAAAgcEBQcMAwEAAAAAAAAAAQIDBAUGERITFBcxBxUypNIWISNRVVbTCCIkRVdlhJGTpcPjQUNiof/EABgBAAMBAQAA' +
  'AAAAAAAAAAAAAAACAwEE/8QAGxEAAwEBAQEBAAAAAAAAAAAAAAECAxESBGH/2gAMAwEAAhEDEQA/AN3pBjTkhcPQL5erT+6zppp/' +
  'yc51f8GPxo9w75+sPKC9Q/EfjEgD5YxUJtCaaVNNJlfxo9w75+sUOJ4tckL3bXrbdbzVZdEmnVTKeyictos+scujoXSfEUMuDVvK' +
  'lz6zt7Ww9FVLrOmirbMpTmjl1Ce+cy15Q2V1XejFmCe2t1X8AYswT21uq/gGFxE0Z9z/ALYzcQYiaM+5/wBsZuIS8/hX0brFmCe2' +
  't1X8A1bjezE/XWoeLqX27Guqs1lCSM5JGifMkRHmR/wI1iJoz7n/AGxm4hV4HeLse0LsTa4mO5O1bXZKLJFXRJNIj81EzIppEZ83' +
  'WFpcNT6TzygvUPxH4xIBd9MMNPaIdUanZLxYW1p0iCFNVEtoynsmJxhtFnZW8quMduNyoSbOXWadtpGPHScdxO84cuOqobbH5eK7' +
  'S7Gl0NNMp0oJZ1H1bJiOYbRZ2VvKrjFjjtui5juPI11sbwrrvN5SJGiVNEprEM5pdeRZCf0VNNcfR8U13plMTom9nD5+a3wQxOib' +
  '2cPn5rfBDXelvuu5vqo+OGu9LfddzfVR8cQ4i3WMTom9nD5+a3wRQYVebS+XCyt7e7VzraVtVbIunWrkmaJTmSJ85ER5FmJ9rvS3' +
  '3Xc31UfHFBhVe92lwsq2I2VSyPVKq2UqTmgj55kjI6ks0aTzPMLSRqPWAACjAAAAAAAAAAAAH//Z';

/** 64×48 lossy WebP (VP8X + ICC), from the same canvas. */
const WEBP_BASE64 =
  'UklGRvgCAABXRUJQVlA4WAoAAAAgAAAAPwAALwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggCgEAANAIAJ0BKkAAMAA+ZSiPRaQioRqkAEAG' +
  'RLOAZw6Q3QHP/vEA/gH4ARwF+AfgBTpOIAajR+xju1uHFHpywveUaax921DfQoyUFvBsJKqxjoAA87NKDlHQsnHCHeY6f4ttvmbq' +
  'ryQYcA7TQbemTPCjGD/yKRdF9F+x1c8tG3CE1UydomxnG81qE2cbzV/7hjNq72zX5PYP5XsPYhkUkiFmvJbe4p/l0G3y87mnSB0p' +
  'x+QTdOokAvDeHFjuHz09q4yu2yrCd55Rr5YQdFgRGmX72NTzIyPpjc4yQbLrBWAuF3w7pnz/5nn/TpqgS7PN+KhODby4KiNzJARG' +
  'K9Fr+7xkFJ1IiNkGUWIAAAAA';

export const jpeg = (): Uint8Array => new Uint8Array(Buffer.from(JPEG_BASE64, 'base64'));
export const webp = (): Uint8Array => new Uint8Array(Buffer.from(WEBP_BASE64, 'base64'));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A real grey RGB PNG of `width`×`height`. `claim` writes other dimensions
 * into IHDR than the pixel data has (a decompression bomb's header, without
 * making the test allocate the bomb).
 */
export function png(width = 32, height = 24, claim?: { width: number; height: number }): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(claim?.width ?? width, 0);
  ihdr.writeUInt32BE(claim?.height ?? height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0; // filter: none
  return new Uint8Array(
    Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array())]),
  );
}

/** Degrees as three EXIF RATIONALs (deg/1, min/1, sec*100/100). */
function dms(value: number): number[] {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  const min = Math.floor((abs - deg) * 60);
  const sec = Math.round(((abs - deg) * 60 - min) * 60 * 100);
  return [deg, 1, min, 1, sec, 100];
}

/**
 * An APP1 Exif segment (little-endian TIFF) with Make/Model and a GPS IFD
 * holding latitude and longitude, as a phone camera writes one.
 */
export function exifGpsSegment(lat: number, lon: number): Buffer {
  const make = Buffer.from('KycPhone\0', 'latin1');
  const model = Buffer.from('Model 7\0', 'latin1');
  // Layout after the 8-byte TIFF header: IFD0 (3 entries), GPS IFD (4 entries), then data.
  const ifd0At = 8;
  const ifd0Size = 2 + 3 * 12 + 4;
  const gpsAt = ifd0At + ifd0Size;
  const gpsSize = 2 + 4 * 12 + 4;
  let dataAt = gpsAt + gpsSize;
  const tiff = Buffer.alloc(dataAt + make.length + model.length + 48, 0);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifd0At, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    tiff.writeUInt32LE(value, at + 8);
  };
  const makeAt = dataAt;
  make.copy(tiff, makeAt);
  dataAt += make.length;
  const modelAt = dataAt;
  model.copy(tiff, modelAt);
  dataAt += model.length;
  tiff.writeUInt16LE(3, ifd0At);
  entry(ifd0At + 2, 0x010f, 2, make.length, makeAt); // Make
  entry(ifd0At + 14, 0x0110, 2, model.length, modelAt); // Model
  entry(ifd0At + 26, 0x8825, 4, 1, gpsAt); // GPSInfo IFD pointer
  tiff.writeUInt32LE(0, ifd0At + 38);
  const latAt = dataAt;
  const lonAt = dataAt + 24;
  dms(lat).forEach((n, i) => tiff.writeUInt32LE(n, latAt + i * 4));
  dms(lon).forEach((n, i) => tiff.writeUInt32LE(n, lonAt + i * 4));
  tiff.writeUInt16LE(4, gpsAt);
  entry(gpsAt + 2, 0x0001, 2, 2, (lat >= 0 ? 0x4e : 0x53)); // GPSLatitudeRef "N"/"S" (inline)
  entry(gpsAt + 14, 0x0002, 5, 3, latAt); // GPSLatitude
  entry(gpsAt + 26, 0x0003, 2, 2, (lon >= 0 ? 0x45 : 0x57)); // GPSLongitudeRef "E"/"W" (inline)
  entry(gpsAt + 38, 0x0004, 5, 3, lonAt); // GPSLongitude
  tiff.writeUInt32LE(0, gpsAt + 50);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Inserts `segments` right after a JPEG's SOI marker. */
export function withJpegSegments(image: Uint8Array, ...segments: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat([image.subarray(0, 2), ...segments, image.subarray(2)]));
}

/** A phone-style JPEG: the base image with an Exif APP1 carrying GPS coordinates. */
export function phoneJpegWithGps(lat = 48.858222, lon = 2.2945): Uint8Array {
  return withJpegSegments(jpeg(), exifGpsSegment(lat, lon));
}

/**
 * A valid, unique JPEG of about `bytes` bytes: the base image plus COM
 * (comment) segments of random filler, so content-addressed storage does
 * not deduplicate it and the upload has a photo's weight.
 */
export function jpegOfSize(bytes: number): Uint8Array {
  const base = jpeg();
  const segments: Buffer[] = [];
  let left = Math.max(16, bytes - base.length);
  while (left > 0) {
    const n = Math.min(left, 65_533);
    const segment = Buffer.alloc(n + 4);
    segment[0] = 0xff;
    segment[1] = 0xfe;
    segment.writeUInt16BE(n + 2, 2);
    randomBytes(n).copy(segment, 4);
    segments.push(segment);
    left -= n + 4;
  }
  return withJpegSegments(base, ...segments);
}

/** Finds an Exif APP1 segment and returns its GPS latitude ref, or undefined when there is none. */
export function hasExifGps(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf('Exif\0\0');
  if (at < 0) return false;
  const tiff = Buffer.from(bytes.subarray(at + 6));
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd0 = u32(4);
  for (let i = 0; i < u16(ifd0); i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true;
  return false;
}

/** A valid PNG with `chunk` (already framed by pngChunk, or raw bytes) inserted before IDAT. */
export function pngWithChunk(chunk: Uint8Array, width = 32, height = 24): Uint8Array {
  const image = Buffer.from(png(width, height));
  const idat = image.indexOf('IDAT', 8, 'latin1') - 4;
  return new Uint8Array(Buffer.concat([image.subarray(0, idat), chunk, image.subarray(idat)]));
}
