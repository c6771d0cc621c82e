/**
 * Real image bytes made in the test, no fixture files: a PNG (zlib + CRC), a
 * baseline JPEG written marker by marker, and a 1×1 lossless WebP.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An RGB PNG of `width`×`height`. `noise` fills it with pseudo-random pixels
 * (seeded), which deflate cannot shrink: that is how a test makes a valid
 * image of a chosen size. Different seeds give different bytes.
 */
export function png(width = 4, height = 3, options: { noise?: boolean; seed?: number } = {}): Uint8Array<ArrayBuffer> {
  let s = (options.seed ?? 1) >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) & 0xff;
  };
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) {
      if (options.noise) rows.push(next(), next(), next());
      else rows.push((x * 60 + (options.seed ?? 0)) & 0xff, (y * 80) & 0xff, 128);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', new Uint8Array()),
  ]));
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A baseline (SOF0) greyscale JPEG of `width`×`height` (multiples of 8 not
 * required): every 8×8 block has DC difference 0 and an immediate end of
 * block, coded with one-symbol Huffman tables, so it decodes to mid grey.
 * Chromium's libjpeg-turbo decodes it (checked when this was written).
 */
export function jpeg(width = 16, height = 8): Uint8Array<ArrayBuffer> {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  // Two bits per block ("0" = DC category 0, "0" = EOB), padded with ones.
  const bits = '00'.repeat(blocks);
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const scan: number[] = [];
  for (let i = 0; i < padded.length; i += 8) scan.push(parseInt(padded.slice(i, i + 8), 2));
  const oneCodeTable = (classAndId: number) => [classAndId, 1, ...new Array(15).fill(0), 0x00];
  return Uint8Array.from([
    0xff, 0xd8, // SOI
    ...segment(0xdb, [0x00, ...new Array(64).fill(1)]), // DQT: table 0, all ones
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]), // SOF0, one component
    ...segment(0xc4, oneCodeTable(0x00)), // DHT: DC table 0
    ...segment(0xc4, oneCodeTable(0x10)), // DHT: AC table 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    ...scan,
    0xff, 0xd9, // EOI
  ]);
}

/** The well-known 1×1 lossless WebP (VP8L). */
export const webp = (): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'));
