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
  /** KYC_DATABASE_URL: PostgreSQL instead of the files in dataDir (deployment.md). */
  databaseUrl: string | null;
  reviewers: Reviewer[];
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
    databaseUrl: env.KYC_DATABASE_URL?.trim() || null,
    reviewers,
    demoReviewerKey,
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
