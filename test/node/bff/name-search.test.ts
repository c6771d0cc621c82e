import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALICE_KEY, ada, Journey, makeBff } from './harness.js';

describe('GET /cases?q= ignores case and diacritics', () => {
  test('nunez, zoe, jose, mueller, muller, grossmann, groessmann find the accented names; unrelated queries find nothing', async (t) => {
    const { api } = await makeBff(t);
    const names: [string, string][] = [['Zoë', 'Ñúñez'], ['José', 'Müller'], ['Jürgen', 'Größmann'], ['Ada', 'Lovelace']];
    for (const [firstName, lastName] of names) await Journey.submitted(api, { ...ada, firstName, lastName }, 'passport');
    const lastNames = async (q: string) =>
      (await api.send('GET', `/cases?q=${encodeURIComponent(q)}`, { token: ALICE_KEY })).body.items.map((i: any) => i.applicant.lastName);
    assert.deepEqual(await lastNames('nunez'), ['Ñúñez']);
    assert.deepEqual(await lastNames('ZOE'), ['Ñúñez']);
    assert.deepEqual(await lastNames('jose'), ['Müller']);
    assert.deepEqual(await lastNames('mueller'), ['Müller']);
    assert.deepEqual(await lastNames('muller'), ['Müller']);
    assert.deepEqual(await lastNames('Müller'), ['Müller']);
    assert.deepEqual(await lastNames('grossmann'), ['Größmann']);
    assert.deepEqual(await lastNames('groessmann'), ['Größmann']);
    assert.deepEqual(await lastNames('größmann'), ['Größmann']);
    assert.deepEqual(await lastNames('jurgen gross'), ['Größmann']);
    assert.deepEqual(await lastNames('zoe nunez'), ['Ñúñez']);
    assert.deepEqual(await lastNames('xyz'), []);
    // The two foldings are separate: no match spans them.
    assert.deepEqual(await lastNames('mullerjose'), []);
  });
});
