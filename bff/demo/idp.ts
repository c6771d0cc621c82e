/**
 * A tiny identity provider for the demo (never for production): two demo
 * people, short-lived ES256 JWTs from a key pair made at start, and the key
 * set a real provider would publish. Served under /idp by `npm start` when
 * KYC_REVIEWERS and the JWT variables are unset and the server listens on
 * loopback; the BFF then verifies its tokens through /idp/jwks.json, exactly
 * as it would a portal's provider through KYC_REVIEWER_JWKS_URL.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import * as v from 'valibot';
import type { Role } from '../reviewer-auth.js';
import { jsonBody } from '../validate.js';
import { notFound } from '../problem.js';

export const DEMO_ISSUER = 'kyc-demo-idp';
export const DEMO_AUDIENCE = 'kyc-review-queue';
/** Short-lived on purpose: the portal refreshes before expiry, as a real one would. */
export const DEMO_TOKEN_SECONDS = 5 * 60;

export interface DemoPerson {
  id: string;
  name: string;
  roles: Role[];
  title: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'demo-riley', name: 'Riley Reviewer', roles: ['kyc:reviewer'], title: 'Reviewer' },
  { id: 'demo-sasha', name: 'Sasha Senior', roles: ['kyc:senior'], title: 'Senior reviewer' },
];

const TokenBody = v.strictObject({ person: v.picklist(DEMO_PEOPLE.map((p) => p.id), 'Unknown demo person') });

export function createDemoIdp(lifetimeSeconds = DEMO_TOKEN_SECONDS) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = `demo-${randomBytes(6).toString('base64url')}`;
  const jwk: JWK = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'ES256', use: 'sig' };
  const jwks = { keys: [jwk] };

  async function issue(person: DemoPerson) {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ name: person.name, roles: person.roles })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(person.id)
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(privateKey);
    return { token, expiresAt: new Date((now + lifetimeSeconds) * 1000).toISOString(), person };
  }

  const app = new Hono()
    .use(async (c, next) => {
      c.header('Cache-Control', 'no-store');
      await next();
    })
    .get('/jwks.json', (c) => c.json(jwks))
    .get('/people', (c) => c.json(DEMO_PEOPLE))
    .post('/token', jsonBody(TokenBody), async (c) => {
      const person = DEMO_PEOPLE.find((p) => p.id === c.req.valid('json').person);
      if (!person) throw notFound('No such demo person');
      return c.json(await issue(person));
    });

  return { app, jwks, issue, localKeys: createLocalJWKSet(jwks) };
}

export type DemoIdp = ReturnType<typeof createDemoIdp>;
