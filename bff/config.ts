/** The BFF's configuration, read once from the environment (api.md § Configuration). */
import { randomBytes } from 'node:crypto';
import { OUTCOMES, type Outcome } from '../components/workflow/index.js';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_TOKEN_SECONDS } from './demo/idp.js';
import { CLOCK_SKEW_SECONDS, loadReviewerJwtConfig, type ReviewerJwtConfig, type Role } from './reviewer-auth.js';

/** A server-to-server key from KYC_API_KEYS (integrator.md). */
export interface ApiKey {
  name: string;
  key: string;
}

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
  /** KYC_DATABASE_URL: PostgreSQL instead of the files in dataDir (deployment.md). */
  databaseUrl: string | null;
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
  /** Limits against one visitor freezing, exhausting or filling the server (README § Limits). */
  bodyIdleMs: number;
  maxBodyBytesInFlight: number;
  drainMaxBytes: number;
  drainMaxMs: number;
  maxConnections: number;
  headersTimeoutMs: number;
  maxPipelined: number;
  streamBacklogBytes: number;
  workflowQuotaBytes: number;
  handoffsPerWindow: number;
  maxHistoryPerActor: number;
  abandonedAfterMs: number;
  /** Serve the bundles' source maps (full sources) beside them: KYC_SOURCE_MAPS=on; off by default. */
  sourceMaps: boolean;
  /** Peers whose X-Forwarded-For the rate limiter believes (addresses or CIDRs). */
  trustedProxies: string[];
  /** Built host pages and element bundles to serve beside the API (the demo). */
  staticDir: string | null;
  /** The integrator's server keys (KYC_API_KEYS); see integrator.md. */
  apiKeys: ApiKey[];
  /** Set when KYC_API_KEYS was unset: made for this run, for the demo bank. */
  demoApiKey: string | null;
  /** KYC_PUBLIC_START=off: anonymous POST /workflows answers 403. */
  publicStart: boolean;
  /** Applicant tokens expire after this many seconds without use. */
  applicantTokenTtlSeconds: number;
  /** How long a start code from POST /applicants can be redeemed. */
  startCodeTtlSeconds: number;
  webhook: WebhookConfig | null;
}

export interface WebhookConfig {
  /** Null when the demo bank's own receiver is meant (bff/demo/bank.ts): the server fills it in once it knows its address. */
  url: string | null;
  /** `whsec_` + base64. */
  secret: string;
  retryBaseMs: number;
}

const REVIEWER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const REVIEWER_KEY = /^[A-Za-z0-9._~+/=-]{16,512}$/;

const DAY = 24 * 60 * 60_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 60 * 60_000, d: DAY };

/** "30d", "12h", "90m", "45s" or a number of milliseconds. */
function duration(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match || Number(match[1]) < 1) throw new Error(`${name} must be a duration such as 30d, 12h, 90m or 45s`);
  return Number(match[1]) * UNITS[match[2] ?? 'ms'];
}

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
  const { apiKeys, demoApiKey } = loadApiKeys(env);
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
    databaseUrl: env.KYC_DATABASE_URL?.trim() || null,
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
    bodyIdleMs: number(env.KYC_BODY_IDLE_MS, 10_000, 'KYC_BODY_IDLE_MS'),
    maxBodyBytesInFlight: number(env.KYC_MAX_BODY_BYTES_IN_FLIGHT, 64 * 1024 * 1024, 'KYC_MAX_BODY_BYTES_IN_FLIGHT'),
    drainMaxBytes: number(env.KYC_DRAIN_MAX_BYTES, 64 * 1024 * 1024, 'KYC_DRAIN_MAX_BYTES'),
    drainMaxMs: number(env.KYC_DRAIN_MAX_MS, 5_000, 'KYC_DRAIN_MAX_MS'),
    maxConnections: number(env.KYC_MAX_CONNECTIONS, 2_000, 'KYC_MAX_CONNECTIONS'),
    headersTimeoutMs: number(env.KYC_HEADERS_TIMEOUT_MS, 10_000, 'KYC_HEADERS_TIMEOUT_MS'),
    maxPipelined: number(env.KYC_MAX_PIPELINED, 16, 'KYC_MAX_PIPELINED'),
    streamBacklogBytes: number(env.KYC_STREAM_BACKLOG_BYTES, 256 * 1024, 'KYC_STREAM_BACKLOG_BYTES'),
    workflowQuotaBytes: number(env.KYC_WORKFLOW_QUOTA_BYTES, 40 * 1024 * 1024, 'KYC_WORKFLOW_QUOTA_BYTES'),
    handoffsPerWindow: number(env.KYC_HANDOFFS_PER_10_MIN, 5, 'KYC_HANDOFFS_PER_10_MIN'),
    maxHistoryPerActor: number(env.KYC_MAX_HISTORY_PER_ACTOR, 500, 'KYC_MAX_HISTORY_PER_ACTOR'),
    abandonedAfterMs: duration(env.KYC_ABANDONED_AFTER, 30 * DAY, 'KYC_ABANDONED_AFTER'),
    sourceMaps: env.KYC_SOURCE_MAPS === 'on',
    trustedProxies: (env.KYC_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    staticDir: env.KYC_STATIC_DIR || null,
    apiKeys,
    demoApiKey,
    publicStart: env.KYC_PUBLIC_START !== 'off',
    applicantTokenTtlSeconds: number(env.KYC_APPLICANT_TOKEN_TTL, 30 * 86400, 'KYC_APPLICANT_TOKEN_TTL') || 30 * 86400,
    startCodeTtlSeconds: number(env.KYC_START_CODE_TTL, 86400, 'KYC_START_CODE_TTL') || 86400,
    webhook: loadWebhook(env, number(env.KYC_WEBHOOK_RETRY_BASE_MS, 5000, 'KYC_WEBHOOK_RETRY_BASE_MS')),
  };
}

/** KYC_API_KEYS = name:key,…; unset: one key made for this run (the demo bank uses it in-process). */
function loadApiKeys(env: NodeJS.ProcessEnv): { apiKeys: ApiKey[]; demoApiKey: string | null } {
  if (!env.KYC_API_KEYS?.trim()) {
    const demoApiKey = randomBytes(32).toString('base64url');
    return { apiKeys: [{ name: 'demo-bank', key: demoApiKey }], demoApiKey };
  }
  const apiKeys = env.KYC_API_KEYS.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const name = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (at < 1 || !REVIEWER_NAME.test(name)) throw new Error('KYC_API_KEYS: each entry must be name:key (name: letters, digits, _ . -)');
    if (key.length < 32) throw new Error(`KYC_API_KEYS: the key of "${name}" must be at least 32 characters`);
    if (!REVIEWER_KEY.test(key)) throw new Error(`KYC_API_KEYS: the key of "${name}" must be at most 512 characters of letters, digits and - . _ ~ + / =`);
    return { name, key };
  });
  return { apiKeys, demoApiKey: null };
}

/**
 * KYC_WEBHOOK_URL + KYC_WEBHOOK_SECRET. Both unset while the demo runs (pages served, no KYC_API_KEYS): the
 * demo bank's own receiver (bff/demo/bank.ts), with a secret made for this run. Otherwise unset: no webhooks.
 */
function loadWebhook(env: NodeJS.ProcessEnv, retryBaseMs: number): WebhookConfig | null {
  const url = env.KYC_WEBHOOK_URL?.trim();
  const secret = env.KYC_WEBHOOK_SECRET?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('KYC_WEBHOOK_URL must be an absolute http(s) URL');
    }
    if (!/^https?:$/.test(parsed.protocol)) throw new Error('KYC_WEBHOOK_URL must be an absolute http(s) URL');
    if (!secret || !/^whsec_[A-Za-z0-9+/]{22,}={0,2}$/.test(secret)) throw new Error('KYC_WEBHOOK_SECRET must be set to whsec_ followed by base64 (at least 16 bytes)');
    return { url: parsed.href, secret, retryBaseMs: retryBaseMs || 5000 };
  }
  if (secret) throw new Error('KYC_WEBHOOK_SECRET is set but KYC_WEBHOOK_URL is not');
  if (env.KYC_API_KEYS?.trim() || !env.KYC_STATIC_DIR) return null;
  return { url: null, secret: `whsec_${randomBytes(24).toString('base64')}`, retryBaseMs: retryBaseMs || 5000 };
}
