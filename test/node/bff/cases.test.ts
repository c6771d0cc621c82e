/**
 * The reviewers' routes of api.md, in-process: the queue (filter, search,
 * sort, cursor pages), one case, assignment, decisions, terminal states,
 * resubmission and the audit trail.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ada, ALICE_KEY, assertProblem, BOB_KEY, digestDir, Journey, makeBff, type Api } from './harness.js';

async function caseOf(api: Api, id: string, key = ALICE_KEY) {
  const answer = await api.send('GET', `/cases/${id}`, { token: key });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

async function decide(api: Api, id: string, body: Record<string, unknown>, key = ALICE_KEY) {
  const { version } = await caseOf(api, id, key);
  return api.send('POST', `/cases/${id}/decision`, { token: key, json: { version, ...body } });
}

describe('who may call reviewer routes', () => {
  test('no key is 401, an applicant token 403, on every reviewer route', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const before = await digestDir(dataDir);
    const routes: [string, string, unknown?][] = [
      ['GET', '/cases'],
      ['GET', '/cases/stream'],
      ['GET', `/cases/${journey.id}`],
      ['POST', `/cases/${journey.id}/assignment`, { version: journey.version }],
      ['DELETE', `/cases/${journey.id}/assignment`],
      ['POST', `/cases/${journey.id}/decision`, { outcome: 'approve', version: journey.version }],
    ];
    for (const [method, path, json] of routes) {
      assertProblem(await api.send(method, path, { json }), 401, `${method} ${path} without a key`);
      assertProblem(await api.send(method, path, { json, token: 'x'.repeat(40) }), 401, `${method} ${path} with a wrong key`);
      assertProblem(await api.send(method, path, { json, token: journey.token }), 403, `${method} ${path} with an applicant token`);
    }
    assert.equal(await digestDir(dataDir), before);
  });
});

describe('GET /cases/:id', () => {
  test('the item plus context, documents (newest first), decision and history; 404 for unknown or never-submitted', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const open = await Journey.start(api);
    const item = await caseOf(api, journey.id);
    for (const key of ['id', 'status', 'applicant', 'documentType', 'submittedAt', 'updatedAt', 'assignee', 'version', 'context', 'documents', 'decision', 'history'])
      assert.ok(key in item, `${key} in the case`);
    assert.equal(item.status, 'pending_review');
    assert.deepEqual(item.applicant, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(item.documentType, 'id_card');
    assert.equal(item.assignee, null);
    assert.equal(item.decision, null);
    assert.equal(item.version, journey.version);
    assert.deepEqual(item.context.applicant, ada);
    assert.equal(item.documents.length, 3);
    assert.equal(item.documents[0].id, journey.uploads.selfie, 'newest first');
    assert.ok(item.history.every((entry: any, i: number) => i === 0 || entry.at >= item.history[i - 1].at), 'oldest first');
    assertProblem(await api.send('GET', `/cases/${open.id}`, { token: ALICE_KEY }), 404, 'never submitted');
    assertProblem(await api.send('GET', '/cases/does-not-exist', { token: ALICE_KEY }), 404);
  });
});

describe('assignment', () => {
  test('claim, 409 for another reviewer, release by the holder only, stale version 409', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const claim = (key: string, version: number) => api.send('POST', `/cases/${journey.id}/assignment`, { token: key, json: { version } });
    const stale = assertProblem(await claim(ALICE_KEY, journey.version - 1), 409);
    assert.equal(stale.version, journey.version);
    const claimed = await claim(ALICE_KEY, journey.version);
    assert.equal(claimed.status, 200);
    assert.equal(claimed.body.assignee, 'alice');
    assert.equal(claimed.body.version, journey.version + 1);
    assertProblem(await claim(BOB_KEY, claimed.body.version), 409, 'alice holds it');
    assertProblem(await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: BOB_KEY }), 409, 'only the holder releases');
    assertProblem(await decide(api, journey.id, { outcome: 'approve' }, BOB_KEY), 409, 'only the holder decides');
    const released = await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: ALICE_KEY });
    assert.equal(released.status, 200);
    assert.equal(released.body.assignee, null);
    assert.equal(released.body.version, claimed.body.version + 1);
    assert.equal((await claim(BOB_KEY, released.body.version)).body.assignee, 'bob');
    assertProblem(await api.send('POST', `/cases/${journey.id}/assignment`, { token: ALICE_KEY, json: {} }), 400);
    assertProblem(await api.send('POST', `/cases/nope/assignment`, { token: ALICE_KEY, json: { version: 1 } }), 404);
  });
});

describe('POST /cases/:id/decision', () => {
  test('approve: 200 the case, status approved, decision on the applicant view', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const answer = await decide(api, journey.id, { outcome: 'approve' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'approved');
    assert.equal(answer.body.decision.outcome, 'approve');
    assert.equal(answer.body.version, journey.version + 1);
    const view = (await journey.view()).body;
    assert.equal(view.status, 'approved');
    assert.equal(view.state, 'final');
    assert.deepEqual(Object.keys(view.decision).sort(), ['decidedAt', 'items', 'outcome', 'reason']);
    assert.equal(view.decision.outcome, 'approve');
  });

  test('reject needs a reason (422); with one it is rejected and the reason reaches the applicant', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const before = await digestDir(dataDir);
    assertProblem(await decide(api, journey.id, { outcome: 'reject' }), 422, 'no reason');
    assertProblem(await decide(api, journey.id, { outcome: 'reject', reason: '   ' }), 422, 'a blank reason');
    assertProblem(await decide(api, journey.id, { outcome: 'request_resubmission' }), 422, 'resubmission without items');
    assertProblem(await decide(api, journey.id, { outcome: 'request_resubmission', items: [{ document: 'passport/front', reason: 'x' }] }), 422, 'an item of another document');
    assertProblem(await decide(api, journey.id, { outcome: 'request_resubmission', items: [{ document: 'passport/back', reason: 'x' }] }), 422, 'passport/back');
    assertProblem(await decide(api, journey.id, { outcome: 'maybe' }), 422, 'unknown outcome');
    assert.equal(await digestDir(dataDir), before);
    const answer = await decide(api, journey.id, { outcome: 'reject', reason: 'The photo is of a cat' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'rejected');
    const view = (await journey.view()).body;
    assert.equal(view.decision.reason, 'The photo is of a cat');
  });

  test('two simultaneous decisions: exactly one 200, the other 409', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const { version } = await caseOf(api, journey.id);
    const answers = await Promise.all([
      api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'approve', version } }),
      api.send('POST', `/cases/${journey.id}/decision`, { token: BOB_KEY, json: { outcome: 'reject', reason: 'Blurred', version } }),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    assertProblem(answers.find((a) => a.status === 409)!, 409);
    const item = await caseOf(api, journey.id);
    assert.equal(item.status, winner.body.status);
    assert.equal(item.history.filter((e: any) => e.action === 'decided').length, 1);
  });

  test('a decided case cannot change: decisions, uploads, snapshots and events are refused and nothing is written', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    assert.equal((await decide(api, journey.id, { outcome: 'approve' })).status, 200);
    const before = await digestDir(dataDir);
    const item = await caseOf(api, journey.id);
    journey.version = item.version;
    assertProblem(await decide(api, journey.id, { outcome: 'approve' }), 409, 'decide again');
    assertProblem(await decide(api, journey.id, { outcome: 'reject', reason: 'second thoughts' }, BOB_KEY), 409, 'reject it now');
    assertProblem(await decide(api, journey.id, { outcome: 'request_resubmission', items: [{ document: 'selfie', reason: 'x' }] }), 409);
    assertProblem(await api.send('POST', `/cases/${journey.id}/assignment`, { token: ALICE_KEY, json: { version: item.version } }), 409, 'claim');
    assertProblem(await journey.upload('id_card', 'front'), 409, 'upload');
    assertProblem(await journey.upload('selfie'), 409, 'upload a selfie');
    const context = await journey.storedContext();
    const snapshot = await journey.put('final', context);
    assert.ok([409, 422].includes(snapshot.status), `snapshot of the stored state again: ${snapshot.status}`);
    assertProblem(snapshot, snapshot.status);
    const docs = { 'id_card/front': journey.uploads['id_card/front'], 'id_card/back': journey.uploads['id_card/back'] };
    const event = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: docs });
    assert.ok([409, 422].includes(event.status), `event: ${event.status}`);
    assert.equal(await digestDir(dataDir), before, 'nothing written');
    assert.equal((await journey.view()).body.status, 'approved');
  });

  test('a case pending review cannot be changed by its applicant (no version bumps under the reviewer)', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const before = await digestDir(dataDir);
    const snapshot = await journey.put('final', await journey.storedContext());
    assertProblem(snapshot, 409);
    assert.equal(await digestDir(dataDir), before);
    assert.equal((await decide(api, journey.id, { outcome: 'approve' })).status, 200);
  });
});

describe('resubmission and the audit trail', () => {
  test('history records every action with the right actor, through a resubmission and a second decision', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const claimed = await api.send('POST', `/cases/${journey.id}/assignment`, { token: ALICE_KEY, json: { version: journey.version } });
    assert.equal(claimed.status, 200);
    assert.equal((await api.send('DELETE', `/cases/${journey.id}/assignment`, { token: ALICE_KEY })).status, 200);
    const asked = await decide(api, journey.id, { outcome: 'request_resubmission', items: [{ document: 'id_card/front', reason: 'Glare over the photo' }] }, BOB_KEY);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.status, 'resubmission_requested');

    // The applicant sees which item to redo, uploads a new front and goes through review to final again.
    let view = (await journey.view()).body;
    assert.deepEqual(view.decision.items, [{ document: 'id_card/front', reason: 'Glare over the photo' }]);
    journey.version = view.version;
    // The requested side must be a new upload: sending the old one back is no resubmission.
    const old = { 'id_card/front': journey.uploads['id_card/front'], 'id_card/back': journey.uploads['id_card/back'] };
    assertProblem(await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads: old }), 422, 'the old front again');
    const front = await journey.upload('id_card', 'front');
    assert.equal(front.status, 201);
    const uploads = { 'id_card/front': front.body.id, 'id_card/back': journey.uploads['id_card/back'] };
    const photos = await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads });
    assert.equal(photos.status, 200, JSON.stringify(photos.body));
    const context = await journey.storedContext();
    assert.equal((await journey.put('final', { ...context, uploads: { ...uploads, selfie: journey.uploads.selfie } })).status, 200);

    view = (await journey.view()).body;
    assert.equal(view.status, 'pending_review');
    assert.equal(view.decision, null, 'the earlier decision is only in the history now');
    let item = await caseOf(api, journey.id);
    assert.equal(item.documents.length, 4, 'old versions stay');
    const earlier = item.history;
    assert.equal((await decide(api, journey.id, { outcome: 'approve' })).status, 200);
    item = await caseOf(api, journey.id);

    const actions = item.history.map((e: any) => e.action);
    for (const action of ['created', 'progressed', 'document_uploaded', 'submitted', 'assigned', 'released', 'decided', 'resubmitted'])
      assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
    const by = (action: string) => item.history.filter((e: any) => e.action === action);
    assert.deepEqual(by('created')[0].actor.kind, 'system');
    for (const action of ['progressed', 'document_uploaded', 'submitted', 'resubmitted'])
      for (const entry of by(action)) assert.deepEqual(entry.actor, { kind: 'applicant', id: journey.id }, action);
    assert.deepEqual(by('assigned')[0].actor, { kind: 'reviewer', id: 'alice' });
    assert.deepEqual(by('released')[0].actor, { kind: 'reviewer', id: 'alice' });
    assert.deepEqual(by('decided').map((e: any) => [e.actor.kind, e.actor.id, e.to]), [
      ['reviewer', 'bob', 'resubmission_requested'],
      ['reviewer', 'alice', 'approved'],
    ]);
    assert.equal(by('document_uploaded').length, 4);
    assert.ok(actions.indexOf('resubmitted') > actions.indexOf('decided'));
    for (const entry of item.history) assert.ok(!Number.isNaN(Date.parse(entry.at)));
    // Never rewritten: the later history starts with the earlier one, entry for entry.
    assert.deepEqual(item.history.slice(0, earlier.length), earlier);
    assert.ok(item.history.length > earlier.length);
  });
});

describe('resubmission of a side and the selfie', () => {
  test('both must be new uploads: the old selfie at final is 422, a new one resubmits', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const items = [{ document: 'id_card/back', reason: 'Cut off' }, { document: 'selfie', reason: 'Too dark' }];
    assert.equal((await decide(api, journey.id, { outcome: 'request_resubmission', items })).status, 200);
    journey.version = (await journey.view()).body.version;
    const back = await journey.upload('id_card', 'back');
    const uploads = { 'id_card/front': journey.uploads['id_card/front'], 'id_card/back': back.body.id };
    assert.equal((await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'id_card', uploads })).status, 200);
    const context = await journey.storedContext();
    assertProblem(await journey.put('final', { ...context, uploads: { ...uploads, selfie: journey.uploads.selfie } }), 422, 'the old selfie');
    const selfie = await journey.upload('selfie');
    assert.equal((await journey.put('final', { ...context, uploads: { ...uploads, selfie: selfie.body.id } })).status, 200);
    assert.equal((await journey.view()).body.status, 'pending_review');
  });
});

describe('resubmission of the selfie only', () => {
  test('final → selfie → final with a new selfie; the holder of the case is cleared by the decision', async (t) => {
    const { api } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const claimed = await api.send('POST', `/cases/${journey.id}/assignment`, { token: BOB_KEY, json: { version: journey.version } });
    const asked = await api.send('POST', `/cases/${journey.id}/decision`, {
      token: BOB_KEY,
      json: { outcome: 'request_resubmission', items: [{ document: 'selfie', reason: 'Eyes closed' }], version: claimed.body.version },
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.assignee, null);
    const view = (await journey.view()).body;
    assert.equal(view.status, 'resubmission_requested');
    journey.version = view.version;
    // Saving final again with the old selfie is no resubmission (the stored state, stored again).
    const same = await journey.put('final', await journey.storedContext());
    assert.equal(same.status, 200);
    assert.equal((await journey.view()).body.status, 'resubmission_requested');
    const selfie = await journey.upload('selfie');
    assert.equal(selfie.status, 201);
    const context = await journey.storedContext();
    const final = await journey.put('final', { ...context, uploads: { ...(context.uploads as object), selfie: selfie.body.id } });
    assert.equal(final.status, 200, JSON.stringify(final.body));
    const item = await caseOf(api, journey.id);
    assert.equal(item.status, 'pending_review');
    assert.equal(item.context.uploads.selfie, selfie.body.id);
    assert.deepEqual(item.history.at(-1).action, 'resubmitted');
  });
});

describe('GET /cases', () => {
  async function seed(api: Api) {
    const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Ada Yonath'];
    const journeys: Journey[] = [];
    for (const name of names) {
      const [firstName, lastName] = name.split(' ');
      journeys.push(await Journey.submitted(api, { ...ada, firstName, lastName }, journeys.length % 2 ? 'passport' : 'id_card'));
    }
    await Journey.start(api); // never submitted: never listed
    return journeys;
  }

  test('lists submitted cases only, filters by status, searches names, sorts both ways', async (t) => {
    const { api } = await makeBff(t);
    const journeys = await seed(api);
    assert.equal((await decide(api, journeys[1].id, { outcome: 'approve' })).status, 200);
    assert.equal((await decide(api, journeys[2].id, { outcome: 'reject', reason: 'No' })).status, 200);

    const all = await api.send('GET', '/cases', { token: ALICE_KEY });
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 5);
    assert.equal(all.body.nextCursor, null);
    assert.deepEqual(all.body.items.map((i: any) => i.id), journeys.map((j) => j.id), 'oldest submission first by default');
    assert.deepEqual(Object.keys(all.body.items[0]).sort(), ['applicant', 'assignee', 'documentType', 'id', 'status', 'submittedAt', 'updatedAt', 'version']);
    const newest = await api.send('GET', '/cases?sort=-submittedAt', { token: ALICE_KEY });
    assert.deepEqual(newest.body.items.map((i: any) => i.id), journeys.map((j) => j.id).reverse());

    const pending = await api.send('GET', '/cases?status=pending_review', { token: ALICE_KEY });
    assert.deepEqual(pending.body.items.map((i: any) => i.id), [journeys[0].id, journeys[3].id, journeys[4].id]);
    assert.equal(pending.body.total, 3);
    const approved = await api.send('GET', '/cases?status=approved', { token: ALICE_KEY });
    assert.deepEqual(approved.body.items.map((i: any) => i.status), ['approved']);

    const ada1 = await api.send('GET', '/cases?q=ADA', { token: ALICE_KEY });
    assert.deepEqual(ada1.body.items.map((i: any) => i.applicant.lastName), ['Lovelace', 'Yonath']);
    const hopper = await api.send('GET', `/cases?q=${encodeURIComponent('grace hop')}`, { token: ALICE_KEY });
    assert.deepEqual(hopper.body.items.map((i: any) => i.applicant.lastName), ['Hopper']);
    const none = await api.send('GET', '/cases?q=zzz&status=pending_review', { token: ALICE_KEY });
    assert.deepEqual([none.body.items, none.body.total], [[], 0]);
  });

  test('cursor pages cover every case once, in order, both ways; bad queries are 400', async (t) => {
    const { api } = await makeBff(t);
    const journeys = await seed(api);
    for (const sort of ['submittedAt', '-submittedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/cases?limit=2&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await api.send('GET', query, { token: ALICE_KEY });
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.ok(page.body.items.length <= 2);
        assert.equal(page.body.total, 5);
        seen.push(...page.body.items.map((i: any) => i.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      const expected = journeys.map((j) => j.id);
      assert.deepEqual(seen, sort === 'submittedAt' ? expected : expected.reverse(), sort);
      assert.equal(pages, 3);
    }
    const hundred = await api.send('GET', '/cases?limit=100', { token: ALICE_KEY });
    assert.equal(hundred.status, 200);
    for (const query of ['limit=101', 'limit=0', 'limit=-1', 'limit=ten', 'sort=name', 'status=unknown', 'status=in_progress', 'cursor=bogus', 'extra=1'])
      assertProblem(await api.send('GET', `/cases?${query}`, { token: ALICE_KEY }), 400, query);
  });
});
