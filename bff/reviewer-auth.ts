/**
 * Reviewers as their portal knows them: the portal's own JWTs, verified with
 * `jose` against a shared HS256 secret or the identity provider's JWKS, and
 * the roles they carry. Static KYC_REVIEWERS keys (auth.ts) stay beside them.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ApiProblem, unauthorized } from './problem.js';

export const ROLES = ['kyc:reviewer', 'kyc:senior', 'kyc:admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role includes the ones before it (a senior may do what a reviewer may). */
const RANK: Record<Role, number> = { 'kyc:reviewer': 1, 'kyc:senior': 2, 'kyc:admin': 3 };

export function hasRole(roles: readonly Role[], needed: Role): boolean {
  return roles.some((role) => RANK[role] >= RANK[needed]);
}

/** A reviewer, whichever way they signed in. `name` is the id recorded in claims and history (a JWT's `sub`). */
export interface ReviewerCaller {
  kind: 'reviewer';
  name: string;
  /** What the queue shows: the JWT's `name` claim, else the id. */
  displayName: string;
  roles: Role[];
  /** Epoch ms when the credential stops being valid (JWTs only): a stream ends then. */
  expiresAt?: number;
}

export interface ReviewerJwtConfig {
  /** HS256: the HMAC key is this string's UTF-8 bytes. */
  secret?: string;
  /** RS256/ES256 keys from the identity provider (cached; re-fetched on an unknown `kid`). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The claim holding the roles (an array of strings); a dotted path reaches nested claims (`realm_access.roles`). */
  rolesClaim: string;
  /** Least time between two JWKS fetches for unknown `kid`s (jose's cooldown), so forged `kid`s cannot flood the provider. */
  jwksCooldownMs: number;
  /** KYC_REVIEWER_CLOCK_SKEW: 0–60 seconds, default 60. */
  clockSkewSeconds: number;
}

/** Seconds of clock difference tolerated on `exp` and `nbf` by default, and at most (reviewers.md). */
export const CLOCK_SKEW_SECONDS = 60;

/** A compact JWS: three base64url parts, a JSON header first. Longer than any static key may be. */
export const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]{2,1024}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{2,1024}$/;

export function loadReviewerJwtConfig(env: NodeJS.ProcessEnv): ReviewerJwtConfig | null {
  const secret = env.KYC_REVIEWER_JWT_SECRET || undefined;
  const jwksUrl = env.KYC_REVIEWER_JWKS_URL || undefined;
  if (!secret && !jwksUrl) return null;
  if (secret && jwksUrl) throw new Error('Set KYC_REVIEWER_JWT_SECRET or KYC_REVIEWER_JWKS_URL, not both');
  // Never echo the secret, even in a configuration error.
  if (secret && new TextEncoder().encode(secret).length < 32) throw new Error('KYC_REVIEWER_JWT_SECRET must be at least 32 bytes (HS256 keys shorter than the hash are guessable)');
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new Error('KYC_REVIEWER_JWKS_URL must be an absolute URL');
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error('KYC_REVIEWER_JWKS_URL must be https (http only on loopback)');
  }
  const rolesClaim = env.KYC_REVIEWER_ROLES_CLAIM?.trim() || 'roles';
  const skew = env.KYC_REVIEWER_CLOCK_SKEW ? Number(env.KYC_REVIEWER_CLOCK_SKEW) : CLOCK_SKEW_SECONDS;
  if (!Number.isInteger(skew) || skew < 0 || skew > CLOCK_SKEW_SECONDS) throw new Error(`KYC_REVIEWER_CLOCK_SKEW must be a whole number of seconds from 0 to ${CLOCK_SKEW_SECONDS}`);
  return {
    secret,
    jwksUrl,
    issuer: env.KYC_REVIEWER_JWT_ISSUER || undefined,
    audience: env.KYC_REVIEWER_JWT_AUDIENCE || undefined,
    rolesClaim,
    jwksCooldownMs: 30_000,
    clockSkewSeconds: skew,
  };
}

/** The claim by its exact name first (`https://example.com/roles` has dots), else as a dotted path. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const ID = /^[\p{L}\p{N}_.@|:+-]{1,128}$/u;

/**
 * Verifies portal JWTs. `keys` replaces the JWKS fetch (the demo identity
 * provider in the same process hands its key set over directly).
 */
export function createJwtVerifier(config: ReviewerJwtConfig, keys?: JWTVerifyGetKey) {
  const secret = config.secret ? new TextEncoder().encode(config.secret) : undefined;
  const remote =
    keys ??
    (config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: config.jwksCooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 }) : undefined);
  const algorithms = secret ? ['HS256'] : ['RS256', 'ES256'];

  return async function verify(token: string): Promise<ReviewerCaller> {
    let payload: JWTPayload;
    try {
      const options = { issuer: config.issuer, audience: config.audience, clockTolerance: config.clockSkewSeconds, algorithms, requiredClaims: ['sub', 'exp'] };
      ({ payload } = secret ? await jwtVerify(token, secret, options) : await jwtVerify(token, remote!, options));
    } catch (error) {
      // The provider's keys could not be had: not the caller's fault, and no reason to count a failure against them.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError))
        throw new ApiProblem(503, 'The identity provider’s keys could not be fetched; try again shortly', { retryAfter: 5 });
      if (error instanceof errors.JWTExpired) throw unauthorized('Missing or invalid credentials: the token has expired');
      throw unauthorized();
    }
    const sub = typeof payload.sub === 'string' && ID.test(payload.sub) ? payload.sub : undefined;
    if (!sub) throw unauthorized('Missing or invalid credentials: the token’s sub is not a usable reviewer id');
    const claimed = claimAt(payload, config.rolesClaim);
    const roles = (Array.isArray(claimed) ? claimed : typeof claimed === 'string' ? claimed.split(' ') : []).filter((role): role is Role =>
      (ROLES as readonly unknown[]).includes(role),
    );
    const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim().slice(0, 100) : sub;
    // The stream of a token ends when verification would refuse it: at `exp` plus the tolerated skew.
    return { kind: 'reviewer', name: sub, displayName: name, roles, expiresAt: ((payload.exp as number) + config.clockSkewSeconds) * 1000 };
  };
}

export type JwtVerifier = ReturnType<typeof createJwtVerifier>;

/** A history entry's actor: the id, and the shown name when it says more than the id. */
export function actorOf(me: ReviewerCaller): { kind: 'reviewer'; id: string; name?: string } {
  return { kind: 'reviewer', id: me.name, ...(me.displayName !== me.name ? { name: me.displayName } : {}) };
}
