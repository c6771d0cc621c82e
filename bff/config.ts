/** The BFF's configuration, read once from the environment (api.md § Configuration). */
import { randomBytes } from 'node:crypto';
import { OUTCOMES, type Outcome } from '../components/workflow/index.js';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_TOKEN_SECONDS } from './demo/idp.js';
import { CLOCK_SKEW_SECONDS, loadReviewerJwtConfig, type ReviewerJwtConfig, type Role } from './reviewer-auth.js';

export interface Reviewer {
  name: string;
  key: string;
  /** kyc:reviewer, plus kyc:senior or kyc:admin from a `:senior` / `:admin` suffix. */
  roles: Role[];
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  reviewers: Reviewer[];
  /** The portal's JWTs (KYC_REVIEWER_JWT_SECRET or KYC_REVIEWER_JWKS_URL); null: static keys only. */
  reviewerJwt: ReviewerJwtConfig | null;
  /** KYC_FOUR_EYES: outcomes that a second person (senior or admin) must confirm. */
  fourEyes: Outcome[];
  /**
   * Serve the demo identity provider under /idp and trust its tokens: only in the demo (KYC_REVIEWERS
   * and the JWT variables unset, listening on loopback) unless KYC_DEMO_IDP says otherwise.
   */
  demoIdp: boolean;
  /** KYC_DEMO_TOKEN_SECONDS: how long the demo provider's tokens live (60–3600, default 300). */
  demoTokenSeconds: number;
  /** Set when KYC_REVIEWERS was unset: the one secret the server may print. */
  demoReviewerKey: string | null;
  allowedOrigins: string[];
  maxUploadBytes: number;
  maxJsonBytes: number;
  rateLimit: boolean;
  /** Built host pages and element bundles to serve beside the API (the demo). */
  staticDir: string | null;
}

const REVIEWER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const REVIEWER_KEY = /^[A-Za-z0-9._~+/=-]{16,512}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let reviewers: Reviewer[];
  let demoReviewerKey: string | null = null;
  if (env.KYC_REVIEWERS?.trim()) {
    reviewers = env.KYC_REVIEWERS.split(',').map((entry) => {
      // name:key, name:key:senior or name:key:admin (a key never holds a colon).
      const role = /:(senior|admin)\s*$/.exec(entry);
      const pair = role ? entry.slice(0, role.index) : entry;
      const at = pair.indexOf(':');
      const name = pair.slice(0, at).trim();
      const key = pair.slice(at + 1).trim();
      // Never echo the key, even in a configuration error.
      if (at < 1 || !REVIEWER_NAME.test(name)) throw new Error('KYC_REVIEWERS: each entry must be name:key (name: letters, digits, _ . -)');
      if (key.length < 16) throw new Error(`KYC_REVIEWERS: the key of reviewer "${name}" must be at least 16 characters`);
      // What auth.ts accepts after "Bearer ": any other key could never be sent, and its reviewer never let in.
      if (!REVIEWER_KEY.test(key))
        throw new Error(`KYC_REVIEWERS: the key of reviewer "${name}" must be at most 512 characters of letters, digits and - . _ ~ + / =`);
      const roles: Role[] = role ? ['kyc:reviewer', `kyc:${role[1] as 'senior' | 'admin'}`] : ['kyc:reviewer'];
      return { name, key, roles };
    });
  } else {
    demoReviewerKey = randomBytes(24).toString('base64url');
    reviewers = [{ name: 'demo', key: demoReviewerKey, roles: ['kyc:reviewer', 'kyc:admin'] }];
  }
  const fourEyes = (env.KYC_FOUR_EYES ?? '')
    .split(',')
    .map((outcome) => outcome.trim())
    .filter(Boolean);
  const unknown = fourEyes.filter((outcome) => !(OUTCOMES as readonly string[]).includes(outcome));
  if (unknown.length) throw new Error(`KYC_FOUR_EYES: unknown outcome ${unknown.join(', ')} (use ${OUTCOMES.join(', ')})`);
  const number = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number`);
    return parsed;
  };
  let reviewerJwt = loadReviewerJwtConfig(env);
  const host = env.HOST || '127.0.0.1';
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const demoIdp = env.KYC_DEMO_IDP === 'on' || (env.KYC_DEMO_IDP !== 'off' && demoReviewerKey !== null && !reviewerJwt && loopback);
  if (demoIdp && env.KYC_DEMO_IDP === 'on' && reviewerJwt) throw new Error('KYC_DEMO_IDP=on cannot be combined with KYC_REVIEWER_JWT_SECRET or KYC_REVIEWER_JWKS_URL');
  // The JWKS URL is the server's own /idp/jwks.json, known once it listens (server.ts fills it in).
  if (demoIdp)
    reviewerJwt = { issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, rolesClaim: 'roles', jwksCooldownMs: 30_000, clockSkewSeconds: CLOCK_SKEW_SECONDS };
  return {
    port: number(env.PORT, 3000, 'PORT'),
    host,
    dataDir: env.KYC_DATA_DIR || './data',
    reviewers,
    demoReviewerKey,
    reviewerJwt,
    demoIdp,
    demoTokenSeconds: (() => {
      const seconds = number(env.KYC_DEMO_TOKEN_SECONDS, DEMO_TOKEN_SECONDS, 'KYC_DEMO_TOKEN_SECONDS');
      if (seconds < 60 || seconds > 3600) throw new Error('KYC_DEMO_TOKEN_SECONDS must be from 60 to 3600');
      return seconds;
    })(),
    fourEyes: [...new Set(fourEyes)] as Outcome[],
    allowedOrigins: (env.KYC_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    maxUploadBytes: number(env.KYC_MAX_UPLOAD_BYTES, 10 * 1024 * 1024, 'KYC_MAX_UPLOAD_BYTES'),
    maxJsonBytes: 256 * 1024,
    rateLimit: env.KYC_RATE_LIMIT !== 'off',
    staticDir: env.KYC_STATIC_DIR || null,
  };
}
