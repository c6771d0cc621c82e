/**
 * The headless reviewer client in Node, without any UI, against the real
 * BFF (`startServer` on a loopback port, PORT 0): list and query, paging,
 * the live stream, the open case, claim/release, decisions and the 409
 * explanations.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createReviewQueue, type ReviewNotice, type ReviewQueue, type ReviewQueueState } from '../../../components/review-client/index.js';
import { ALICE_KEY, BOB_KEY, Journey, serveBff } from '../bff/harness.js';

/** Waits until `check(state)` holds, re-checking at every change (5 s at most). */
function until(queue: ReviewQueue, check: (state: ReviewQueueState) => boolean, what: string): Promise<ReviewQueueState> {
  return new Promise((resolve, reject) => {
    if (check(queue.getSnapshot())) return resolve(queue.getSnapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify({ ...queue.getSnapshot(), newIds: [...queue.getSnapshot().newIds] })}`));
    }, 5000);
    const off = queue.subscribe((state) => {
      if (!check(state)) return;
      clearTimeout(timer);
      off();
      resolve(state);
    });
  });
}

const names = (state: ReviewQueueState) => state.items.map((item) => item.applicant?.lastName);
const person = (lastName: string) => ({ firstName: 'Ada', lastName, dateOfBirth: '1990-12-10', country: 'GB' });

async function setUp(t: TestContext, key = ALICE_KEY, pageSize = 20) {
  const served = await serveBff(t);
  const queue = createReviewQueue({ api: `${served.url}/api/v1`, token: key, pageSize });
  t.after(() => queue.destroy());
  const notices: ReviewNotice[] = [];
  queue.onNotice((notice) => notices.push(notice));
  return { ...served, queue, notices };
}

describe('review client: the list', () => {
  test('lists pending cases oldest first, pages with the cursor, searches, sorts and filters by status', async (t) => {
    const { api, queue } = await setUp(t, ALICE_KEY, 2);
    for (const lastName of ['Ames', 'Baker', 'Cole']) await Journey.submitted(api, person(lastName));
    queue.start();
    let state = await until(queue, (s) => s.listState === 'ready' && s.waitingCount === 3, 'first page');
    assert.deepEqual(names(state), ['Ames', 'Baker']);
    assert.equal(state.total, 3);
    assert.ok(state.nextCursor);

    await queue.loadMore();
    assert.deepEqual(names(queue.getSnapshot()), ['Ames', 'Baker', 'Cole']);
    assert.equal(queue.getSnapshot().nextCursor, null);

    await queue.setQuery({ q: 'bak' });
    assert.deepEqual(names(queue.getSnapshot()), ['Baker']);
    await queue.setQuery({ q: '', sort: '-submittedAt' });
    assert.deepEqual(names(queue.getSnapshot()), ['Cole', 'Baker']);
    await queue.setQuery({ status: 'approved' });
    state = queue.getSnapshot();
    assert.deepEqual(names(state), []);
    assert.equal(state.listState, 'ready');
  });

  test('a case submitted while the list is open arrives on the stream, marked new and announced', async (t) => {
    const { api, queue, notices } = await setUp(t);
    queue.start();
    await until(queue, (s) => s.listState === 'ready' && s.waitingCount === 0, 'empty list');
    const journey = await Journey.submitted(api, person('Live'));
    const state = await until(queue, (s) => s.items.some((item) => item.id === journey.id), 'live arrival');
    assert.equal(state.total, 1);
    assert.ok(state.newIds.has(journey.id));
    assert.ok(notices.some((n) => n.type === 'arrival' && n.item.id === journey.id));
    await until(queue, (s) => s.waitingCount === 1, 'count follows');
  });

  test('a refused key (401) is reported once and stops every call until started again', async (t) => {
    const { queue, notices } = await setUp(t, 'not-a-reviewer-key-0123456789');
    queue.start();
    await until(queue, (s) => s.authFailed, 'auth failed');
    // Let the list, the count and the stream all come back refused.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refusals = notices.filter((n) => n.type === 'error' && n.error.status === 401);
    assert.equal(refusals.length, 1);
    await queue.loadList();
    assert.equal(notices.length, 1, 'nothing more was sent');
  });
});

describe('review client: one case', () => {
  test('opens a case, claims and releases it, and approves it; the list row follows', async (t) => {
    const { api, queue } = await setUp(t);
    const journey = await Journey.submitted(api, person('Open'));
    queue.start();
    await until(queue, (s) => s.listState === 'ready' && s.items.length === 1, 'list');
    await queue.openCase(journey.id);
    let state = queue.getSnapshot();
    assert.equal(state.caseState, 'ready');
    assert.equal(state.detail?.id, journey.id);
    assert.equal(state.detail?.documents.length, 3);

    const claimed = await queue.claim();
    assert.equal(claimed.ok, true);
    state = queue.getSnapshot();
    assert.equal(state.me, 'alice');
    assert.equal(state.items[0].assignee, 'alice', 'the row shows the claim');
    assert.equal((await queue.release()).ok, true);
    assert.equal(queue.getSnapshot().detail?.assignee, null);

    const decided = await queue.decide({ outcome: 'approve' });
    assert.equal(decided.ok, true);
    state = queue.getSnapshot();
    assert.equal(state.detail?.status, 'approved');
    assert.equal(state.items[0].status, 'approved');
    assert.equal(state.busy, false);
    // Not pending any more: a second decision is not even sent.
    assert.deepEqual(await queue.decide({ outcome: 'reject', reason: 'x' }), { ok: false });
  });

  test('a 404 leaves the case "missing"', async (t) => {
    const { queue } = await setUp(t);
    queue.start();
    await queue.openCase('no-such-case');
    assert.equal(queue.getSnapshot().caseState, 'missing');
  });

  test('409s become explanations: decided by bob, held by bob, changed since it was opened — never overwritten', async (t) => {
    const { api, queue } = await setUp(t);
    const decided = await Journey.submitted(api, person('Decided'));
    const held = await Journey.submitted(api, person('Held'));
    queue.start();

    await queue.openCase(decided.id);
    const { body: item } = await api.send('GET', `/cases/${decided.id}`, { token: BOB_KEY });
    assert.equal((await api.send('POST', `/cases/${decided.id}/decision`, { token: BOB_KEY, json: { outcome: 'approve', version: item.version } })).status, 200);
    const refused = await queue.decide({ outcome: 'reject', reason: 'Too late' });
    assert.equal(refused.ok, false);
    assert.deepEqual(!refused.ok && refused.conflict, { kind: 'decided', status: 'approved', by: 'bob' });
    assert.equal(!refused.ok && refused.error?.status, 409);
    assert.equal(queue.getSnapshot().detail?.status, 'approved', 'the case was reloaded');
    assert.equal((await api.send('GET', `/cases/${decided.id}`, { token: ALICE_KEY })).body.decision.outcome, 'approve');

    await queue.openCase(held.id);
    const { body: heldItem } = await api.send('GET', `/cases/${held.id}`, { token: BOB_KEY });
    assert.equal((await api.send('POST', `/cases/${held.id}/assignment`, { token: BOB_KEY, json: { version: heldItem.version } })).status, 200);
    const claim = await queue.claim();
    assert.deepEqual(!claim.ok && claim.conflict, { kind: 'held', by: 'bob' });

    // bob lets go: nobody holds it, but alice's copy was reloaded by the refusal; make it stale again.
    assert.equal((await api.send('DELETE', `/cases/${held.id}/assignment`, { token: BOB_KEY })).status, 200);
    const stale = await queue.decide({ outcome: 'approve' });
    assert.deepEqual(!stale.ok && stale.conflict, { kind: 'changed' });
    // Reloaded by the refusal: now it goes through.
    assert.equal((await queue.decide({ outcome: 'approve' })).ok, true);
  });

  test('the open case learns of a change on the stream (liveChange) and reloads on request', async (t) => {
    const { api, queue } = await setUp(t);
    const journey = await Journey.submitted(api, person('Changed'));
    queue.start();
    await until(queue, (s) => s.listState === 'ready', 'list');
    await queue.openCase(journey.id);
    const { body: item } = await api.send('GET', `/cases/${journey.id}`, { token: BOB_KEY });
    await api.send('POST', `/cases/${journey.id}/assignment`, { token: BOB_KEY, json: { version: item.version } });
    await until(queue, (s) => s.liveChange === 'pending_review', 'live change');
    await queue.reloadCase();
    const state = queue.getSnapshot();
    assert.equal(state.liveChange, null);
    assert.equal(state.detail?.assignee, 'bob');
  });
});
