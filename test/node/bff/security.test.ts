/**
 * The rest of api.md's "who may call what", configuration and secrets:
 * rate limits (429), the demo reviewer, cross-origin rules, and secrets kept
 * out of logs and URLs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../bff/config.js';
import { ALICE_KEY, assertProblem, Journey, makeBff } from './harness.js';

describe('rate limits', () => {
  test('mass creation and repeated bad credentials are 429 with Retry-After', async (t) => {
    const { api } = await makeBff(t, { KYC_RATE_LIMIT: 'on' });
    let created = 0;
    let limited;
    for (let i = 0; i < 50 && !limited; i++) {
      const answer = await api.send('POST', '/workflows', { json: {} });
      if (answer.status === 201) created++;
      else limited = answer;
    }
    assert.ok(limited, 'creation is limited');
    assert.ok(created >= 5, `${created} workflows before the limit`);
    assertProblem(limited, 429);
    assert.match(limited.res.headers.get('retry-after') ?? '', /^\d+$/);

    let refused;
    for (let i = 0; i < 100 && !refused; i++) {
      const answer = await api.send('GET', '/cases', { token: `wrong-key-${String(i).padStart(12, '0')}` });
      if (answer.status === 429) refused = answer;
      else assertProblem(answer, 401);
    }
    assert.ok(refused, 'guessing keys is limited');
    assertProblem(refused, 429);
  });
});

describe('the demo reviewer', () => {
  test('without KYC_REVIEWERS there is one reviewer "demo" with a random key, and no reviewer route opens without it', async (t) => {
    const { api, config } = await makeBff(t, { KYC_REVIEWERS: '' });
    assert.equal(config.reviewers.length, 1);
    assert.equal(config.reviewers[0].name, 'demo');
    const key = config.demoReviewerKey!;
    assert.ok(key.length >= 16);
    assertProblem(await api.send('GET', '/cases'), 401);
    assertProblem(await api.send('GET', '/cases', { token: ALICE_KEY }), 401, 'keys from elsewhere do not work');
    assert.equal((await api.send('GET', '/cases', { token: key })).status, 200);
    const second = await makeBff(t, { KYC_REVIEWERS: '' });
    assert.notEqual(second.config.demoReviewerKey, key, 'a new key each start');
  });
});

describe('KYC_REVIEWERS', () => {
  test('a configured key that could never be sent as a bearer credential stops the start (without echoing it)', () => {
    for (const key of ['correct horse battery staple', 'pa$$word-pa$$word-1', 'ключ-ключ-ключ-ключ', 'k'.repeat(600)])
      assert.throws(() => loadConfig({ KYC_REVIEWERS: `carol:${key}` }), (error: Error) => /carol/.test(error.message) && !error.message.includes(key));
    assert.throws(() => loadConfig({ KYC_REVIEWERS: 'carol:short' }), /at least 16/);
    assert.deepEqual(loadConfig({ KYC_REVIEWERS: 'carol:a-b.c_d~e+f/g=h0123456789' }).reviewers, [{ name: 'carol', key: 'a-b.c_d~e+f/g=h0123456789', roles: ['kyc:reviewer'] }]);
  });

  test('every configured key opens the reviewer routes, each under its own name', async (t) => {
    const key = 'a-b.c_d~e+f/g=h0123456789';
    const { api } = await makeBff(t, { KYC_REVIEWERS: `carol:${key},dave:${'d'.repeat(512)}` });
    const journey = await Journey.submitted(api);
    for (const [name, token] of [['carol', key], ['dave', 'd'.repeat(512)]]) {
      const item = await api.send('GET', `/cases/${journey.id}`, { token });
      assert.equal(item.status, 200, name);
      const claimed = await api.send('POST', `/cases/${journey.id}/assignment`, { token, json: { version: item.body.version } });
      assert.equal(claimed.body.assignee, name);
      assert.equal((await api.send('DELETE', `/cases/${journey.id}/assignment`, { token })).status, 200);
    }
  });
});

describe('cross-origin use', () => {
  test('only origins in KYC_ALLOWED_ORIGINS get CORS headers', async (t) => {
    const { api } = await makeBff(t, { KYC_ALLOWED_ORIGINS: 'https://shop.example, https://bank.example' });
    const preflight = (origin: string) =>
      api.call('OPTIONS', '/workflows', {
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
    const allowed = await preflight('https://bank.example');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://bank.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const other = await preflight('https://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const get = await api.call('GET', '/health', { headers: { Origin: 'https://evil.example' } });
    assert.equal(get.headers.get('access-control-allow-origin'), null);

    const none = await makeBff(t);
    const byDefault = await none.api.call('GET', '/health', { headers: { Origin: 'https://shop.example' } });
    assert.equal(byDefault.headers.get('access-control-allow-origin'), null, 'no other origin by default');
  });
});

describe('secrets', () => {
  test('tokens and keys never reach the log, and answers never echo them', async (t) => {
    const { api, logs } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const wrong = 'a-wrong-but-well-formed-key-000';
    await api.send('GET', '/cases', { token: wrong });
    await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    const problem = await api.send('GET', '/cases', { token: journey.token });
    assert.ok(!JSON.stringify(problem.body).includes(journey.token));
    const printed = logs.join('\n');
    assert.ok(logs.length > 5, 'requests were logged');
    for (const secret of [journey.token, ALICE_KEY, wrong]) assert.ok(!printed.includes(secret), 'a secret was logged');
    const item = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
    assert.ok(!JSON.stringify(item.body).includes(journey.token), 'the case never carries the token');
    assert.ok(!('tokenHash' in item.body));
    assert.ok(!('tokenHash' in (await journey.view()).body));
  });
});
