/**
 * Uploads built to hurt: each is a clear 4xx and leaves nothing behind (no
 * blob file, no document record, no version bump, data directory digest
 * unchanged). A phone JPEG with EXIF GPS is accepted, and this file pins
 * down where its metadata ends up: the BFF re-encodes every upload (sharp),
 * so neither GPS nor bytes hidden in a private chunk are stored; the
 * browser's photo preparation re-encodes and drops EXIF too.
 */
import assert from 'node:assert/strict';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { digestDir, filesUnder, inProcessBff, problemOf, ROOT, type InProcessBff } from './support/fixture.js';
import { applicantUntil, bearer, finalContext, jsonInit, uploadInit, type Applying } from './support/flow.js';
import { exifGpsSegment, hasExifGps, jpeg, jpegOfSize, phoneJpegWithGps, png, pngChunk, pngWithChunk, webp, withJpegSegments } from './support/images.js';

const HTML = Buffer.from('<html><body><script>fetch("/api/v1/cases",{credentials:"include"})</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');

const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

interface Hostile {
  name: string;
  bytes: () => Uint8Array;
  /** What the client claims; never trusted. */
  mime: string;
  status: number;
  detail: RegExp;
}

const HOSTILE: Hostile[] = [
  { name: 'polyglot: a valid PNG followed by HTML and script', bytes: () => cat(png(), HTML), mime: 'image/png', status: 422, detail: /truncated or carries data after its end/ },
  { name: 'polyglot: a valid JPEG followed by HTML and script', bytes: () => cat(jpeg(), HTML), mime: 'image/jpeg', status: 422, detail: /after its end/ },
  { name: 'polyglot: a JPEG, zero padding, then HTML after its end', bytes: () => cat(jpeg(), Buffer.alloc(16), HTML), mime: 'image/jpeg', status: 422, detail: /after its end/ },
  { name: 'polyglot: a WebP with script appended (RIFF size no longer matches)', bytes: () => cat(webp(), HTML), mime: 'image/webp', status: 422, detail: /after its end/ },
  { name: 'SVG with script, labelled image/png', bytes: () => new Uint8Array(SVG), mime: 'image/png', status: 415, detail: /JPEG, PNG or WebP/ },
  { name: 'SVG labelled image/svg+xml', bytes: () => new Uint8Array(SVG), mime: 'image/svg+xml', status: 415, detail: /JPEG, PNG or WebP/ },
  { name: 'HTML labelled image/jpeg', bytes: () => new Uint8Array(HTML), mime: 'image/jpeg', status: 415, detail: /JPEG, PNG or WebP/ },
  { name: 'a PNG whose header claims 100000×100000', bytes: () => png(8, 8, { width: 100_000, height: 100_000 }), mime: 'image/png', status: 422, detail: /too large \(100000×100000 pixels\)/ },
  { name: 'a PNG whose header claims 12001×1 (one side too long)', bytes: () => png(8, 1, { width: 12_001, height: 1 }), mime: 'image/png', status: 422, detail: /too large/ },
  { name: 'a PNG whose header claims 0×0', bytes: () => png(8, 8, { width: 0, height: 0 }), mime: 'image/png', status: 422, detail: /damaged or incomplete/ },
  { name: 'a zero-byte file', bytes: () => new Uint8Array(), mime: 'image/jpeg', status: 422, detail: /empty/ },
  { name: 'a PNG truncated right after its IHDR', bytes: () => png().subarray(0, 33), mime: 'image/png', status: 422, detail: /truncated/ },
  { name: 'a PNG truncated inside its IDAT', bytes: () => png(64, 64).subarray(0, 60), mime: 'image/png', status: 422, detail: /truncated/ },
  { name: 'a JPEG truncated after its frame header', bytes: () => jpeg().subarray(0, jpeg().indexOf(0xda, 600) - 1), mime: 'image/jpeg', status: 422, detail: /truncated/ },
  { name: 'a JPEG cut before any frame header', bytes: () => jpeg().subarray(0, 20), mime: 'image/jpeg', status: 422, detail: /damaged or incomplete/ },
  { name: 'a WebP cut in half', bytes: () => webp().subarray(0, 400), mime: 'image/webp', status: 422, detail: /truncated|damaged/ },
  { name: 'PNG signature only', bytes: () => png().subarray(0, 8), mime: 'image/png', status: 422, detail: /damaged or incomplete/ },
  {
    name: 'a PNG with HTML in a chunk whose CRC is wrong',
    bytes: () => {
      const chunk = Buffer.from(pngChunk('tEXt', new Uint8Array(Buffer.concat([Buffer.from('Comment\0'), HTML]))));
      chunk.writeUInt32BE((chunk.readUInt32BE(chunk.length - 4) ^ 0xdeadbeef) >>> 0, chunk.length - 4);
      return pngWithChunk(chunk);
    },
    mime: 'image/png',
    status: 422,
    detail: /damaged or incomplete/,
  },
  {
    name: 'a PNG whose IDAT is random bytes',
    bytes: () => {
      const image = Buffer.from(png(64, 64));
      const at = image.indexOf('IDAT', 8, 'latin1') + 4;
      const length = image.readUInt32BE(at - 8);
      const noise = Buffer.from(Array.from({ length }, (_, i) => (i * 7919 + 13) & 0xff));
      noise.copy(image, at);
      const crc = Buffer.from(pngChunk('IDAT', noise)).subarray(8 + length);
      crc.copy(image, at + length);
      return new Uint8Array(image);
    },
    mime: 'image/png',
    status: 422,
    detail: /damaged or incomplete/,
  },
  { name: 'a GIF', bytes: () => new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1')), mime: 'image/gif', status: 415, detail: /JPEG, PNG or WebP/ },
];

describe('hostile uploads', () => {
  let bff: InProcessBff;
  let flow: Applying;

  before(async () => {
    bff = await inProcessBff();
    flow = await applicantUntil(bff.call, 'selection');
  });
  after(() => bff.close());

  for (const hostile of HOSTILE)
    test(`${hostile.name}: ${hostile.status}, nothing left behind`, async () => {
      const blobsBefore = await filesUnder(join(bff.dataDir, 'blobs'));
      const digest = await digestDir(bff.dataDir);
      const res = await bff.call(`/workflows/${flow.id}/documents`, uploadInit(flow.token, hostile.bytes(), 'id_card', 'front', hostile.mime));
      assert.equal(res.status, hostile.status);
      const problem = await problemOf(res);
      assert.match(problem.detail, hostile.detail);
      assert.deepEqual(await filesUnder(join(bff.dataDir, 'blobs')), blobsBefore, 'no blob file');
      assert.equal(await digestDir(bff.dataDir), digest, 'data directory unchanged');
      const view = await (await bff.call(`/workflows/${flow.id}`, { headers: bearer(flow.token) })).json();
      assert.equal(view.documents.length, 0, 'no document record');
      assert.equal(view.version, flow.version, 'no version bump');
    });

  test('script inside a JPEG comment is a valid JPEG: accepted, and served only as an inert image', async () => {
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), HTML]);
    comment.writeUInt16BE(HTML.length + 2, 2);
    const own = await applicantUntil(bff.call, 'selection');
    const res = await bff.call(`/workflows/${own.id}/documents`, uploadInit(own.token, withJpegSegments(jpeg(), comment), 'id_card', 'front', 'text/html'));
    assert.equal(res.status, 201);
    const document = await res.json();
    assert.equal(document.mime, 'image/jpeg', 'the type comes from the bytes, not the label');
    const served = await bff.call(`/documents/${document.id}`, { headers: bearer(bff.keys.alice) });
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.match(served.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  test('over KYC_MAX_UPLOAD_BYTES: 413 before anything is stored', async () => {
    const small = await inProcessBff({ env: { KYC_MAX_UPLOAD_BYTES: String(64 * 1024) } });
    try {
      const own = await applicantUntil(small.call, 'selection');
      const digest = await digestDir(small.dataDir);
      // A valid JPEG, just too heavy: the filler is a comment segment.
      const heavy = withJpegSegments(jpeg(), ...Array.from({ length: 2 }, () => Buffer.concat([Buffer.from([0xff, 0xfe, 0xff, 0xff]), Buffer.alloc(65_533, 0x41)])));
      const res = await small.call(`/workflows/${own.id}/documents`, uploadInit(own.token, heavy, 'id_card', 'front'));
      assert.equal(res.status, 413);
      await problemOf(res);
      assert.equal(await digestDir(small.dataDir), digest);
    } finally {
      await small.close();
    }
  });
});

describe('an upload refused after its bytes were written', () => {
  let bff: InProcessBff;
  before(async () => (bff = await inProcessBff()));
  after(() => bff.close());

  test('losing the race to a submission (409) leaves no blob file; 10 races', async () => {
    let refused = 0;
    for (let round = 0; round < 10; round++) {
      const flow = await applicantUntil(bff.call, 'selfie_uploaded');
      const blobsBefore = await filesUnder(join(bff.dataDir, 'blobs'));
      const [upload, submit] = await Promise.all([
        bff.call(`/workflows/${flow.id}/documents`, uploadInit(flow.token, jpegOfSize(150_000), 'selfie', null)),
        bff.call(`/workflows/${flow.id}/snapshot`, jsonInit('PUT', { state: 'final', context: finalContext(flow), version: flow.version }, flow.token)),
      ]);
      assert.equal(submit.status, 200);
      const blobsAfter = await filesUnder(join(bff.dataDir, 'blobs'));
      if (upload.status === 201) assert.equal(blobsAfter.length, blobsBefore.length + 1);
      else {
        refused++;
        assert.equal(upload.status, 409);
        await problemOf(upload);
        assert.deepEqual(blobsAfter, blobsBefore, `round ${round}: the refused upload left its image on disk`);
      }
      const view = await (await bff.call(`/workflows/${flow.id}`, { headers: bearer(flow.token) })).json();
      for (const document of view.documents) assert.ok(blobsAfter.includes(join(document.sha256.slice(0, 2), document.sha256)), 'every record has its blob');
    }
    assert.ok(refused > 0, 'the race was never lost; the test proved nothing');
  });

  test('the same bytes refused for one workflow and accepted for another stay stored for the one that kept them', async () => {
    const bytes = jpegOfSize(120_000);
    for (let round = 0; round < 5; round++) {
      const losing = await applicantUntil(bff.call, 'selfie_uploaded');
      const keeping = await applicantUntil(bff.call, 'selection');
      const [lost, , kept] = await Promise.all([
        bff.call(`/workflows/${losing.id}/documents`, uploadInit(losing.token, bytes, 'selfie', null)),
        bff.call(`/workflows/${losing.id}/snapshot`, jsonInit('PUT', { state: 'final', context: finalContext(losing), version: losing.version }, losing.token)),
        bff.call(`/workflows/${keeping.id}/documents`, uploadInit(keeping.token, bytes, 'id_card', 'front')),
      ]);
      assert.equal(kept.status, 201);
      assert.ok([201, 409].includes(lost.status));
      const document = await kept.json();
      const served = await bff.call(`/documents/${document.id}`, { headers: bearer(keeping.token) });
      assert.equal(served.status, 200, `round ${round}: the kept upload lost its bytes`);
      assert.equal(createHash('sha256').update(Buffer.from(await served.arrayBuffer())).digest('hex'), document.sha256);
    }
  });
});

describe('a PNG carrying 1 MB of random bytes in a private chunk (valid CRC)', () => {
  let bff: InProcessBff;
  before(async () => (bff = await inProcessBff()));
  after(() => bff.close());

  test('is stored as a clean image: the hidden bytes are gone', async () => {
    const flow = await applicantUntil(bff.call, 'selection');
    const hidden = Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => (i * 2654435761) >>> 24));
    const photo = pngWithChunk(pngChunk('prVt', hidden));
    const res = await bff.call(`/workflows/${flow.id}/documents`, uploadInit(flow.token, photo, 'id_card', 'front'));
    assert.equal(res.status, 201);
    const document = await res.json();
    assert.ok(document.size < 10_000, `stored ${document.size} bytes of a ${photo.length}-byte upload`);
    const served = Buffer.from(await (await bff.call(`/documents/${document.id}`, { headers: bearer(bff.keys.alice) })).arrayBuffer());
    assert.equal(served.indexOf('prVt', 0, 'latin1'), -1, 'no private chunk');
    assert.deepEqual([document.width, document.height], [32, 24]);
  });
});

describe('a phone JPEG with EXIF GPS', () => {
  let bff: InProcessBff;
  before(async () => (bff = await inProcessBff()));
  after(() => bff.close());

  test('is accepted, and the BFF stores and serves it re-encoded: no GPS, same pixels size', async () => {
    const flow = await applicantUntil(bff.call, 'selection');
    const photo = phoneJpegWithGps(48.858222, 2.2945);
    assert.ok(hasExifGps(photo), 'the fixture carries GPS');
    const res = await bff.call(`/workflows/${flow.id}/documents`, uploadInit(flow.token, photo, 'id_card', 'front'));
    assert.equal(res.status, 201);
    const document = await res.json();
    assert.equal(document.mime, 'image/jpeg');
    assert.notEqual(document.sha256, createHash('sha256').update(photo).digest('hex'), 'not stored as it came');
    const served = new Uint8Array(await (await bff.call(`/documents/${document.id}`, { headers: bearer(bff.keys.alice) })).arrayBuffer());
    assert.equal(createHash('sha256').update(served).digest('hex'), document.sha256);
    assert.equal(served[0], 0xff, 'still a JPEG');
    assert.equal(served[1], 0xd8);
    assert.ok(!hasExifGps(served), 'a reviewer never receives the GPS coordinates');
    const blob = join(bff.dataDir, 'blobs', document.sha256.slice(0, 2), document.sha256);
    assert.ok(existsSync(blob));
  });

  test('Chromium: the element’s photo preparation (preparePhoto) re-encodes and drops EXIF, GPS included', { skip: !existsSync('/usr/bin/chromium') && 'no /usr/bin/chromium' }, async () => {
    const { chromium } = await import('playwright-core');
    const { build } = await import('esbuild');
    // The element's own module, bundled as it is; nothing re-implemented here.
    const bundle = await build({
      entryPoints: [join(ROOT, 'components/kyc-flow/image.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'kycImage',
      write: false,
      target: 'es2022',
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: bundle.outputFiles[0].text });
      const photo = withJpegSegments(jpeg(), exifGpsSegment(-33.856784, 151.215297));
      const result = (await page.evaluate(`(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const prepared = await kycImage.preparePhoto(new File([bytes], 'phone.jpg', { type: 'image/jpeg' }));
        const out = new Uint8Array(await prepared.blob.arrayBuffer());
        let s = ''; for (const b of out) s += String.fromCharCode(b);
        return { type: prepared.blob.type, width: prepared.width, height: prepared.height, b64: btoa(s) };
      })(${JSON.stringify(Buffer.from(photo).toString('base64'))})`)) as { type: string; width: number; height: number; b64: string };
      const out = new Uint8Array(Buffer.from(result.b64, 'base64'));
      assert.equal(result.type, 'image/jpeg');
      assert.deepEqual([result.width, result.height], [64, 48]);
      assert.ok(hasExifGps(photo));
      assert.equal(hasExifGps(out), false, 'the re-encoded upload carries no GPS');
      assert.equal(Buffer.from(out).includes(Buffer.from('Exif\0\0')), false, 'no Exif segment at all');
      assert.equal(Buffer.from(out).includes(Buffer.from('KycPhone')), false, 'no camera make either');
    } finally {
      await browser.close();
    }
  });
});
