/**
 * Who is calling: an applicant (a per-workflow token, stored only as its
 * sha256) or a reviewer (a key from KYC_REVIEWERS). Credentials travel only
 * in the Authorization header; nothing here ever logs them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from './config.js';
import { ApiProblem, forbidden, unauthorized } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { JWTVerifyGetKey } from 'jose';
import { createJwtVerifier, hasRole, JWT_SHAPE, type JwtVerifier, type ReviewerCaller } from './reviewer-auth.js';
import type { WorkflowStore } from './store/types.js';

export type Caller = { kind: 'applicant'; workflowId: string } | ReviewerCaller | { kind: 'integrator'; name: string };

export interface AuthVariables {
  caller: Caller;
}

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Distinct bearer values (and path segments) whose sha256 is kept: about 200 KB. */
const DIGESTS = 1024;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/i; // the scheme is case-insensitive (RFC 9110 § 11.1)

export interface AuthOptions {
  config: Config;
  store: WorkflowStore;
  limiter: RateLimiter;
  /** Keys to verify with while config.reviewerJwt names no JWKS URL yet (the demo provider before the server listens). */
  localKeys?: JWTVerifyGetKey;
}

export function createAuthenticator({ config, store, limiter, localKeys }: AuthOptions) {
  // Made at the first token, from the configuration as it is then (server.ts may have filled in the demo's JWKS URL).
  let verifier: JwtVerifier | undefined;
  const jwt = config.reviewerJwt;
  const verifyJwt = jwt && ((token: string) => (verifier ??= createJwtVerifier(jwt, jwt.jwksUrl ? undefined : localKeys))(token));
  const reviewerDigests = config.reviewers.map((reviewer) => ({
    name: reviewer.name,
    roles: reviewer.roles,
    digest: createHash('sha256').update(reviewer.key).digest(),
  }));

  const integrators = integratorKeys(config);
  const tokenClock = applicantTokenClock(store, config.applicantTokenTtlSeconds);

  /**
   * sha256 of a bearer value (or of a path segment `redact` checks), kept for
   * the last DIGESTS distinct values: a client sends the same token on every
   * request, so hashing it again each time is wasted. Only the digest is
   * cached, never the answer: whether it opens a workflow is asked anew.
   */
  const digests = new Map<string, { digest: Buffer; hex: string }>();
  function digestOf(value: string): { digest: Buffer; hex: string } {
    let known = digests.get(value);
    if (!known) {
      const digest = createHash('sha256').update(value).digest();
      known = { digest, hex: digest.toString('hex') };
      if (digests.size >= DIGESTS) digests.delete(digests.keys().next().value!);
      digests.set(value, known);
    }
    return known;
  }

  /** The caller behind the header, or a 401 (counted against the address). */
  async function identify(c: Context): Promise<Caller> {
    limiter.check(c, 'auth-failure');
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (!match) {
      limiter.hit(c, 'auth-failure');
      throw unauthorized();
    }
    const { digest, hex } = digestOf(match[1]);
    // Compare against every key, always, so timing says nothing about which matched.
    let reviewer: (typeof reviewerDigests)[number] | undefined;
    for (const candidate of reviewerDigests) if (timingSafeEqual(candidate.digest, digest)) reviewer ??= candidate;
    if (reviewer) return { kind: 'reviewer', name: reviewer.name, displayName: reviewer.name, roles: reviewer.roles };
    const integrator = integrators.match(digest);
    if (integrator) return { kind: 'integrator', name: integrator };
    const workflowId = await store.idForTokenHash(hex);
    if (workflowId) return { kind: 'applicant', workflowId };
    limiter.hit(c, 'auth-failure');
    throw unauthorized();
  }

  /** A JWT (when the portal's JWTs are configured) or whatever `identify` knows. */
  async function identifyAny(c: Context): Promise<Caller> {
    const token = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!verifyJwt || !token || !JWT_SHAPE.test(token)) return identify(c);
    limiter.check(c, 'auth-failure');
    try {
      return await verifyJwt(token);
    } catch (error) {
      if (error instanceof Error && 'status' in error && error.status === 401) limiter.hit(c, 'auth-failure');
      throw error;
    }
  }

  /**
   * Is `value` a credential: a reviewer key, or shaped like an applicant token (newToken's 43
   * characters, live or not: a log line cannot wait for the store, which may be a database).
   */
  function isCredential(value: string): boolean {
    if (TOKEN_SHAPE.test(value)) return true;
    const { digest } = digestOf(value);
    return reviewerDigests.some((candidate) => timingSafeEqual(candidate.digest, digest)) || integrators.match(digest) !== undefined;
  }

  return {
    identify,
    /**
     * `path` for a log line: a segment that is a credential (a client that
     * wrongly put its token in the URL) becomes "[credential]".
     */
    redact(path: string): string {
      return path
        .split('/')
        .map((segment) => {
          let decoded = segment;
          try {
            decoded = decodeURIComponent(segment);
          } catch {
            // not percent-encoded text: compare it as it is
          }
          if (JWT_SHAPE.test(decoded)) return '[credential]';
          return decoded.length >= 16 && decoded.length <= 512 && isCredential(decoded) ? '[credential]' : segment;
        })
        .join('/');
    },
    /** Reviewer routes: a reviewer key or the portal's JWT with a kyc:reviewer (or higher) role, nothing else. */
    reviewer: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = await identifyAny(c);
      if (caller.kind !== 'reviewer') throw forbidden('Reviewer routes need a reviewer key');
      if (!hasRole(caller.roles, 'kyc:reviewer')) throw forbidden('These credentials carry no kyc:reviewer role');
      c.set('caller', caller);
      await next();
    }),
    /** Applicant routes on /:id: the token that opens this one workflow. */
    applicant: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = await identifyAny(c);
      if (caller.kind !== 'applicant' || caller.workflowId !== c.req.param('id')) throw forbidden();
      await tokenClock.use(caller.workflowId);
      c.set('caller', caller);
      await next();
    }),
    /** An applicant or a reviewer: each route then checks what this caller may see. */
    any: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = await identifyAny(c);
      if (caller.kind === 'integrator') throw forbidden('An API key opens only the integrator routes');
      // A portal user without a KYC role is no reviewer anywhere.
      if (caller.kind === 'reviewer' && !hasRole(caller.roles, 'kyc:reviewer')) throw forbidden('These credentials carry no kyc:reviewer role');
      if (caller.kind === 'applicant') await tokenClock.use(caller.workflowId);
      c.set('caller', caller);
      await next();
    }),
    /** The integrator's routes (integrator.md): an API key from KYC_API_KEYS, nothing else. */
    integrator: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = await identify(c);
      if (caller.kind !== 'integrator') throw forbidden('Integrator routes need an API key');
      c.set('caller', caller);
      await next();
    }),
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;

/** KYC_API_KEYS as digests; `match` compares against every key, always (no timing hint). */
function integratorKeys(config: Config) {
  const digests = config.apiKeys.map((entry) => ({ name: entry.name, digest: createHash('sha256').update(entry.key).digest() }));
  return {
    match(digest: Buffer): string | undefined {
      let name: string | undefined;
      for (const candidate of digests) if (timingSafeEqual(candidate.digest, digest)) name ??= candidate.name;
      return name;
    },
  };
}

/**
 * KYC_APPLICANT_TOKEN_TTL: a token unused that long answers 401 `token_expired`. Last use is kept in
 * memory; a workflow not seen since start (or seen too long ago) is judged by its record's `updatedAt`,
 * which every applicant write and every redemption of a start code or hand-off moves. So a restart
 * forgets reads, never writes: a token may expire earlier than its last read, never later than its last write.
 */
function applicantTokenClock(store: WorkflowStore, ttlSeconds: number) {
  const ttlMs = ttlSeconds * 1000;
  const lastUse = new Map<string, number>();
  return {
    async use(workflowId: string): Promise<void> {
      const now = Date.now();
      const seen = lastUse.get(workflowId);
      if (seen === undefined || now - seen > ttlMs) {
        const record = await store.get(workflowId);
        const written = record ? Date.parse(record.updatedAt) : 0;
        if (now - Math.max(seen ?? 0, written) > ttlMs) {
          lastUse.delete(workflowId);
          throw new ApiProblem(401, 'This link has expired; ask for a new one', { code: 'token_expired' });
        }
      }
      lastUse.delete(workflowId); // re-inserted last: the map stays in order of use
      lastUse.set(workflowId, now);
      if (lastUse.size > 100_000) lastUse.delete(lastUse.keys().next().value!);
    },
  };
}
