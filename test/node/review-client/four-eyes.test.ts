/**
 * The reviewer client's commands of reviewers.md against the real four-eyes
 * BFF (KYC_FOUR_EYES=reject): who the key belongs to, a proposal, its
 * confirmation or return by a senior, the author refused, and notes.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createReviewQueue, type ReviewQueue, type ReviewQueueState } from '../../../components/review-client/index.js';
import { ALICE_KEY, BOB_KEY, Journey, serveBff } from '../bff/harness.js';

const SENIOR_KEY = 'senior-key-0123456789abcdef-c';

function until(queue: ReviewQueue, check: (state: ReviewQueueState) => boolean, what: string): Promise<ReviewQueueState> {
  return new Promise((resolve, reject) => {
    if (check(queue.getSnapshot())) return resolve(queue.getSnapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 5000);
    const off = queue.subscribe((state) => {
      if (!check(state)) return;
      clearTimeout(timer);
      off();
      resolve(state);
    });
  });
}

const person = (lastName: string) => ({ firstName: 'Ada', lastName, dateOfBirth: '1990-12-10', country: 'GB' });

async function setUp(t: TestContext) {
  const served = await serveBff(t, { KYC_REVIEWERS: `alice:${ALICE_KEY},bob:${BOB_KEY},carol:${SENIOR_KEY}:senior`, KYC_FOUR_EYES: 'reject' });
  const open = async (key: string, id: string) => {
    const queue = createReviewQueue({ api: `${served.url}/api/v1`, token: key });
    t.after(() => queue.destroy());
    queue.start();
    await until(queue, (s) => !!s.reviewer, 'who I am');
    await queue.openCase(id);
    return queue;
  };
  return { ...served, open };
}

describe('review client: four eyes and notes', () => {
  test('me() says who the key belongs to; a rejection becomes a proposal; the author cannot confirm; the senior confirms it', async (t) => {
    const { api, open } = await setUp(t);
    const journey = await Journey.submitted(api, person('Proposed'));
    const alice = await open(ALICE_KEY, journey.id);
    assert.deepEqual(
      { id: alice.getSnapshot().reviewer?.id, roles: alice.getSnapshot().reviewer?.roles },
      { id: 'alice', roles: ['kyc:reviewer'] },
    );
    assert.equal(alice.getSnapshot().me, 'alice');

    const proposed = await alice.decide({ outcome: 'reject', reason: 'The photo page is a photocopy' });
    assert.equal(proposed.ok, true);
    let detail = alice.getSnapshot().detail!;
    assert.equal(detail.status, 'pending_second_review');
    assert.equal(detail.proposal?.author.id, 'alice');
    assert.equal(detail.proposal?.reason, 'The photo page is a photocopy');
    assert.equal(detail.decision, null);

    // The author, even through the client, is refused by the BFF (403), and nothing changes.
    const refused = await alice.confirm();
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error?.status, 403);
    await alice.reloadCase();
    assert.equal(alice.getSnapshot().detail?.status, 'pending_second_review');

    // Approve/Reject commands do not run on a case waiting for the second look.
    assert.deepEqual(await alice.decide({ outcome: 'approve' }), { ok: false });

    const carol = await open(SENIOR_KEY, journey.id);
    assert.deepEqual(carol.getSnapshot().reviewer?.roles.includes('kyc:senior'), true);
    const confirmed = await carol.confirm();
    assert.equal(confirmed.ok, true);
    detail = carol.getSnapshot().detail!;
    assert.equal(detail.status, 'rejected');
    assert.equal(detail.decision?.outcome, 'reject');
    assert.deepEqual(
      detail.history.slice(-2).map((entry) => [entry.action, entry.actor.id]),
      [['proposed', 'alice'], ['confirmed', 'carol']],
    );
  });

  test('the senior returns a proposal with a reason: back in review, the reason in `returned`; a plain reviewer may not answer', async (t) => {
    const { api, open } = await setUp(t);
    const journey = await Journey.submitted(api, person('Returned'));
    const alice = await open(ALICE_KEY, journey.id);
    assert.equal((await alice.decide({ outcome: 'reject', reason: 'Blurred' })).ok, true);

    const bob = await open(BOB_KEY, journey.id);
    const notAllowed = await bob.returnProposal('I disagree');
    assert.equal(!notAllowed.ok && notAllowed.error?.status, 403);

    const carol = await open(SENIOR_KEY, journey.id);
    const returned = await carol.returnProposal('  The photo is sharp enough  ');
    assert.equal(returned.ok, true);
    const detail = carol.getSnapshot().detail!;
    assert.equal(detail.status, 'pending_review');
    assert.equal(detail.proposal ?? null, null);
    assert.equal(detail.returned?.reason, 'The photo is sharp enough');
    assert.equal(detail.returned?.by.id, 'carol');
    assert.equal(detail.returned?.author.id, 'alice');
    // Answering again: the case is no longer waiting, the client does not send.
    assert.deepEqual(await carol.confirm(), { ok: false });
  });

  test('addNote stores a note, lists it oldest first in the open case, and an empty note is not sent', async (t) => {
    const { api, open } = await setUp(t);
    const journey = await Journey.submitted(api, person('Noted'));
    const alice = await open(ALICE_KEY, journey.id);
    assert.deepEqual(await alice.addNote('   '), { ok: false });
    const first = await alice.addNote('Called the bank: the address is known');
    assert.equal(first.ok, true);
    const carol = await open(SENIOR_KEY, journey.id);
    assert.equal((await carol.addNote('Second opinion: fine')).ok, true);
    await alice.reloadCase();
    const notes = alice.getSnapshot().detail!.notes!;
    assert.deepEqual(
      notes.map((note) => [note.author.id, note.text]),
      [['alice', 'Called the bank: the address is known'], ['carol', 'Second opinion: fine']],
    );
    assert.equal(carol.getSnapshot().detail!.notes!.length, 2, 'the adding client shows its note at once');
    // A note is a new version: the client that added it is up to date, no "changed live" notice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(carol.getSnapshot().liveChange, null);

    const tooLong = await alice.addNote('x'.repeat(2001));
    assert.equal(!tooLong.ok && tooLong.error?.status, 422);
  });
});
