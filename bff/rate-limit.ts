/**
 * Fixed-window limits per client address, for what an attacker repeats and
 * a real applicant never does: failed authentication and mass creation.
 *
 * Memory stays bounded: one map per limit, in the order windows started (a
 * new window is deleted and set again, so it moves to the end), which for one
 * window length is also the order they end. Ended windows are dropped from
 * the front whenever a window starts, and at most `maxEntries` per limit are
 * kept (the oldest go first). An IPv6 client counts by its /64: one host
 * usually holds a whole /64 and could otherwise take a fresh address per try.
 */
import { BlockList, isIP } from 'node:net';
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

/** Entries kept per limit at most (about 100 bytes each). */
export const MAX_ENTRIES = 100_000;

/**
 * The key an address counts under: an IPv4 address as it is (also when
 * IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address by its first 64 bits.
 */
export function clientKey(address: string): string {
  const bare = address.replace(/%.*$/, '').toLowerCase(); // zone index (fe80::1%eth0)
  if (!bare.includes(':')) return bare;
  const mapped = /^(?:0{0,4}:){0,5}ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare.replace(/^::/, '0:'));
  if (mapped) return mapped[1];
  // Expand "::" into the zero groups it stands for; a trailing dotted quad is two groups.
  let text = bare.replace(/(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, (_, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
  );
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  text = groups
    .slice(0, 4)
    .map((group) => (parseInt(group, 16) || 0).toString(16))
    .join(':');
  return `${text}::/64`;
}

/** KYC_TRUSTED_PROXIES (addresses or CIDRs) as a BlockList; throws on an entry that is neither. */
export function trustedProxyList(entries: string[]): BlockList | undefined {
  if (!entries.length) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    if (!family || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
      throw new Error(`KYC_TRUSTED_PROXIES: "${entry}" is not an address or a CIDR`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (!family) return false;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped && list.check(mapped[1], 'ipv4')) return true;
  return list.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most address of X-Forwarded-For that is not itself a trusted proxy (every address left
 * of it was written by the client and proves nothing).
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, proxies: BlockList | undefined): string {
  if (!proxies || !forwardedFor || !trusted(proxies, peer)) return peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i].replace(/%.*$/, ''))) return peer; // garbage in the chain: count the proxy, not a made-up name
    if (!trusted(proxies, hops[i])) return hops[i];
  }
  return peer;
}

function addressOf(c: Context, proxies: BlockList | undefined): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return 'in-process'; // app.request() in tests has no socket
  }
  return peer ? clientKey(proxies ? clientAddress(peer, c.req.header('x-forwarded-for'), proxies) : peer) : 'unknown';
}

export class RateLimiter {
  /** Per limit: address key → its window, oldest window first. */
  private readonly windows = new Map<LimitName, Map<string, { start: number; count: number }>>();

  private readonly proxies: BlockList | undefined;

  constructor(
    private readonly enabled: boolean,
    private readonly limits: Record<LimitName, Limit> = DEFAULT_LIMITS,
    private readonly maxEntries = MAX_ENTRIES,
    trustedProxies: string[] = [],
  ) {
    this.proxies = trustedProxyList(trustedProxies);
  }

  /** Windows held for `name` (for tests and monitoring). */
  size(name: LimitName): number {
    return this.windows.get(name)?.size ?? 0;
  }

  private window(c: Context, name: LimitName) {
    const key = addressOf(c, this.proxies);
    const now = Date.now();
    const { windowMs } = this.limits[name];
    let windows = this.windows.get(name);
    if (!windows) this.windows.set(name, (windows = new Map()));
    let entry = windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      windows.delete(key);
      // Ended windows first (from the front, so each is looked at once), then room under the cap.
      for (const [oldKey, old] of windows) {
        if (now - old.start < windowMs && windows.size < this.maxEntries) break;
        windows.delete(oldKey);
      }
      entry = { start: now, count: 0 };
      windows.set(key, entry);
    }
    return { entry, now };
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
