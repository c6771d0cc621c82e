/**
 * The limiter's memory stays bounded however many addresses try: ended
 * windows are dropped, at most MAX_ENTRIES are kept per limit (oldest out
 * first), and an IPv6 client counts by its /64, so a host cannot take a
 * fresh budget (and a fresh entry) per address of its prefix.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { onError } from '../../../bff/problem.js';
import { clientKey, MAX_ENTRIES, RateLimiter } from '../../../bff/rate-limit.js';

const limits = { 'auth-failure': { max: 2, windowMs: 60_000 }, 'workflow-create': { max: 1, windowMs: 600_000 } };

/** An app whose one route counts a failed login per request, called as if from `address`. */
function limited(limiter: RateLimiter) {
  const app = new Hono().get('/', (c) => {
    limiter.check(c, 'auth-failure');
    limiter.hit(c, 'auth-failure');
    return c.text('ok');
  });
  app.onError(onError(() => {}));
  const from = async (address: string) => {
    const family = address.includes(':') ? 'IPv6' : 'IPv4';
    return (await app.request('/', {}, { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: family } } })).status;
  };
  return from;
}

/** A stand-in request context for check() alone. */
const ctx = (address: string) => ({ env: { incoming: { socket: { remoteAddress: address, remotePort: 1, remoteFamily: 'IPv4' } } } }) as never;

describe('the limiter’s memory', () => {
  test(`holds at most ${MAX_ENTRIES} windows per limit; the oldest go first`, () => {
    const limiter = new RateLimiter(true, limits);
    const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const total = MAX_ENTRIES + 50_000;
    for (let i = 0; i < total; i++) limiter.check(ctx(address(i)), 'auth-failure');
    assert.equal(limiter.size('auth-failure'), MAX_ENTRIES, `windows held after ${total} addresses`);
    assert.equal(limiter.size('workflow-create'), 0, 'the other limit is untouched');
    // The newest are still counted: two failures from the last address use up its budget.
    limiter.hit(ctx(address(total - 1)), 'auth-failure');
    limiter.hit(ctx(address(total - 1)), 'auth-failure');
    assert.throws(() => limiter.check(ctx(address(total - 1)), 'auth-failure'), /Too many requests/, 'the newest window is kept');
  });

  test('ended windows are dropped when new ones start', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const limiter = new RateLimiter(true, limits);
    for (let i = 0; i < 1000; i++) limiter.check(ctx(`10.0.${i >> 8}.${i & 255}`), 'auth-failure');
    assert.equal(limiter.size('auth-failure'), 1000, 'one window per address within the minute');
    t.mock.timers.tick(60_000);
    limiter.check(ctx('192.0.2.1'), 'auth-failure');
    assert.equal(limiter.size('auth-failure'), 1, 'the 1000 ended windows are gone; only the new one is held');
  });

  test('a window that ends is started again at the back (and counts from zero)', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const limiter = new RateLimiter(true, limits);
    limiter.hit(ctx('192.0.2.1'), 'auth-failure');
    limiter.hit(ctx('192.0.2.1'), 'auth-failure');
    assert.throws(() => limiter.check(ctx('192.0.2.1'), 'auth-failure'), /Too many requests/);
    t.mock.timers.tick(30_000);
    limiter.check(ctx('192.0.2.2'), 'auth-failure');
    t.mock.timers.tick(30_000);
    limiter.check(ctx('192.0.2.1'), 'auth-failure'); // its window ended: a new one, behind 192.0.2.2's
    assert.equal(limiter.size('auth-failure'), 2, 'both held');
    t.mock.timers.tick(30_000);
    limiter.check(ctx('192.0.2.3'), 'auth-failure'); // 192.0.2.2's window ended now, 192.0.2.1's has not
    assert.equal(limiter.size('auth-failure'), 2, '192.0.2.2 dropped, 192.0.2.1 and 192.0.2.3 held');
  });
});

describe('the limiter’s keys', () => {
  test('IPv6 addresses count by their /64; IPv4 (also IPv4-mapped) by the address', () => {
    assert.equal(clientKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:DB8:1:2:3::9%eth0'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
  });

  test('a host cycling through addresses of one /64 shares one budget; another /64 has its own', async () => {
    const limiter = new RateLimiter(true, limits);
    const from = limited(limiter);
    assert.equal(await from('2001:db8:1:2::1'), 200);
    assert.equal(await from('2001:db8:1:2::2'), 200);
    assert.equal(await from('2001:db8:1:2:abcd::3'), 429, 'a third address in the same /64 is refused');
    assert.equal(await from('2001:db8:1:3::1'), 200, 'the next /64 is someone else');
    assert.equal(limiter.size('auth-failure'), 2, 'one window per /64');
    assert.equal(await from('203.0.113.7'), 200);
    assert.equal(await from('::ffff:203.0.113.7'), 200);
    assert.equal(await from('203.0.113.7'), 429, 'the IPv4-mapped form is the same client');
  });
});
