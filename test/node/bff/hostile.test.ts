/**
 * Bad requests on every body-taking route: malformed JSON, arrays for
 * objects, `__proto__` keys, 3 MB strings. Each must be a 4xx problem+json,
 * never a 500, and leave the data directory byte for byte as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ada, ALICE_KEY, assertProblem, digestDir, Journey, makeBff, serveBff, type Answer } from './harness.js';
import { png } from './images.js';

const MB3 = 'A'.repeat(3 * 1024 * 1024);

/** Raw JSON texts, each sent as `application/json`, and the status it must get (or any 4xx). */
function hostileBodies(valid: Record<string, unknown>): { name: string; text: string; status?: number }[] {
  const inject = (path: string[], value: string) => {
    const copy = structuredClone(valid);
    let at: any = copy;
    for (const key of path.slice(0, -1)) at = at[key] ??= {};
    at[path[path.length - 1]] = '__VALUE__';
    return JSON.stringify(copy).replace('"__VALUE__"', value);
  };
  const withKey = (path: string[], key: string, value: string) => {
    // JSON.stringify drops a "__proto__" own key's meaning, so splice the text.
    const text = path.length ? inject(path, '{"__MARK__":1}') : JSON.stringify({ __MARK__: 1, ...valid });
    return text.replace('"__MARK__":1', `"${key}":${value}`);
  };
  const cases = [
    { name: 'malformed JSON', text: JSON.stringify(valid).slice(0, -3), status: 400 },
    { name: 'not JSON at all', text: 'version=1&state=final', status: 400 },
    { name: 'empty body', text: '', status: 400 },
    { name: 'an array for the body', text: '[]', status: 400 },
    { name: 'an array of the valid body', text: JSON.stringify([valid]), status: 400 },
    { name: 'null', text: 'null', status: 400 },
    { name: 'a string', text: '"hello"', status: 400 },
    { name: '__proto__ at the top', text: withKey([], '__proto__', '{"status":"approved","version":1}'), status: 400 },
    { name: 'constructor at the top', text: withKey([], 'constructor', '{"prototype":{"polluted":true}}'), status: 400 },
    { name: 'a 3 MB string', text: inject(['junk'], JSON.stringify(MB3)), status: 413 },
    { name: 'a version as text', text: inject(['version'], '"1"') },
    { name: 'a fractional version', text: inject(['version'], '1.5') },
    { name: 'a huge version', text: inject(['version'], '1e400') },
    { name: 'deep nesting', text: inject(['junk'], '['.repeat(50_000) + ']'.repeat(50_000)) },
  ];
  return cases;
}

async function expectRefused(answer: Answer, expected: number | undefined, name: string) {
  if (expected) assertProblem(answer, expected, name);
  else {
    assert.ok(answer.status >= 400 && answer.status < 500, `${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    assertProblem(answer, answer.status, name);
  }
}

describe('hostile bodies change nothing', () => {
  test('PUT /workflows/:id/snapshot', async (t) => {
    const { api, dataDir, logs } = await makeBff(t);
    const journey = await Journey.start(api);
    assert.equal((await journey.put('personal_details', {})).status, 200);
    const valid = { state: 'document_selection', context: { applicant: ada }, version: journey.version };
    const cases = [
      ...hostileBodies(valid),
      { name: 'context an array', text: JSON.stringify({ ...valid, context: [] }), status: 400 },
      { name: 'applicant an array', text: JSON.stringify({ ...valid, context: { applicant: [ada] } }), status: 400 },
      { name: 'uploads an array', text: JSON.stringify({ ...valid, context: { applicant: ada, uploads: [] } }), status: 400 },
      { name: '__proto__ in context', text: JSON.stringify(valid).replace('"context":{', '"context":{"__proto__":{"review":1},'), status: 400 },
      { name: '__proto__ in applicant', text: JSON.stringify(valid).replace('"applicant":{', '"applicant":{"__proto__":{"x":1},'), status: 400 },
      { name: '__proto__ in uploads', text: JSON.stringify({ ...valid, context: { applicant: ada, uploads: { __MARK__: 'x.y' } } }).replace('"__MARK__"', '"__proto__"'), status: 400 },
      { name: 'constructor in uploads', text: JSON.stringify({ ...valid, context: { applicant: ada, uploads: { constructor: `${journey.id}.abc` } } }), status: 400 },
      { name: 'a 3 MB first name', text: JSON.stringify({ ...valid, context: { applicant: { ...ada, firstName: MB3 } } }), status: 413 },
      { name: 'a 3 MB state', text: JSON.stringify({ ...valid, state: MB3 }), status: 413 },
      { name: 'a 200 KB first name', text: JSON.stringify({ ...valid, context: { applicant: { ...ada, firstName: 'B'.repeat(200_000) } } }), status: 422 },
    ];
    const before = await digestDir(dataDir);
    for (const { name, text, status } of cases) {
      const answer = await api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, body: text, headers: { 'Content-Type': 'application/json' } });
      await expectRefused(answer, status, name);
    }
    assert.equal(await digestDir(dataDir), before, 'the data directory is unchanged');
    assert.equal((await journey.view()).body.version, journey.version);
    assert.equal(({} as any).polluted, undefined);
    assert.ok(!logs.some((line) => /unhandled/.test(line)), logs.filter((l) => /unhandled/.test(l)).join('\n'));
    // And the valid body still works afterwards.
    assert.equal((await journey.put('document_selection', { applicant: ada })).status, 200);
  });

  test('POST /workflows/:id/events and POST /workflows', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    await journey.details();
    const front = await journey.upload('passport', 'front');
    const valid = { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { 'passport/front': front.body.id }, version: journey.version };
    const cases = [
      ...hostileBodies(valid),
      { name: 'uploads an array', text: JSON.stringify({ ...valid, uploads: [front.body.id] }), status: 400 },
      { name: '__proto__ in uploads', text: JSON.stringify(valid).replace('"uploads":{', '"uploads":{"__proto__":"a.b",'), status: 400 },
      { name: 'a 3 MB upload id', text: JSON.stringify({ ...valid, uploads: { 'passport/front': MB3 } }), status: 413 },
    ];
    const before = await digestDir(dataDir);
    for (const { name, text, status } of cases) {
      const answer = await api.send('POST', `/workflows/${journey.id}/events`, { token: journey.token, body: text, headers: { 'Content-Type': 'application/json' } });
      await expectRefused(answer, status, name);
    }
    for (const { name, text, status } of hostileBodies({})) {
      if (/version/.test(name)) continue;
      const answer = await api.send('POST', '/workflows', { body: text, headers: { 'Content-Type': 'application/json' } });
      await expectRefused(answer, status, `POST /workflows: ${name}`);
    }
    assert.equal(await digestDir(dataDir), before);
    assert.equal((await journey.event({ type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { 'passport/front': front.body.id } })).status, 200);
  });

  test('decision and assignment', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.submitted(api);
    const version = journey.version;
    const decision = { outcome: 'request_resubmission', items: [{ document: 'selfie', reason: 'Eyes closed' }], version };
    const cases = [
      ...hostileBodies(decision),
      { name: 'items an object', text: JSON.stringify({ ...decision, items: { document: 'selfie', reason: 'x' } }), status: 400 },
      { name: '__proto__ in an item', text: JSON.stringify(decision).replace('{"document"', '{"__proto__":{"x":1},"document"'), status: 400 },
      { name: 'a 3 MB reason', text: JSON.stringify({ outcome: 'reject', reason: MB3, version }), status: 413 },
    ];
    const before = await digestDir(dataDir);
    for (const { name, text, status } of cases) {
      const answer = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, body: text, headers: { 'Content-Type': 'application/json' } });
      await expectRefused(answer, status, `decision: ${name}`);
    }
    for (const { name, text, status } of hostileBodies({ version })) {
      const answer = await api.send('POST', `/cases/${journey.id}/assignment`, { token: ALICE_KEY, body: text, headers: { 'Content-Type': 'application/json' } });
      await expectRefused(answer, status, `assignment: ${name}`);
    }
    assert.equal(await digestDir(dataDir), before);
    const ok = await api.send('POST', `/cases/${journey.id}/decision`, { token: ALICE_KEY, json: decision });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('uploads, queries and headers', async (t) => {
    const { api, dataDir } = await makeBff(t);
    const journey = await Journey.start(api);
    const before = await digestDir(dataDir);
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      api.send('POST', `/workflows/${journey.id}/documents`, { token: journey.token, body, headers });

    const bigField = new FormData();
    bigField.set('file', new Blob([png()], { type: 'image/png' }), 'a.png');
    bigField.set('type', MB3);
    assertProblem(await post(bigField), 413, 'a 3 MB type field');

    const twoFiles = new FormData();
    twoFiles.append('file', new Blob([png()], { type: 'image/png' }), 'a.png');
    twoFiles.append('file', new Blob([png(2, 2)], { type: 'image/png' }), 'b.png');
    twoFiles.set('type', 'selfie');
    assertProblem(await post(twoFiles), 400, 'two files');

    const fileAsText = new FormData();
    fileAsText.set('file', 'not a file');
    fileAsText.set('type', 'selfie');
    assertProblem(await post(fileAsText), 400, 'a text field for the file');

    const protoField = new FormData();
    protoField.set('file', new Blob([png()], { type: 'image/png' }), 'a.png');
    protoField.set('type', 'selfie');
    protoField.set('__proto__', 'x');
    assertProblem(await post(protoField), 400, 'a __proto__ field');

    const broken = '--XYZ\r\nContent-Disposition: form-data; name="type"\r\n\r\nselfie\r\n--XYZ\r\nContent-Disposition: form-da';
    const brokenAnswer = await post(broken, { 'Content-Type': 'multipart/form-data; boundary=XYZ' });
    assert.ok(brokenAnswer.status === 400, `a truncated multipart body: ${brokenAnswer.status}`);
    assertProblem(brokenAnswer, 400);
    assertProblem(await post('{}', { 'Content-Type': 'multipart/form-data' }), 400, 'multipart without a boundary');

    assertProblem(await api.send('GET', `/cases?q=${MB3.slice(0, 100_000)}`, { token: ALICE_KEY }), 400, 'a 100 KB search');
    assertProblem(await api.send('GET', `/workflows/${journey.id}`, { token: MB3 }), 401, 'a 3 MB token');
    assertProblem(await api.send('GET', `/cases`, { headers: { Authorization: `Basic ${MB3}` } }), 401, 'a 3 MB Authorization header');
    assertProblem(await api.send('GET', `/workflows/${'x'.repeat(10_000)}`, { token: journey.token }), 403, 'a 10 KB id');
    assert.equal(await digestDir(dataDir), before);
  });

  test('over a real socket too: 3 MB bodies are a 413 problem the client receives, and nothing is stored', async (t) => {
    const { api, dataDir } = await serveBff(t);
    const journey = await Journey.start(api);
    const before = await digestDir(dataDir);
    const put = await api.send('PUT', `/workflows/${journey.id}/snapshot`, { token: journey.token, json: { state: MB3, context: {}, version: 1 } });
    assertProblem(put, 413);
    const big = png(1000, 1000, { noise: true });
    assertProblem(await journey.upload('id_card', 'front', big), 413);
    assertProblem(await api.send('POST', '/workflows', { body: `{"a":"${MB3}"}`, headers: { 'Content-Type': 'application/json' } }), 413);
    assert.equal(await digestDir(dataDir), before);
    assert.equal((await journey.put('personal_details', {})).status, 200, 'the connection pool still works');
  });
});
