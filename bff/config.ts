/** The BFF's configuration, read once from the environment (api.md § Configuration). */
import { randomBytes } from 'node:crypto';

export interface Reviewer {
  name: string;
  key: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  reviewers: Reviewer[];
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
    reviewers = env.KYC_REVIEWERS.split(',').map((pair) => {
      const at = pair.indexOf(':');
      const name = pair.slice(0, at).trim();
      const key = pair.slice(at + 1).trim();
      // Never echo the key, even in a configuration error.
      if (at < 1 || !REVIEWER_NAME.test(name)) throw new Error('KYC_REVIEWERS: each entry must be name:key (name: letters, digits, _ . -)');
      if (key.length < 16) throw new Error(`KYC_REVIEWERS: the key of reviewer "${name}" must be at least 16 characters`);
      // What auth.ts accepts after "Bearer ": any other key could never be sent, and its reviewer never let in.
      if (!REVIEWER_KEY.test(key))
        throw new Error(`KYC_REVIEWERS: the key of reviewer "${name}" must be at most 512 characters of letters, digits and - . _ ~ + / =`);
      return { name, key };
    });
  } else {
    demoReviewerKey = randomBytes(24).toString('base64url');
    reviewers = [{ name: 'demo', key: demoReviewerKey }];
  }
  const number = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number`);
    return parsed;
  };
  return {
    port: number(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: env.KYC_DATA_DIR || './data',
    reviewers,
    demoReviewerKey,
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
  };
}
