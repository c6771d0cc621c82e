/**
 * Fixed-window limits per client address, for what an attacker repeats and
 * a real applicant never does: failed authentication and mass creation.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiProblem } from './problem.js';

export interface Limit {
  max: number;
  windowMs: number;
}

export const DEFAULT_LIMITS = {
  'auth-failure': { max: 30, windowMs: 60_000 },
  'workflow-create': { max: 20, windowMs: 10 * 60_000 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof DEFAULT_LIMITS;

function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process'; // app.request() in tests has no socket
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly enabled: boolean,
    private readonly limits: Record<LimitName, Limit> = DEFAULT_LIMITS,
  ) {}

  private window(c: Context, name: LimitName) {
    const key = `${name}|${addressOf(c)}`;
    const now = Date.now();
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= this.limits[name].windowMs) {
      entry = { start: now, count: 0 };
      this.windows.set(key, entry);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    return { entry, now };
  }

  private sweep(now: number) {
    for (const [key, entry] of this.windows) if (now - entry.start > 10 * 60_000) this.windows.delete(key);
  }

  /** Throws 429 with Retry-After when the address has used up `name`. */
  check(c: Context, name: LimitName): void {
    if (!this.enabled) return;
    const { entry, now } = this.window(c, name);
    if (entry.count >= this.limits[name].max) {
      const retryAfter = Math.max(1, Math.ceil((entry.start + this.limits[name].windowMs - now) / 1000));
      throw new ApiProblem(429, 'Too many requests from this address; try again later.', { retryAfter });
    }
  }

  hit(c: Context, name: LimitName): void {
    if (!this.enabled) return;
    this.window(c, name).entry.count++;
  }
}
