/** The integrator's routes: API keys, POST /applicants and its start code, reads, KYC_PUBLIC_START, token expiry. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALICE_KEY, ada, assertProblem, Journey, makeBff } from '../bff/harness.js';
import { BANK_KEY, integratorEnv, redeem } from './support.js';

test('credential matrix: only an API key opens the integrator routes', async (t) => {
  const { api } = await makeBff(t, integratorEnv);
  const started = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-1' } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const applicant = await redeem(api, started.body.startCode);
  assert.equal(applicant.status, 201);
  const journey = await Journey.submitted(api);
  const { id } = started.body;

  const routes: [string, string, unknown?][] = [
    ['POST', '/applicants', { externalRef: 'cust-2' }],
    ['GET', `/applicants/${id}`],
    ['GET', '/applicants?externalRef=cust-1'],
    ['GET', `/applicants/${journey.id}/documents/${journey.uploads['id_card/front']}`],
    ['GET', '/webhook-deliveries'],
    ['POST', '/webhook-deliveries/msg_unknown/retry', {}],
  ];
  const credentials: [string, Record<string, string>, number][] = [
    ['reviewer key', { Authorization: `Bearer ${ALICE_KEY}` }, 403],
    ['applicant token', { Authorization: `Bearer ${applicant.body.token}` }, 403],
    ['none', {}, 401],
    ['malformed', { Authorization: `Basic ${BANK_KEY}` }, 401],
    ['unknown key', { Authorization: `Bearer ${'x'.repeat(40)}` }, 401],
  ];
  for (const [method, path, json] of routes) {
    for (const [who, headers, status] of credentials) assertProblem(await api.send(method, path, { headers, json }), status, `${who} on ${method} ${path}`);
    const allowed = await api.send(method, path, { token: BANK_KEY, json });
    // The anonymous workflow's document is not the integrator's (404); the unknown delivery is 404 too.
    assert.ok([200, 201, 404].includes(allowed.status), `API key on ${method} ${path}: ${allowed.status}`);
  }
  // An API key opens nothing else.
  for (const [method, path] of [
    ['GET', '/cases'],
    ['GET', `/cases/${journey.id}`],
    ['GET', `/workflows/${id}`],
    ['GET', `/documents/${journey.uploads['id_card/front']}`],
  ])
    assertProblem(await api.send(method, path, { token: BANK_KEY }), 403, `API key on ${method} ${path}`);
});

test('one open check per externalRef: the same workflow, a fresh start code; the earlier code stops working', async (t) => {
  const { api } = await makeBff(t, integratorEnv);
  const first = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-42', applicant: { firstName: 'Ada' } } });
  assert.equal(first.status, 201);
  assert.match(first.body.startCode, new RegExp(`^${first.body.id}\\.[A-Za-z0-9_-]{32}$`));
  assert.ok(Date.parse(first.body.startCodeExpiresAt) > Date.now() + 23 * 3600_000);
  assert.equal(first.body.externalRef, 'cust-42');
  assert.equal(first.body.status, 'in_progress');

  // Two at once still make one workflow.
  const [again, twice] = await Promise.all([
    api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-42' } }),
    api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-42' } }),
  ]);
  assert.equal(again.status, 200);
  assert.equal(twice.status, 200);
  assert.equal(again.body.id, first.body.id);
  assert.equal(twice.body.id, first.body.id);
  assert.notEqual(again.body.startCode, first.body.startCode);

  assertProblem(await redeem(api, first.body.startCode), 401, 'the replaced code');
  const latest = twice.body.version > again.body.version ? twice.body : again.body;
  const redeemed = await redeem(api, latest.startCode);
  assert.equal(redeemed.status, 201);
  assert.equal(redeemed.body.id, first.body.id);
  assertProblem(await redeem(api, latest.startCode), 401, 'a used code');

  // The applicant's token opens the workflow; another customer gets another workflow.
  assert.equal((await api.send('GET', `/workflows/${first.body.id}`, { token: redeemed.body.token })).status, 200);
  const other = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-43' } });
  assert.equal(other.status, 201);
  assert.notEqual(other.body.id, first.body.id);
});

test('a decided check lets the customer start a new one; GET ?externalRef= lists both, newest first', async (t) => {
  const { api } = await makeBff(t, integratorEnv);
  const started = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-7' } });
  const { body: applicant } = await redeem(api, started.body.startCode);
  const journey = await Journey.resume(api, applicant);
  await journey.details(ada);
  await journey.photos('passport');
  await journey.finish();
  const opened = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
  const decided = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: { outcome: 'reject', reason: 'Blurred', version: opened.body.version } });
  assert.equal(decided.status, 200);

  const read = await api.send('GET', `/applicants/${journey.id}`, { token: BANK_KEY });
  assert.equal(read.status, 200);
  assert.equal(read.body.status, 'rejected');
  assert.equal(read.body.externalRef, 'cust-7');
  assert.deepEqual(read.body.applicant, ada);
  assert.equal(read.body.decision.outcome, 'reject');
  assert.equal(read.body.documentType, 'passport');
  assert.equal(read.body.documents.length, 2);
  assert.equal(read.body.tokenHash, undefined);

  const bytes = await api.call('GET', `/applicants/${journey.id}/documents/${journey.uploads['passport/front']}`, { token: BANK_KEY });
  assert.equal(bytes.status, 200);
  assert.equal(bytes.headers.get('content-type'), 'image/png');
  assert.deepEqual([...new Uint8Array(await bytes.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47]);
  assertProblem(await api.send('GET', `/applicants/${journey.id}/documents/${journey.id}.nothing`, { token: BANK_KEY }), 404);

  const second = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-7' } });
  assert.equal(second.status, 201);
  assert.notEqual(second.body.id, journey.id);
  const listed = await api.send('GET', '/applicants?externalRef=cust-7', { token: BANK_KEY });
  assert.deepEqual(
    listed.body.items.map((item: { id: string }) => item.id),
    [second.body.id, journey.id],
  );
  assert.deepEqual((await api.send('GET', '/applicants?externalRef=nobody', { token: BANK_KEY })).body.items, []);

  // Anonymous workflows are not the integrator's.
  const anonymous = await Journey.submitted(api);
  assertProblem(await api.send('GET', `/applicants/${anonymous.id}`, { token: BANK_KEY }), 404);
});

test('bad input to POST /applicants: 400 or 422, nothing created', async (t) => {
  const { api } = await makeBff(t, integratorEnv);
  for (const json of [{}, { externalRef: '' }, { externalRef: 'x'.repeat(129) }, { externalRef: 'tab\there' }, { externalRef: 5 }, { externalRef: 'a', extra: 1 }, { externalRef: 'a', applicant: { country: 'XX' } }, { externalRef: 'a', applicant: { dateOfBirth: '2999-01-01' } }, { externalRef: 'a', applicant: { middleName: 'X' } }])
  {
    const answer = await api.send('POST', '/applicants', { token: BANK_KEY, json });
    assert.ok([400, 422].includes(answer.status), `${JSON.stringify(json)}: ${answer.status}`);
    assertProblem(answer, answer.status);
  }
  assertProblem(await api.send('GET', '/applicants', { token: BANK_KEY }), 400);
  assert.deepEqual((await api.send('GET', '/applicants?externalRef=a', { token: BANK_KEY })).body.items, []);
});

test('KYC_API_KEYS: keys shorter than 32 characters are refused at start', async (t) => {
  await assert.rejects(makeBff(t, { KYC_API_KEYS: 'bank:short-key-0123456789' }), /at least 32 characters/);
});

test('KYC_PUBLIC_START=off: anonymous POST /workflows is 403; POST /applicants still starts checks', async (t) => {
  const { api } = await makeBff(t, { ...integratorEnv, KYC_PUBLIC_START: 'off' });
  assertProblem(await api.send('POST', '/workflows', { json: {} }), 403);
  assert.equal((await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'c' } })).status, 201);
  const open = await makeBff(t, integratorEnv);
  assert.equal((await open.api.send('POST', '/workflows', { json: {} })).status, 201);
});

test('KYC_APPLICANT_TOKEN_TTL: an unused token answers 401 token_expired; a new start code opens the workflow again', async (t) => {
  const { api } = await makeBff(t, { ...integratorEnv, KYC_APPLICANT_TOKEN_TTL: '1' });
  const started = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'sleepy' } });
  const { body: applicant } = await redeem(api, started.body.startCode);
  assert.equal((await api.send('GET', `/workflows/${applicant.id}`, { token: applicant.token })).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 1300));
  const expired = assertProblem(await api.send('GET', `/workflows/${applicant.id}`, { token: applicant.token }), 401);
  assert.equal(expired.code, 'token_expired');
  const upload = await api.upload(applicant.id, applicant.token, { type: 'selfie' });
  assert.equal(assertProblem(upload, 401).code, 'token_expired');

  const fresh = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'sleepy' } });
  assert.equal(fresh.status, 200);
  const again = await redeem(api, fresh.body.startCode);
  assert.equal(again.status, 201);
  assert.equal((await api.send('GET', `/workflows/${applicant.id}`, { token: again.body.token })).status, 200);
  // A wrong token is still a plain 401, not "expired".
  assert.equal(assertProblem(await api.send('GET', `/workflows/${applicant.id}`, { token: 'y'.repeat(43) }), 401).code, undefined);
});

test('prefilled details: the applicant starts with them, may correct them; the case shows which fields changed', async (t) => {
  const { api } = await makeBff(t, integratorEnv);
  const started = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-pre', applicant: ada } });
  const opened = await redeem(api, started.body.startCode);
  const journey = Journey.resume(api, opened.body);
  const view = await journey.view();
  assert.deepEqual(view.body.context.applicant, ada, 'the applicant sees the details the bank sent');
  // The applicant corrects the last name (as the form would send it).
  assert.equal((await journey.put('personal_details', { applicant: ada })).status, 200);
  const moved = await journey.put('document_selection', { applicant: { ...ada, lastName: 'King' } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  await journey.photos('passport');
  await journey.finish();
  const shown = await api.send('GET', `/cases/${journey.id}`, { token: ALICE_KEY });
  assert.deepEqual(shown.body.prefill, ada);
  assert.deepEqual(shown.body.changedFields, ['lastName']);
  assert.equal(shown.body.context.applicant.lastName, 'King');
  const read = await api.send('GET', `/applicants/${journey.id}`, { token: BANK_KEY });
  assert.deepEqual(read.body.changedFields, ['lastName']);

  // A partial prefill does not fill the form (the schema wants every field) but is still compared.
  const partial = await api.send('POST', '/applicants', { token: BANK_KEY, json: { externalRef: 'cust-part', applicant: { firstName: 'Grace' } } });
  const other = Journey.resume(api, (await redeem(api, partial.body.startCode)).body);
  assert.equal((await other.view()).body.context.applicant, undefined);
  await other.details(ada);
  await other.photos('passport');
  await other.finish();
  const case2 = await api.send('GET', `/cases/${other.id}`, { token: ALICE_KEY });
  assert.deepEqual(case2.body.prefill, { firstName: 'Grace' });
  assert.deepEqual(case2.body.changedFields, ['firstName']);
  // An anonymous case has no prefill.
  const anonymous = await Journey.submitted(api);
  const case3 = await api.send('GET', `/cases/${anonymous.id}`, { token: ALICE_KEY });
  assert.equal(case3.body.prefill, null);
  assert.deepEqual(case3.body.changedFields, []);
});
