/**
 * Who may see what: every route × every kind of caller, one table. Each row
 * gets its own BFF and workflows; cells that must be refused run first, and
 * must leave the data directory exactly as it was. No answer anywhere may
 * carry a token, a key or a token hash. Callers include the portal's JWTs
 * (reviewers.md): each role, no role, and four ways a token can be wrong.
 * In rows marked `fresh`, a call that succeeds changes what the next one
 * would find (a claim, a decision), so each success gets a world of its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { digestDir, inProcessBff, type InProcessBff } from './support/fixture.js';
import { applicantUntil, bearer, claimAndDecide, jsonInit, uploadInit, type Applying } from './support/flow.js';
import { jpeg } from './support/images.js';
import { hs256, hsEnv } from '../reviewers/support.js';

const JWT_COLUMNS = ['jwt reviewer', 'jwt senior', 'jwt admin', 'jwt no role', 'jwt expired', 'jwt bad signature', 'jwt wrong issuer', 'jwt wrong audience'] as const;
type Column = 'none' | 'malformed' | 'applicant A' | 'applicant B' | 'reviewer' | (typeof JWT_COLUMNS)[number];
const COLUMNS: Column[] = ['none', 'malformed', 'applicant A', 'applicant B', 'reviewer', ...JWT_COLUMNS];

/** The portal's tokens, one per JWT column (made once: they live 10 minutes). */
const JWTS: Record<(typeof JWT_COLUMNS)[number], string> = {
  'jwt reviewer': await hs256({ sub: 'rita', roles: ['kyc:reviewer'], expiresIn: 600 }),
  'jwt senior': await hs256({ sub: 'sam', roles: ['kyc:senior'], expiresIn: 600 }),
  'jwt admin': await hs256({ sub: 'ada-admin', roles: ['kyc:admin'], expiresIn: 600 }),
  'jwt no role': await hs256({ sub: 'nora', roles: ['portal:user'], expiresIn: 600 }),
  'jwt expired': await hs256({ sub: 'rita', expiresIn: -3600 }),
  'jwt bad signature': await hs256({ sub: 'rita', secret: 'not-the-portal-secret-but-as-long-0123456789' }),
  'jwt wrong issuer': await hs256({ sub: 'rita', issuer: 'https://elsewhere.test/' }),
  'jwt wrong audience': await hs256({ sub: 'rita', audience: 'another-app' }),
};

/** How far workflow A has got before the row runs. */
type Setup = 'in_progress' | 'submitted' | 'assigned' | 'proposed';

interface World {
  bff: InProcessBff;
  a: Applying;
  b: Applying;
}

type Call = (w: World, headers: Record<string, string>) => Promise<Response>;

const json = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The request each row sends: always a valid one, so only the caller decides the answer. */
const ROUTES: Record<string, Call> = {
  'GET /health': (w, h) => w.bff.call('/health', { headers: h }),
  'GET /definitions/kyc-manual-review': (w, h) => w.bff.call('/definitions/kyc-manual-review', { headers: h }),
  'POST /workflows': (w, h) => w.bff.call('/workflows', json('POST', {}, h)),
  'GET /workflows/:A': (w, h) => w.bff.call(`/workflows/${w.a.id}`, { headers: h }),
  'PUT /workflows/:A/snapshot': (w, h) =>
    w.bff.call(`/workflows/${w.a.id}/snapshot`, json('PUT', { state: 'document_selection', context: { applicant: w.a.applicant, uploads: {} }, version: w.a.version }, h)),
  'POST /workflows/:A/events': (w, h) =>
    w.bff.call(
      `/workflows/${w.a.id}/events`,
      json('POST', { type: 'PHOTOS_SUBMITTED', documentType: 'id_card', issuingCountry: 'GB', uploads: { 'id_card/front': w.a.uploads['id_card/front'], 'id_card/back': w.a.uploads['id_card/back'] }, version: w.a.version }, h),
    ),
  'POST /workflows/:A/documents': (w, h) => {
    const init = uploadInit('unused-token-unused', jpeg(), 'id_card', 'front');
    return w.bff.call(`/workflows/${w.a.id}/documents`, { ...init, headers: h });
  },
  'GET /workflows/:A/stream': (w, h) => w.bff.call(`/workflows/${w.a.id}/stream`, { headers: h }),
  'GET /documents/:A-front': (w, h) => w.bff.call(`/documents/${w.a.uploads['id_card/front']}`, { headers: h }),
  'GET /cases': (w, h) => w.bff.call('/cases', { headers: h }),
  'GET /cases/stream': (w, h) => w.bff.call('/cases/stream', { headers: h }),
  'GET /cases/:A': (w, h) => w.bff.call(`/cases/${w.a.id}`, { headers: h }),
  'POST /cases/:A/assignment': (w, h) => w.bff.call(`/cases/${w.a.id}/assignment`, json('POST', { version: w.a.version }, h)),
  'DELETE /cases/:A/assignment': (w, h) => w.bff.call(`/cases/${w.a.id}/assignment`, { method: 'DELETE', headers: h }),
  'POST /cases/:A/decision': (w, h) => w.bff.call(`/cases/${w.a.id}/decision`, json('POST', { outcome: 'approve', version: w.a.version }, h)),
  'POST /cases/:A/decision (confirm)': (w, h) => w.bff.call(`/cases/${w.a.id}/decision`, json('POST', { outcome: 'confirm', version: w.a.version }, h)),
  'POST /cases/:A/notes': (w, h) => w.bff.call(`/cases/${w.a.id}/notes`, json('POST', { text: 'Checked the address by phone' }, h)),
};

// prettier-ignore
const MATRIX: [route: keyof typeof ROUTES, setup: Setup, fresh: boolean, none: number, malformed: number, a: number, b: number, reviewer: number,
  jwtReviewer: number, jwtSenior: number, jwtAdmin: number, noRole: number, expired: number, badSignature: number, wrongIssuer: number, wrongAudience: number][] = [
  //  route                                   A is           fresh  none bad  A    B    key  | JWT: rev  sen  adm  none exp  sig  iss  aud
  ['GET /health',                             'in_progress', false, 200, 200, 200, 200, 200,      200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /definitions/kyc-manual-review',      'in_progress', false, 200, 200, 200, 200, 200,      200, 200, 200, 200, 200, 200, 200, 200],
  ['POST /workflows',                         'in_progress', false, 201, 201, 201, 201, 201,      201, 201, 201, 201, 201, 201, 201, 201],
  ['GET /workflows/:A',                       'in_progress', false, 401, 401, 200, 403, 403,      403, 403, 403, 403, 401, 401, 401, 401],
  ['PUT /workflows/:A/snapshot',              'in_progress', false, 401, 401, 200, 403, 403,      403, 403, 403, 403, 401, 401, 401, 401],
  ['POST /workflows/:A/events',               'in_progress', false, 401, 401, 200, 403, 403,      403, 403, 403, 403, 401, 401, 401, 401],
  ['POST /workflows/:A/documents',            'in_progress', false, 401, 401, 201, 403, 403,      403, 403, 403, 403, 401, 401, 401, 401],
  ['GET /workflows/:A/stream',                'in_progress', false, 401, 401, 200, 403, 403,      403, 403, 403, 403, 401, 401, 401, 401],
  ['GET /documents/:A-front',                 'in_progress', false, 401, 401, 200, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  ['GET /cases',                              'submitted',   false, 401, 401, 403, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  ['GET /cases/stream',                       'submitted',   false, 401, 401, 403, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  ['GET /cases/:A',                           'submitted',   false, 401, 401, 403, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  ['POST /cases/:A/assignment',               'submitted',   true,  401, 401, 403, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  // Held by alice (the key column): only she or an admin may release it.
  ['DELETE /cases/:A/assignment',             'assigned',    true,  401, 401, 403, 403, 200,      409, 409, 200, 403, 401, 401, 401, 401],
  ['POST /cases/:A/decision',                 'submitted',   true,  401, 401, 403, 403, 200,      200, 200, 200, 403, 401, 401, 401, 401],
  // Proposed by alice (KYC_FOUR_EYES=reject): not by its author, not without kyc:senior.
  ['POST /cases/:A/decision (confirm)',       'proposed',    true,  401, 401, 403, 403, 403,      403, 200, 200, 403, 401, 401, 401, 401],
  ['POST /cases/:A/notes',                    'submitted',   false, 401, 401, 403, 403, 201,      201, 201, 201, 403, 401, 401, 401, 401],
];

async function world(setup: Setup): Promise<World> {
  const bff = await inProcessBff({ env: hsEnv({ KYC_FOUR_EYES: 'reject' }) });
  const a = await applicantUntil(bff.call, setup === 'in_progress' ? 'photos_uploaded' : 'submitted');
  const b = await applicantUntil(bff.call, 'details');
  if (setup === 'assigned') {
    const claimed = await (await bff.call(`/cases/${a.id}/assignment`, jsonInit('POST', { version: a.version }, bff.keys.alice))).json();
    a.version = claimed.version;
  }
  if (setup === 'proposed') {
    const proposed = await (await bff.call(`/cases/${a.id}/decision`, jsonInit('POST', { outcome: 'reject', reason: 'Forged', version: a.version }, bff.keys.alice))).json();
    a.version = proposed.version;
  }
  return { bff, a, b };
}

function credentialFor(column: Column, w: World): Record<string, string> {
  switch (column) {
    case 'none':
      return {};
    case 'malformed':
      return { authorization: `Bearer ${w.a.token.slice(0, 8)} ${w.a.token.slice(8)}` };
    case 'applicant A':
      return bearer(w.a.token);
    case 'applicant B':
      return bearer(w.b.token);
    case 'reviewer':
      return bearer(w.bff.keys.alice);
    default:
      return bearer(JWTS[column]);
  }
}

describe('access matrix: every route × {none, malformed, applicant A, applicant B, reviewer key, portal JWT per role and per defect}', () => {
  test(`${MATRIX.length} routes × ${COLUMNS.length} callers = ${MATRIX.length * COLUMNS.length} cells`, async (t) => {
    const wrong: string[] = [];
    const leaks: string[] = [];
    let cells = 0;
    for (const [route, setup, fresh, ...expected] of MATRIX) {
      const w = await world(setup);
      const secrets = [w.a.token, w.b.token, w.bff.keys.alice, w.bff.keys.bob, ...Object.values(JWTS)];
      try {
        const order = COLUMNS.map((column, i) => ({ column, status: expected[i] })).sort((x, y) => Number(x.status < 400) - Number(y.status < 400));
        const digest = await digestDir(w.bff.dataDir);
        let refusalsDone = false;
        for (const { column, status } of order) {
          if (status < 400 && !refusalsDone) {
            refusalsDone = true;
            if ((await digestDir(w.bff.dataDir)) !== digest) wrong.push(`${route}: a refused call changed the data directory`);
          }
          // A success that changes the case (a claim, a decision) runs in a world of its own.
          const own = fresh && status < 400 ? await world(setup) : undefined;
          const res = await ROUTES[route](own ?? w, credentialFor(column, own ?? w));
          cells++;
          const type = res.headers.get('content-type') ?? '';
          const text = type.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
          if (res.status !== status) wrong.push(`${route} as ${column}: expected ${status}, got ${res.status} ${text.slice(0, 120)}`);
          if (res.status >= 400 && !type.startsWith('application/problem+json')) wrong.push(`${route} as ${column}: ${res.status} is not problem+json`);
          if (res.status === 401 && !/credentials/i.test(JSON.parse(text).detail)) wrong.push(`${route} as ${column}: 401 without a useful detail`);
          // POST /workflows hands out the new workflow's own token: that one is the point of the call.
          const issued = route === 'POST /workflows' ? (JSON.parse(text) as { token?: string }).token : undefined;
          if (own) secrets.push(own.a.token, own.b.token, own.bff.keys.alice, own.bff.keys.bob);
          for (const secret of secrets) if (text.includes(secret) && secret !== issued) leaks.push(`${route} as ${column} echoes a credential`);
          await own?.bff.close();
          if (/tokenHash|"token"\s*:/.test(text) && route !== 'POST /workflows') leaks.push(`${route} as ${column} carries a token field`);
        }
      } finally {
        await w.bff.close();
      }
    }
    t.diagnostic(`${cells} cells checked`);
    assert.equal(cells, MATRIX.length * COLUMNS.length);
    assert.deepEqual(wrong, []);
    assert.deepEqual(leaks, []);
  });

  test('a reviewer cannot take or decide a case another reviewer holds; an applicant cannot reach another’s documents by id', async () => {
    const w = await world('assigned'); // held by alice
    try {
      const bob = bearer(w.bff.keys.bob);
      assert.equal((await w.bff.call(`/cases/${w.a.id}/assignment`, json('POST', { version: w.a.version }, bob))).status, 409);
      assert.equal((await w.bff.call(`/cases/${w.a.id}/assignment`, { method: 'DELETE', headers: bob })).status, 409);
      assert.equal((await w.bff.call(`/cases/${w.a.id}/decision`, json('POST', { outcome: 'approve', version: w.a.version }, bob))).status, 409);
      // B guessing A's document ids (the workflow id is in every document id) gets 403, whatever the suffix.
      const bHeaders = bearer(w.b.token);
      for (const id of Object.values(w.a.uploads)) assert.equal((await w.bff.call(`/documents/${id}`, { headers: bHeaders })).status, 403);
      assert.equal((await w.bff.call(`/documents/${w.a.id}.guess`, { headers: bHeaders })).status, 403);
      // B's own never-submitted workflow is not a case, even for a reviewer.
      assert.equal((await w.bff.call(`/cases/${w.b.id}`, { headers: bearer(w.bff.keys.alice) })).status, 404);
      const decided = await claimAndDecide(w.bff.call, w.bff.keys.alice, w.a.id, { outcome: 'approve' }).catch((e) => e);
      assert.equal(decided.status, 'approved');
    } finally {
      await w.bff.close();
    }
  });
});
