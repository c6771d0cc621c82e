/**
 * The demo identity provider (bff/demo/idp.ts) on the `npm start` server:
 * tokens for two demo people, verified by the BFF through the provider's
 * JWKS URL on the same server.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { assertProblem, serveBff } from '../bff/harness.js';

async function signInAs(url: string, person: string) {
  const res = await fetch(`${url}/idp/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ person }) });
  return { status: res.status, body: await res.json() };
}

describe('demo identity provider', () => {
  test('issues short-lived ES256 tokens for a reviewer and a senior; the BFF verifies them through /idp/jwks.json', async (t) => {
    const served = await serveBff(t, { KYC_REVIEWERS: '' });
    const people = await (await fetch(`${served.url}/idp/people`)).json();
    assert.deepEqual(people.map((p: { id: string; roles: string[] }) => [p.id, p.roles]), [
      ['demo-riley', ['kyc:reviewer']],
      ['demo-sasha', ['kyc:senior']],
    ]);
    const jwks = await (await fetch(`${served.url}/idp/jwks.json`)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].d, undefined, 'the private part is never published');

    const riley = await signInAs(served.url, 'demo-riley');
    assert.equal(riley.status, 200);
    const header = decodeProtectedHeader(riley.body.token);
    assert.equal(header.alg, 'ES256');
    assert.equal(header.kid, jwks.keys[0].kid);
    const claims = decodeJwt(riley.body.token);
    assert.ok(claims.exp! - claims.iat! <= 600, 'short-lived');

    const me = await served.api.send('GET', '/reviewers/me', { token: riley.body.token });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.deepEqual({ ...me.body, expiresAt: undefined }, { id: 'demo-riley', name: 'Riley Reviewer', roles: ['kyc:reviewer'], expiresAt: undefined });
    const sasha = await signInAs(served.url, 'demo-sasha');
    assert.deepEqual((await served.api.send('GET', '/reviewers/me', { token: sasha.body.token })).body.roles, ['kyc:senior']);
    assert.ok(served.logs.some((line) => /GET \/idp\/jwks\.json 200/.test(line)), 'the BFF fetched the key set over HTTP');

    // Nobody else gets a token.
    assert.equal((await signInAs(served.url, 'mallory')).status, 422);
  });

  test('a token from another provider instance (another key) is 401', async (t) => {
    const one = await serveBff(t, { KYC_REVIEWERS: '' });
    const other = await serveBff(t, { KYC_REVIEWERS: '' });
    const foreign = await signInAs(other.url, 'demo-sasha');
    assertProblem(await one.api.send('GET', '/cases', { token: foreign.body.token }), 401);
  });

  test('not served when reviewers are configured, or with KYC_DEMO_IDP=off', async (t) => {
    const configured = await serveBff(t);
    assert.equal((await fetch(`${configured.url}/idp/people`)).status, 404);
    const off = await serveBff(t, { KYC_REVIEWERS: '', KYC_DEMO_IDP: 'off' });
    assert.equal((await fetch(`${off.url}/idp/jwks.json`)).status, 404);
  });
});
