/**
 * The portal's own sign-in (reviewers.md § Identity): HS256 and JWKS tokens,
 * each way a token can be wrong, a rotated key, static keys with roles, and a
 * stream that ends with its token and resumes with the next one.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { createApp } from '../../../bff/app.js';
import { loadConfig } from '../../../bff/config.js';
import { FileBlobStore } from '../../../bff/store/blob-store.js';
import { FileWorkflowStore } from '../../../bff/store/file-store.js';
import { Api, assertProblem, Journey, makeBff, serveBff, SseReader, tempDir, testEnv } from '../bff/harness.js';
import { AUDIENCE, es256, es256Key, hs256, hsEnv, ISSUER, JwksServer, SECRET } from './support.js';

describe('HS256 tokens (KYC_REVIEWER_JWT_SECRET)', () => {
  test('a valid token reads the queue; sub is recorded in the claim and history, name beside it', async (t) => {
    const { api } = await makeBff(t, hsEnv());
    const journey = await Journey.submitted(api);
    const token = await hs256({ sub: 'u-4711', name: 'Rita Reviewer' });
    const list = await api.send('GET', '/cases', { token });
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 1);
    const claimed = await api.send('POST', `/cases/${journey.id}/assignment`, { token, json: { version: list.body.items[0].version } });
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    assert.equal(claimed.body.assignee, 'u-4711');
    assert.deepEqual(claimed.body.history.at(-1).actor, { kind: 'reviewer', id: 'u-4711', name: 'Rita Reviewer' });
  });

  test('wrong signature, expired, not yet valid, wrong issuer, wrong audience, no sub, alg none: 401; no role: 403', async (t) => {
    const { api, logs } = await makeBff(t, hsEnv({ KYC_REVIEWER_CLOCK_SKEW: '60' }));
    const bad: Record<string, string> = {
      'other secret': await hs256({ secret: 'another-secret-of-the-same-size-0123456789abcdef' }),
      'expired beyond the skew': await hs256({ expiresIn: -120 }),
      'nbf in the future beyond the skew': await hs256({ notBefore: 300 }),
      'wrong issuer': await hs256({ issuer: 'https://evil.test/' }),
      'wrong audience': await hs256({ audience: 'some-other-app' }),
      'no sub': await hs256({ sub: '' }),
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['kyc:admin'], exp: 9e9, iss: ISSUER, aud: AUDIENCE })).toString('base64url')}.sig`,
    };
    for (const [why, token] of Object.entries(bad)) {
      const answer = await api.send('GET', '/cases', { token });
      assertProblem(answer, 401, why);
      assert.match(answer.body.detail, /credentials/i);
    }
    // Within the skew (60 s) both edges still pass.
    assert.equal((await api.send('GET', '/cases', { token: await hs256({ expiresIn: -30 }) })).status, 200);
    assert.equal((await api.send('GET', '/cases', { token: await hs256({ notBefore: 30 }) })).status, 200);
    assertProblem(await api.send('GET', '/cases', { token: await hs256({ roles: ['portal:user'] }) }), 403, 'no KYC role');
    assertProblem(await api.send('GET', '/cases', { token: await hs256({ roles: 'kyc:reviewer' as unknown as string[], claims: { roles: 42 } }) }), 403, 'roles not a list');
    // Tokens never reach the log.
    for (const token of Object.values(bad)) assert.ok(!logs.join('\n').includes(token));
  });

  test('roles come from the configured claim, also a nested one', async (t) => {
    const { api } = await makeBff(t, hsEnv({ KYC_REVIEWER_ROLES_CLAIM: 'realm_access.roles' }));
    assert.equal((await api.send('GET', '/cases', { token: await hs256({ claims: { realm_access: { roles: ['kyc:senior'] } }, roles: [] }) })).status, 200);
    assertProblem(await api.send('GET', '/cases', { token: await hs256({ roles: ['kyc:reviewer'] }) }), 403, 'roles in the wrong claim');
  });

  test('an applicant route refuses a reviewer JWT (403), and a JWT in the URL is redacted from the log', async (t) => {
    const { api, logs } = await makeBff(t, hsEnv());
    const journey = await Journey.start(api);
    const token = await hs256();
    assertProblem(await api.send('GET', `/workflows/${journey.id}`, { token }), 403);
    await api.send('GET', `/cases/${token}`);
    assert.ok(!logs.join('\n').includes(token), 'the token is not in the log');
    assert.match(logs.join('\n'), /\/cases\/\[credential\]/);
  });

  test('configuration: a short secret, both sources at once, an http JWKS off loopback, a skew over 60 s are refused', () => {
    const env = (extra: Record<string, string>) => testEnv('/tmp/unused', extra);
    assert.throws(() => loadConfig(env({ KYC_REVIEWER_JWT_SECRET: 'short' })), /at least 32 bytes/);
    assert.throws(() => loadConfig(env({ KYC_REVIEWER_JWT_SECRET: SECRET, KYC_REVIEWER_JWKS_URL: 'https://idp.test/jwks' })), /not both/);
    assert.throws(() => loadConfig(env({ KYC_REVIEWER_JWKS_URL: 'http://idp.example/jwks' })), /https/);
    assert.throws(() => loadConfig(env({ ...hsEnv(), KYC_REVIEWER_CLOCK_SKEW: '61' })), /0 to 60/);
    assert.throws(() => loadConfig(env({ KYC_FOUR_EYES: 'approve,maybe' })), /unknown outcome maybe/);
    const error = (() => {
      try {
        loadConfig(env({ KYC_REVIEWER_JWT_SECRET: 'short-secret-xyz' }));
      } catch (e) {
        return String(e);
      }
    })();
    assert.ok(!error?.includes('short-secret-xyz'), 'the secret is never echoed');
  });
});

describe('static keys (KYC_REVIEWERS) keep working, with role suffixes', () => {
  test('name:key is a reviewer, :senior and :admin add the role', () => {
    const config = loadConfig(testEnv('/tmp/unused', { KYC_REVIEWERS: 'ann:ann-key-0123456789abcdef,sen:sen-key-0123456789abcdef:senior,adm:adm-key-0123456789abcdef:admin' }));
    assert.deepEqual(
      config.reviewers.map((r) => [r.name, r.key, r.roles]),
      [
        ['ann', 'ann-key-0123456789abcdef', ['kyc:reviewer']],
        ['sen', 'sen-key-0123456789abcdef', ['kyc:reviewer', 'kyc:senior']],
        ['adm', 'adm-key-0123456789abcdef', ['kyc:reviewer', 'kyc:admin']],
      ],
    );
  });
});

/** An app whose JWKS cache may re-fetch at once (the production cooldown is 30 s) unless `cooldownMs` says otherwise. */
async function jwksBff(t: TestContext, jwksUrl: string, cooldownMs = 0) {
  const dataDir = await tempDir(t);
  const config = loadConfig(testEnv(dataDir, { KYC_REVIEWER_JWKS_URL: jwksUrl, KYC_REVIEWER_JWT_ISSUER: ISSUER, KYC_REVIEWER_JWT_AUDIENCE: AUDIENCE }));
  config.reviewerJwt!.jwksCooldownMs = cooldownMs;
  const store = await FileWorkflowStore.open(dataDir, () => {});
  const blobs = await FileBlobStore.open(dataDir);
  const { app } = createApp({ config, store, blobs, log: () => {} });
  t.after(() => store.close());
  return new Api((path, init) => Promise.resolve(app.request(path, init)));
}

describe('JWKS (KYC_REVIEWER_JWKS_URL)', () => {
  test('ES256 tokens verify against the served key set, which is cached and re-fetched for a new kid (rotation)', async (t) => {
    const idp = await new JwksServer().start();
    t.after(() => idp.close());
    const first = await es256Key('key-2026-01');
    idp.keys = [first.jwk];
    const api = await jwksBff(t, idp.url);

    assert.equal((await api.send('GET', '/cases', { token: await es256(first) })).status, 200);
    assert.equal((await api.send('GET', '/cases', { token: await es256(first, { sub: 'other' }) })).status, 200);
    assert.equal(idp.fetches, 1, 'the key set is cached');

    // The provider rotates: a new kid it has published since.
    const second = await es256Key('key-2026-02');
    idp.keys = [second.jwk];
    assert.equal((await api.send('GET', '/cases', { token: await es256(second) })).status, 200);
    assert.equal(idp.fetches, 2, 'an unknown kid fetched the set again');

    // A key the provider never published, with a kid it does not know: 401.
    const forged = await es256Key('key-2026-02');
    assertProblem(await api.send('GET', '/cases', { token: await es256(forged) }), 401, 'same kid, other key');
    assertProblem(await api.send('GET', '/cases', { token: await es256(await es256Key('nobody')) }), 401, 'unknown kid');
    // An HS256 token signed with the public key's bytes (algorithm confusion) is refused.
    assertProblem(await api.send('GET', '/cases', { token: await hs256({ secret: JSON.stringify(second.jwk) }) }), 401, 'HS256 where RS/ES is expected');
  });

  test('tokens with made-up kids do not make the BFF hammer the provider (30 s cooldown between fetches)', async (t) => {
    const idp = await new JwksServer().start();
    t.after(() => idp.close());
    const real = await es256Key('real');
    idp.keys = [real.jwk];
    const api = await jwksBff(t, idp.url, 30_000);
    assert.equal((await api.send('GET', '/cases', { token: await es256(real) })).status, 200);
    for (let i = 0; i < 5; i++) assertProblem(await api.send('GET', '/cases', { token: await es256(await es256Key(`forged-${i}`)) }), 401);
    assert.equal(idp.fetches, 1);
  });

  test('an unreachable key set is 503 with Retry-After, not 401', async (t) => {
    const idp = await new JwksServer().start();
    const url = idp.url;
    await idp.close();
    const api = await jwksBff(t, url);
    const answer = await api.send('GET', '/cases', { token: await es256(await es256Key('k')) });
    assertProblem(answer, 503);
    assert.ok(answer.res.headers.get('retry-after'));
  });
});

describe('a stream and its token', () => {
  test('the stream ends when the token expires, reconnecting with it is 401, a new token resumes it', async (t) => {
    const served = await serveBff(t, hsEnv({ KYC_REVIEWER_CLOCK_SKEW: '0' }));
    const short = await hs256({ expiresIn: 2 });
    const stream = new SseReader(`${served.url}/api/v1/cases/stream`, short);
    t.after(() => stream.close());
    await stream.ready;
    assert.equal(stream.status, 200);
    await stream.ended; // the server closes it at `exp`
    const again = new SseReader(`${served.url}/api/v1/cases/stream`, short);
    await again.ended;
    assert.equal(again.status, 401);

    const fresh = new SseReader(`${served.url}/api/v1/cases/stream`, await hs256({ expiresIn: 300 }));
    t.after(() => fresh.close());
    await fresh.ready;
    assert.equal(fresh.status, 200);
    const journey = await Journey.submitted(served.api);
    const arrived = await fresh.next('case.submitted', (data) => data.id === journey.id);
    assert.equal(arrived.id, journey.id);
  });
});
