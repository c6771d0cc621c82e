/** scripts/lan.mjs: what `npm start` prints for a phone (issue 16 item 15). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a plain .mjs script without types
import { lanAddresses, lanLines } from '../../../scripts/lan.mjs';

const interfaces = {
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }, { address: '::1', family: 'IPv6', internal: true }],
  wlan0: [
    { address: '192.168.1.23', family: 'IPv4', internal: false },
    { address: 'fe80::1', family: 'IPv6', internal: false },
    { address: '2001:db8::5', family: 'IPv6', internal: false },
  ],
};

describe('LAN addresses for the demo', () => {
  test('lists the network addresses, IPv4 first, without loopback or link-local', () => {
    assert.deepEqual(lanAddresses(interfaces), ['192.168.1.23', '[2001:db8::5]']);
  });

  test('prints the applicant page on each address when bound to every interface', () => {
    const lines = lanLines('0.0.0.0', '3000', interfaces);
    assert.ok(lines.some((line: string) => line.includes('http://192.168.1.23:3000/kyc/')));
    assert.ok(lines.some((line: string) => line.includes('http://[2001:db8::5]:3000/kyc/')));
  });

  test('bound to loopback (the default), says how to reach a phone instead of printing an address', () => {
    const lines = lanLines('127.0.0.1', '3000', interfaces).join('\n');
    assert.doesNotMatch(lines, /192\.168/);
    assert.match(lines, /HOST=0\.0\.0\.0/);
  });
});
