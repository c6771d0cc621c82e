/**
 * Malformed requests for every route, drawn from a seeded PRNG. Every
 * request that could change something (POST, PUT, DELETE, PATCH) carries at
 * least one defect that makes it invalid, so a correct BFF answers each one
 * with a 4xx problem and the data directory stays byte-for-byte the same.
 * GETs may succeed (they change nothing).
 */
import { API } from './flow.js';
import { jpeg, png, PNG_SIGNATURE } from './images.js';
import type { Random } from './random.js';

export interface FuzzTarget {
  /** in_progress at document_selection, with both id-card sides uploaded. */
  a: { id: string; token: string; version: number; front: string; back: string };
  /** in_progress at personal_details. */
  b: { id: string; token: string; version: number };
  /** pending_review (submitted), nobody assigned. */
  s: { id: string; token: string; version: number; documents: string[] };
  reviewerKey: string;
}

export interface FuzzCase {
  label: string;
  method: string;
  /** Full path, /api/v1 included. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const MB = 1024 * 1024;
const bigString = (n = MB) => 'A'.repeat(n);

/** Strings that trip parsers, renderers and file systems. */
export const ODD_STRINGS = [
  '\u200F\u202Egpj.exe',
  'a\u0000b',
  '\u0000',
  '\uD800',
  '\uDFFFx\uD800',
  '\uFEFFAda',
  'e\u0301'.repeat(3000),
  '\u{1D54F}'.repeat(800),
  '\u2028\u2029',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${7*7}{{7*7}}',
  '%00%2e%2e%2f',
  ' ',
  '',
];

/** Values where an object, a string or a whole number belongs. */
const CONFUSED: unknown[] = [null, [], [1, 2], 0, -1, 1.5, true, false, 'x', { a: 1 }, [[[[]]]], [{}]];

/** Version values that are never acceptable: wrong types, out of range, not whole. */
const BAD_VERSIONS: unknown[] = [-1, -0.5, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e-300, '1', '', null, [], [1], {}, true, '0x10'];

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Percent-encodes any string, lone surrogates included (as their replacement character's bytes). */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

function pathIds(t: FuzzTarget, r: Random): string {
  return r.pick([
    t.a.id,
    t.s.id,
    t.b.id,
    'x'.repeat(5000),
    `${t.a.id}${'y'.repeat(4990)}`,
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fworkflows',
    '..%252F..%252F',
    '%2E%2E',
    encode('\u202Eevil'),
    '%00',
    `${t.a.id}%00`,
    '%ED%A0%80', // a lone surrogate, UTF-8 encoded (invalid UTF-8)
    '%FF%FE',
    '%',
    encodeURIComponent('💥'),
    'AAAAAAAAAAAAAAAAAAAAAA',
    `${t.a.id}.json`,
    'null',
    'undefined',
    '__proto__',
    'constructor',
  ]);
}

function credential(t: FuzzTarget, r: Random, preferred?: string): Record<string, string> {
  // Mostly the credential the route wants, so the defects reach the handlers.
  if (preferred && r.chance(0.7)) return { authorization: `Bearer ${preferred}` };
  if (r.chance(0.5)) return { authorization: `Bearer ${r.pick([t.a.token, t.a.token, t.b.token, t.s.token, t.reviewerKey, t.reviewerKey])}` };
  const token = r.pick([t.a.token, t.b.token, t.s.token, t.reviewerKey]);
  const value = r.pick<string | null>([
    null,
    '',
    'Bearer',
    'Bearer ',
    'Bearer short',
    `Basic ${Buffer.from(`alice:${t.reviewerKey}`).toString('base64')}`,
    `Bearer ${'a'.repeat(5000)}`,
    `bearer ${token}`,
    `Bearer  ${token}`,
    `Bearer ${token} extra`,
    `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    `Bearer ${token}\u00e9`,
    `Bearer ${t.a.token},Bearer ${t.reviewerKey}`,
  ]);
  return value === null ? {} : { authorization: value };
}

/** Applies one random disturbance somewhere in a JSON value (nested objects included). */
function disturb(value: Record<string, unknown>, r: Random): void {
  const keys = Object.keys(value);
  const roll = r.int(6);
  if (roll === 0 && keys.length) value[r.pick(keys)] = r.pick(CONFUSED);
  else if (roll === 1 && keys.length) delete value[r.pick(keys)];
  else if (roll === 2 && keys.length) value[r.pick(keys)] = r.pick(ODD_STRINGS);
  else if (roll === 3) {
    const nested = keys.filter((k) => value[k] && typeof value[k] === 'object' && !Array.isArray(value[k]));
    if (nested.length) disturb(value[r.pick(nested)] as Record<string, unknown>, r);
    else value[r.pick(SPECIAL_KEYS)] = { polluted: true };
  } else if (roll === 4) value[r.pick(SPECIAL_KEYS)] = r.pick([{ polluted: true }, null, 1, 'x']);
  else value[`extra${r.int(1000)}`] = r.pick(ODD_STRINGS);
}

/**
 * A JSON body for a mutating route with at least one hard defect. `valid` is
 * a valid body; `semantic` gives bodies of the right shape and version that
 * the rules still refuse (they reach deeper code than a schema error).
 */
function jsonCase(
  r: Random,
  valid: () => Record<string, unknown>,
  semantic: (() => Record<string, unknown>)[],
): { headers: Record<string, string>; body: string | Uint8Array; defect: string } {
  const json = { 'content-type': r.pick(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) };
  const defect = r.pick(['root', 'version', 'schema', 'special-key', 'media', 'truncated', 'oversize', 'semantic', 'semantic', 'bytes']);
  if (defect === 'semantic') return { headers: json, body: JSON.stringify(r.pick(semantic)()), defect };
  // Noise first (it may leave the body valid), then the defect, so nothing can undo the defect.
  const body = valid();
  for (let n = r.int(3); n > 0; n--) disturb(body, r);
  let headers: Record<string, string> = json;
  let text: string | undefined;
  switch (defect) {
    case 'root':
      text = r.pick(['null', '[]', '[{}]', '42', '"text"', 'true', '-0', '1e999', `"${bigString(4096)}"`, JSON.stringify([body])]);
      break;
    case 'version':
      body.version = r.pick(BAD_VERSIONS);
      break;
    case 'schema': {
      const keys = Object.keys(body).filter((k) => k !== 'version');
      if (keys.length) body[r.pick(keys)] = r.pick([null, 42, true, 'not-a-valid-value', { unknown: 1 }]);
      else body.version = r.pick(BAD_VERSIONS);
      break;
    }
    case 'special-key': {
      // Written into the text: JSON.parse makes these own keys, as an attacker's body would.
      const inner = JSON.stringify(body).slice(1, -1);
      text = `{"${r.pick(SPECIAL_KEYS)}":${r.pick(['{"isReviewer":true}', 'null', '1', '[]'])}${inner ? `,${inner}` : ''}}`;
      break;
    }
    case 'media':
      headers = r.pick<Record<string, string>>([
        {},
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/x-www-form-urlencoded' },
        { 'content-type': 'multipart/form-data; boundary=x' },
        { 'content-type': 'application/jsonx' },
        { 'content-type': 'json' },
        { 'content-type': 'application/xml' },
      ]);
      break;
    case 'truncated': {
      const full = JSON.stringify(body);
      text = full.slice(0, 1 + r.int(full.length - 1));
      break;
    }
    case 'oversize':
      body[r.pick([...Object.keys(body), 'padding'])] = bigString(r.pick([MB, 300 * 1024]));
      break;
    case 'bytes':
      // Invalid UTF-8 and NULs inside JSON-looking bytes, with a version that is never valid.
      return {
        headers: json,
        body: new Uint8Array(Buffer.concat([Buffer.from(JSON.stringify({ ...body, version: -1 }).slice(0, -1)), Buffer.from([0x2c, 0x22, 0xff, 0xfe, 0x00, 0xc3, 0x22, 0x3a, 0x31, 0x7d])])),
        defect,
      };
  }
  return { headers, body: text ?? JSON.stringify(body), defect };
}

const CRLF = '\r\n';

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: string | Uint8Array;
}

function multipart(parts: Part[], boundary: string): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += CRLF;
    if (part.type) head += `Content-Type: ${part.type}${CRLF}`;
    chunks.push(Buffer.from(head + CRLF, 'utf8'), Buffer.from(part.data), Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return new Uint8Array(Buffer.concat(chunks));
}

const NOT_IMAGES: Uint8Array[] = [
  new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')),
  new Uint8Array(Buffer.from('<!doctype html><script>alert(document.domain)</script>')),
  new Uint8Array(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')),
  new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1')),
  new Uint8Array(Buffer.from('BM6\x00\x00\x00', 'latin1')),
  new Uint8Array(Buffer.from('II*\x00', 'latin1')),
  new Uint8Array([0xff, 0xd8]), // a JPEG's first two bytes only
  new Uint8Array(PNG_SIGNATURE),
  new Uint8Array(Buffer.from('RIFF\x00\x00\x00\x00WEBP', 'latin1')),
];

/** An upload request with at least one defect (never a valid file with valid fields). */
function uploadCase(r: Random): { headers: Record<string, string>; body: Uint8Array; defect: string } {
  const boundary = `----kyc${r.int(1e9)}`;
  const good = (): Part[] => [
    { name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: jpeg() },
    { name: 'type', data: 'id_card' },
    { name: 'side', data: 'front' },
  ];
  let parts = good();
  const defect = r.pick([
    'missing-file',
    'missing-type',
    'missing-side',
    'selfie-side',
    'duplicate-file',
    'duplicate-type',
    'file-as-text',
    'type-unknown',
    'side-unknown',
    'not-image',
    'not-image',
    'empty-file',
    'truncated-image',
    'polyglot',
    'extra-field',
    'media',
    'boundary',
    'truncated-body',
    'huge-field',
  ]);
  let headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  const set = (name: string, data: string | Uint8Array) => (parts = parts.map((p) => (p.name === name ? { ...p, data } : p)));
  switch (defect) {
    case 'missing-file':
      parts = parts.filter((p) => p.name !== 'file');
      break;
    case 'missing-type':
      parts = parts.filter((p) => p.name !== 'type');
      break;
    case 'missing-side':
      parts = parts.filter((p) => p.name !== 'side');
      break;
    case 'selfie-side':
      set('type', 'selfie');
      break;
    case 'duplicate-file':
      parts.push({ name: 'file', filename: 'again.jpg', type: 'image/jpeg', data: r.chance(0.5) ? jpeg() : png() });
      break;
    case 'duplicate-type':
      parts.push({ name: 'type', data: r.pick(['passport', 'id_card', 'selfie']) });
      break;
    case 'file-as-text':
      parts = parts.map((p) => (p.name === 'file' ? { name: 'file', data: Buffer.from(jpeg()).toString('latin1') } : p));
      break;
    case 'type-unknown':
      set('type', r.pick(['', 'ID_CARD', 'svg', 'passport/front', '__proto__', 'constructor', ...ODD_STRINGS.slice(0, 8)]));
      break;
    case 'side-unknown':
      set('side', r.pick(['', 'FRONT', 'left', 'front/back', '../front', '\u0000', '__proto__']));
      break;
    case 'not-image':
      set('file', r.pick(NOT_IMAGES));
      break;
    case 'empty-file':
      set('file', new Uint8Array());
      break;
    case 'truncated-image': {
      const image = r.chance(0.5) ? jpeg() : png();
      set('file', image.subarray(0, 8 + r.int(image.length - 12)));
      break;
    }
    case 'polyglot':
      set('file', new Uint8Array(Buffer.concat([Buffer.from(r.chance(0.5) ? png() : jpeg()), Buffer.from('<html><script>alert(1)</script></html>')])));
      break;
    case 'extra-field':
      parts.push({ name: r.pick([...SPECIAL_KEYS, 'version', 'id', 'workflowId', 'file[]']), data: r.pick(['1', '{"polluted":true}', 'x']) });
      break;
    case 'media':
      headers = r.pick<Record<string, string>>([{}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': 'image/jpeg' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/mixed; boundary=' + boundary }]);
      break;
    case 'boundary':
      headers = r.pick<Record<string, string>>([{ 'content-type': 'multipart/form-data' }, { 'content-type': 'multipart/form-data; boundary=' }, { 'content-type': 'multipart/form-data; boundary=other' }, { 'content-type': `multipart/form-data; boundary="${boundary}x"` }]);
      break;
    case 'truncated-body':
      break;
    case 'huge-field':
      set(r.pick(['type', 'side']), bigString());
      break;
  }
  if (r.chance(0.2)) parts.reverse(); // order never matters
  let body = multipart(parts, boundary);
  if (defect === 'truncated-body') body = body.subarray(0, 1 + r.int(body.length - 30));
  return { headers, body, defect };
}

/** The body-less routes a caller may GET (and a few methods nobody may use). */
function readCase(t: FuzzTarget, r: Random): FuzzCase {
  const id = pathIds(t, r);
  const doc = r.pick([t.a.front, t.s.documents[0], `${t.a.id}.nope`, `${t.b.id}.${'z'.repeat(32)}`, '..%2F..%2Fblobs', `${t.a.front}%00.html`, 'x'.repeat(5000), `${t.a.id}.${t.a.front.split('.')[1]}/../..`]);
  const query = r.pick([
    '',
    '?status=pending_review',
    '?status=in_progress',
    '?status=pending_review&status=approved',
    '?status[]=x',
    '?limit=0',
    '?limit=-1',
    '?limit=1.5',
    '?limit=1e3',
    '?limit=101',
    '?limit=99999999999999999999',
    '?limit=%00',
    '?sort=-id',
    '?sort=submittedAt&sort=-submittedAt',
    '?cursor=' + Buffer.from('["a","b"]').toString('base64url'),
    '?cursor=' + Buffer.from('{"__proto__":1}').toString('base64url'),
    '?cursor=' + Buffer.from('[1,2]').toString('base64url'),
    '?cursor=%%%',
    '?cursor=' + 'A'.repeat(600),
    '?q=' + encode(r.pick(ODD_STRINGS)),
    '?q=' + 'a'.repeat(5000),
    '?__proto__[x]=1',
    '?constructor=1',
    '?unknown=1',
    '?q=%ED%A0%80',
  ]);
  const [method, path] = r.pick<[string, string]>([
    ['GET', `/workflows/${id}`],
    ['GET', `/workflows/${id}/stream`],
    ['GET', `/documents/${doc}`],
    ['GET', `/cases${query}`],
    ['GET', `/cases/stream${query}`],
    ['GET', `/cases/${id}`],
    ['GET', `/definitions/${r.pick(['kyc-manual-review', 'KYC-MANUAL-REVIEW', id, '..%2Fpackage.json'])}`],
    ['GET', `/health${query}`],
    ['HEAD', `/workflows/${id}`],
    ['OPTIONS', `/workflows/${id}`],
    ['GET', `/${r.pick(['', 'workflows', 'documents', 'cases/', 'nope', '..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/etc/passwd'])}`],
    ['PATCH', `/workflows/${id}`],
    ['DELETE', `/workflows/${id}`],
    ['PUT', `/cases/${id}`],
    ['POST', `/documents/${doc}`],
    ['DELETE', `/documents/${doc}`],
    ['POST', `/workflows/${id}`],
  ]);
  return { label: `${method} ${path.slice(0, 80)}`, method, path: API + path, headers: { ...credential(t, r), ...(r.chance(0.1) ? { accept: 'text/html' } : {}) } };
}

/** One malformed request, for a route chosen at random (reads included). */
export function fuzzCase(t: FuzzTarget, r: Random): FuzzCase {
  const route = r.int(10);
  if (route <= 2) return readCase(t, r);
  const creds = credential(t, r, route <= 6 ? t.a.token : t.reviewerKey);

  const onA = r.chance(0.85) ? t.a.id : pathIds(t, r);
  if (route === 3) {
    const { headers, body, defect } = jsonCase(r, () => ({}), [() => ({ applicant: { firstName: 'Ada' } })]);
    return { label: `POST /workflows [${defect}]`, method: 'POST', path: `${API}/workflows`, headers: { ...creds, ...headers }, body };
  }
  if (route === 4) {
    const context = { applicant: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' }, uploads: {} };
    const { headers, body, defect } = jsonCase(r, () => ({ state: 'document_selection', context: structuredClone(context), version: t.a.version }), [
      () => ({ state: r.pick(['welcome', 'document_photo', 'selfie', 'selfie_review']), context: structuredClone(context), version: t.a.version }),
      () => ({ state: 'final', context: { ...structuredClone(context), documentType: 'id_card', uploads: { 'id_card/front': t.a.front, 'id_card/back': t.a.back } }, version: t.a.version }),
      () => ({ state: 'document_review', context: { ...structuredClone(context), documentType: 'id_card', uploads: { 'id_card/front': t.s.documents[0], 'id_card/back': t.a.back } }, version: t.a.version }),
      () => ({ state: 'document_selection', context: { ...structuredClone(context), applicant: { ...context.applicant, dateOfBirth: r.pick(['2020-01-01', '1990-02-30', '3000-01-01', '0000-00-00']) } }, version: t.a.version }),
      () => ({ state: 'document_selection', context: { ...structuredClone(context), documentType: 'passport', uploads: { 'id_card/front': t.a.front } }, version: t.a.version }),
      () => ({ state: 'document_selection', context: structuredClone(context), version: t.a.version + 1 + r.int(5) }),
      () => ({ state: 'document_selection', context: { ...structuredClone(context), uploads: [] }, version: t.a.version }),
    ]);
    return { label: `PUT /workflows/:id/snapshot [${defect}]`, method: 'PUT', path: `${API}/workflows/${onA}/snapshot`, headers: { ...creds, ...headers }, body };
  }
  if (route === 5) {
    const valid = () => ({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads: { 'id_card/front': t.a.front, 'id_card/back': t.a.back }, version: t.a.version });
    const { headers, body, defect } = jsonCase(r, valid, [
      () => ({ ...valid(), documentType: 'passport' }),
      () => ({ ...valid(), uploads: { 'id_card/front': t.a.front } }),
      () => ({ ...valid(), uploads: { 'id_card/front': t.a.back, 'id_card/back': t.a.front } }),
      () => ({ ...valid(), uploads: { 'id_card/front': t.s.documents[0], 'id_card/back': t.a.back } }),
      () => ({ ...valid(), uploads: { 'id_card/front': `${t.a.id}.forged`, 'id_card/back': t.a.back } }),
      () => ({ ...valid(), type: r.pick(['START', 'REVIEW_DECIDED', 'CONFIRM_SELFIE', 'SUBMIT_DETAILS']) }),
      () => ({ ...valid(), issuingCountry: r.pick(['XX', 'gb', 'GBR', '']) }),
      () => ({ ...valid(), version: t.a.version - 1 }),
      // valibot's record silently drops these keys; the body is still malformed.
      () => JSON.parse(JSON.stringify(valid()).replace('"uploads":{', `"uploads":{"${r.pick(['__proto__', 'constructor', 'prototype'])}":"${t.a.id}.x",`)),
      () => ({ ...valid(), uploads: [t.a.front, t.a.back] }),
    ]);
    return { label: `POST /workflows/:id/events [${defect}]`, method: 'POST', path: `${API}/workflows/${onA}/events`, headers: { ...creds, ...headers }, body };
  }
  if (route === 6) {
    const { headers, body, defect } = uploadCase(r);
    return { label: `POST /workflows/:id/documents [${defect}]`, method: 'POST', path: `${API}/workflows/${onA}/documents`, headers: { ...creds, ...headers }, body };
  }
  const onS = r.chance(0.85) ? t.s.id : pathIds(t, r);
  if (route === 7) {
    const { headers, body, defect } = jsonCase(r, () => ({ version: t.s.version }), [() => ({ version: t.s.version + 1 + r.int(3) }), () => ({ version: t.s.version - 1 })]);
    return { label: `POST /cases/:id/assignment [${defect}]`, method: 'POST', path: `${API}/cases/${onS}/assignment`, headers: { ...creds, ...headers }, body };
  }
  if (route === 8) {
    // Nobody holds S, so releasing it is always refused; bodies are ignored noise.
    const body = r.chance(0.5) ? JSON.stringify({ version: r.pick(BAD_VERSIONS) }) : undefined;
    return { label: 'DELETE /cases/:id/assignment', method: 'DELETE', path: `${API}/cases/${onS}/assignment`, headers: { ...creds, ...(body ? { 'content-type': 'application/json' } : {}) }, body };
  }
  const valid = () => ({ outcome: 'approve', version: t.s.version });
  const { headers, body, defect } = jsonCase(r, valid, [
    () => ({ outcome: 'reject', version: t.s.version }),
    () => ({ outcome: 'reject', reason: '   ', version: t.s.version }),
    () => ({ outcome: 'request_resubmission', items: [], version: t.s.version }),
    () => ({ outcome: 'request_resubmission', items: [{ document: 'passport/front', reason: 'blurry' }], version: t.s.version }),
    () => ({ outcome: 'request_resubmission', items: [{ document: 'selfie', reason: 'x' }, { document: 'selfie', reason: 'y' }], version: t.s.version }),
    () => ({ outcome: 'request_resubmission', items: [{ document: 'id_card/front', reason: '' }], version: t.s.version }),
    () => ({ outcome: 'approve', items: [{ document: 'selfie', reason: 'x' }], version: t.s.version }),
    () => ({ outcome: r.pick(['APPROVE', 'approved', 'accept', '']), version: t.s.version }),
    () => ({ outcome: 'reject', reason: 'x'.repeat(1001), version: t.s.version }),
  ]);
  return { label: `POST /cases/:id/decision [${defect}]`, method: 'POST', path: `${API}/cases/${onS}/decision`, headers: { ...creds, ...headers }, body };
}
