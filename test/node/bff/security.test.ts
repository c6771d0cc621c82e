/**
 * The rest of api.md's "who may call what", configuration and secrets:
 * rate limits (429), the demo reviewer, cross-origin rules, and secrets kept
 * out of logs and URLs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
