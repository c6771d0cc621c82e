/**
 * Who is calling: an applicant (a per-workflow token, stored only as its
 * sha256) or a reviewer (a key from KYC_REVIEWERS). Credentials travel only
 * in the Authorization header; nothing here ever logs them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from './config.js';
import { forbidden, unauthorized } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import type { WorkflowStore } from './store/types.js';

export type Caller = { kind: 'applicant'; workflowId: string } | { kind: 'reviewer'; name: string };

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

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/;

export interface AuthOptions {
  config: Config;
  store: WorkflowStore;
  limiter: RateLimiter;
}

export function createAuthenticator({ config, store, limiter }: AuthOptions) {
  const reviewerDigests = config.reviewers.map((reviewer) => ({
    name: reviewer.name,
    digest: createHash('sha256').update(reviewer.key).digest(),
  }));

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
  function identify(c: Context): Caller {
    limiter.check(c, 'auth-failure');
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (!match) {
      limiter.hit(c, 'auth-failure');
      throw unauthorized();
    }
    const { digest, hex } = digestOf(match[1]);
    // Compare against every key, always, so timing says nothing about which matched.
    let reviewer: string | undefined;
    for (const candidate of reviewerDigests) if (timingSafeEqual(candidate.digest, digest)) reviewer ??= candidate.name;
    if (reviewer) return { kind: 'reviewer', name: reviewer };
    const workflowId = store.idForTokenHash(hex);
    if (workflowId) return { kind: 'applicant', workflowId };
    limiter.hit(c, 'auth-failure');
    throw unauthorized();
  }

  /** Is `value` a live credential (a reviewer key or an applicant token)? */
  function isCredential(value: string): boolean {
    const { digest, hex } = digestOf(value);
    return reviewerDigests.some((candidate) => timingSafeEqual(candidate.digest, digest)) || store.idForTokenHash(hex) !== undefined;
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
          return decoded.length >= 16 && decoded.length <= 512 && isCredential(decoded) ? '[credential]' : segment;
        })
        .join('/');
    },
    /** Reviewer routes: a reviewer key, nothing else. */
    reviewer: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = identify(c);
      if (caller.kind !== 'reviewer') throw forbidden('Reviewer routes need a reviewer key');
      c.set('caller', caller);
      await next();
    }),
    /** Applicant routes on /:id: the token that opens this one workflow. */
    applicant: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      const caller = identify(c);
      if (caller.kind !== 'applicant' || caller.workflowId !== c.req.param('id')) throw forbidden();
      c.set('caller', caller);
      await next();
    }),
    /** Either: each route then checks what this caller may see. */
    any: createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
      c.set('caller', identify(c));
      await next();
    }),
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
