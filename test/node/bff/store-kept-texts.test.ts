/**
 * The texts kept for reads (issue 14 §1): GET /workflows/:id and GET /cases
 * answer from JSON kept per record version and per summary object. Kept text
 * must never outlive its version, must equal what a fresh render gives, and
 * leaves every security header and check in place.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextCache } from '../../../bff/store/text-cache.js';
import { workflowView } from '../../../bff/views.js';
import { ALICE_KEY, assertProblem, Journey, makeBff } from './harness.js';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function assertSecurityHeaders(res: Response) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers.get(name), value, name);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
}

describe('kept texts of reads', () => {
  test('GET /workflows/:id: the same bytes as a fresh render, and a new version after every write', async (t) => {
    const { api, store } = await makeBff(t);
    const journey = await Journey.start(api);
    for (let i = 0; i < 2; i++) {
      const answer = await journey.view();
      assert.equal(answer.status, 200);
      assertSecurityHeaders(answer.res);
      assert.equal(JSON.stringify(answer.body), JSON.stringify(workflowView((await store.get(journey.id))!)));
    }
    await journey.details();
    const after = await journey.view();
    assert.equal(after.body.state, 'document_selection', 'the write is seen at once');
    assert.equal(after.body.version, journey.version);
    assert.deepEqual(after.body.context.applicant.firstName, 'Ada');
    // Kept text is served only to the workflow's own token.
    assertProblem(await api.send('GET', `/workflows/${journey.id}`), 401);
    const other = await Journey.start(api);
    assertProblem(await api.send('GET', `/workflows/${journey.id}`, { token: other.token }), 403);
    assertProblem(await api.send('GET', `/workflows/${journey.id}`, { token: ALICE_KEY }), 403);
  });

  test('a token replaced by a hand-off opens nothing at once, though its hash was kept', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.start(api);
    assert.equal((await journey.view()).status, 200, 'the token was used (its digest is kept)');
    const made = await api.send('POST', `/workflows/${journey.id}/handoff`, { token: journey.token, json: {} });
    assert.equal(made.status, 201);
    const redeemed = await api.send('POST', '/handoffs', { json: { workflowId: journey.id, code: made.body.code } });
    assert.equal(redeemed.status, 201);
    assertProblem(await journey.view(), 401);
    assert.equal((await api.send('GET', `/workflows/${journey.id}`, { token: redeemed.body.token })).status, 200);
  });

  test('GET /cases: the same bytes as JSON.stringify of the page, and a decided case changes its summary', async (t) => {
    const { api, store } = await makeBff(t);
    const first = await Journey.submitted(api);
    await Journey.submitted(api);
    const page = await api.send('GET', '/cases?limit=50', { token: ALICE_KEY });
    assert.equal(page.status, 200);
    assertSecurityHeaders(page.res);
    assert.equal(await (await api.call('GET', '/cases?limit=50', { token: ALICE_KEY })).text(), JSON.stringify(await store.listCases({ sort: 'submittedAt', limit: 50 })));
    assert.equal(page.body.total, 2);
    const decided = await api.send('POST', `/cases/${first.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version: first.version } });
    assert.equal(decided.status, 200);
    const again = await api.send('GET', '/cases?limit=50', { token: ALICE_KEY });
    const item = again.body.items.find((i: { id: string }) => i.id === first.id);
    assert.equal(item.status, 'approved', 'the kept text of the old summary is not served');
    assert.equal(item.version, decided.body.version);
    assertProblem(await api.send('GET', '/cases?limit=50', { token: first.token }), 403);
  });

  test('listCases hands out frozen summaries; summaryOf a copy the caller may change', async (t) => {
    const { api, store } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const [summary] = (await store.listCases({ sort: 'submittedAt', limit: 1 })).items;
    assert.equal(Object.isFrozen(summary) && Object.isFrozen(summary.applicant), true);
    assert.throws(() => ((summary as { status: string }).status = 'approved'), TypeError);
    const copy = await store.summaryOf((await store.get(journey.id))!);
    copy.applicant.firstName = 'changed';
    assert.equal((await store.listCases({ sort: 'submittedAt', limit: 1 })).items[0].applicant.firstName, 'Ada');
  });
});

describe('TextCache', () => {
  test('bounded by characters, least recently used out first; a text over the budget is not kept', () => {
    const cache = new TextCache<string>(10);
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    assert.equal(cache.get('a'), 'xxxx'); // a is now the most recent
    cache.set('c', 'zzzz'); // 12 > 10: b goes
    assert.deepEqual([...cache.keys()], ['a', 'c']);
    assert.equal(cache.chars, 8);
    cache.set('a', 'x'); // replacing counts the new size only
    assert.equal(cache.chars, 5);
    cache.set('big', 'b'.repeat(11));
    assert.equal(cache.get('big'), undefined);
    assert.deepEqual([...cache.keys()], ['c', 'a']);
  });
});
