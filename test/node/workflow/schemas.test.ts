/**
 * The context rules of workflow.md as schemas.ts carries them: names,
 * date of birth (real, past, at least 18), country, document type, uploads.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import {
  ageOn,
  ApplicantContextSchema,
  ApplicantSchema,
  CountrySchema,
  DateOfBirthSchema,
  DecisionItemSchema,
  DocumentTypeSchema,
  isIsoDate,
  MIN_AGE_YEARS,
  UploadsSchema,
} from '../../../components/workflow/schemas.js';
import {
  COUNTRY_CODES,
  DOCUMENT_CATALOGUE,
  DOCUMENT_TYPES,
  documentItems,
  isDocumentType,
  parseItem,
} from '../../../components/workflow/catalogue.js';
import { ada, check, isoDate } from './helpers.js';

const messages = (schema: v.GenericSchema, value: unknown) =>
  v.safeParse(schema, value).issues?.map((issue) => issue.message) ?? [];
const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('names', () => {
  for (const field of ['firstName', 'lastName'] as const) {
    test(`${field} is trimmed, non-empty and at most 100 characters`, () => {
      const parsed = v.parse(ApplicantSchema, { ...ada, [field]: '  Ada\t' });
      assert.equal(parsed[field], 'Ada');
      assert.equal(v.parse(ApplicantSchema, { ...ada, [field]: 'x'.repeat(100) })[field].length, 100);
      // The length counts after trimming.
      assert.equal(v.parse(ApplicantSchema, { ...ada, [field]: ` ${'x'.repeat(100)} ` })[field].length, 100);
      for (const bad of ['', '   ', '\n\t', 'x'.repeat(101), 42, null, undefined]) {
        assert.equal(ok(ApplicantSchema, { ...ada, [field]: bad }), false, `${field} ${JSON.stringify(bad)}`);
      }
    });
  }

  test('an applicant has exactly the four fields', () => {
    check(ok(ApplicantSchema, ada));
    assert.equal(ok(ApplicantSchema, { ...ada, nationality: 'GB' }), false);
    for (const key of Object.keys(ada)) {
      const partial: Record<string, unknown> = { ...ada };
      delete partial[key];
      assert.equal(ok(ApplicantSchema, partial), false, `without ${key}`);
    }
  });
});

describe('date of birth', () => {
  test('must be a real calendar date written YYYY-MM-DD', () => {
    for (const good of ['1990-12-10', '2000-02-29', '1996-02-29', '1970-01-01']) {
      check(isIsoDate(good), good);
      check(ok(DateOfBirthSchema, good), good);
    }
    for (const bad of [
      '2023-02-30',
      '2001-02-29',
      '1900-02-29',
      '1990-13-01',
      '1990-00-10',
      '1990-04-31',
      '1990-1-01',
      '90-01-01',
      '19900101',
      '1990-01-01T00:00:00Z',
      ' 1990-01-01',
      '',
    ]) {
      assert.equal(isIsoDate(bad), false, bad);
      check(messages(DateOfBirthSchema, bad).includes('Date of birth must be a real date (YYYY-MM-DD)'), bad);
    }
    assert.equal(ok(DateOfBirthSchema, 19900101), false);
  });

  test('must be in the past', () => {
    const nextYear = isoDate(new Date(Date.now() + 366 * 86_400_000));
    check(messages(DateOfBirthSchema, nextYear).includes('Date of birth must be in the past'));
    check(messages(DateOfBirthSchema, '2999-01-01').includes('Date of birth must be in the past'));
    assert.equal(messages(DateOfBirthSchema, '1990-12-10').length, 0);
  });

  test(`ageOn counts whole years on UTC calendar dates (fixed clock)`, () => {
    assert.equal(ageOn('2006-06-15', new Date('2024-06-15T00:00:00.000Z')), 18);
    assert.equal(ageOn('2006-06-15', new Date('2024-06-14T23:59:59.999Z')), 17);
    assert.equal(ageOn('2006-06-15', new Date('2024-07-01T00:00:00Z')), 18);
    assert.equal(ageOn('2006-06-15', new Date('2024-05-31T00:00:00Z')), 17);
    assert.equal(ageOn('2006-12-31', new Date('2024-12-31T12:00:00Z')), 18);
    assert.equal(ageOn('2007-01-01', new Date('2024-12-31T12:00:00Z')), 17);
    // Born on 29 February: 18 on 1 March of a common year.
    assert.equal(ageOn('2004-02-29', new Date('2022-02-28T12:00:00Z')), 17);
    assert.equal(ageOn('2004-02-29', new Date('2022-03-01T00:00:00Z')), 18);
  });

  test(`the 18th birthday boundary (dates computed from today, UTC)`, () => {
    assert.equal(MIN_AGE_YEARS, 18);
    const now = new Date();
    const [y, m, d] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
    // The latest date of birth that is 18 today: 18 years ago to the day
    // (on 29 February, when that day did not exist, the 28th).
    let latest = new Date(Date.UTC(y - 18, m, d));
    if (latest.getUTCDate() !== d) latest = new Date(Date.UTC(y - 18, m, d - 1));
    const dayAfter = new Date(latest.getTime() + 86_400_000);
    assert.deepEqual(messages(DateOfBirthSchema, isoDate(latest)), [], `${isoDate(latest)} is 18 today`);
    assert.deepEqual(messages(DateOfBirthSchema, isoDate(dayAfter)), ['You must be at least 18 years old'], `${isoDate(dayAfter)} is 17`);
    assert.deepEqual(messages(DateOfBirthSchema, isoDate(new Date(Date.UTC(y - 30, m, 1)))), []);
    assert.deepEqual(messages(DateOfBirthSchema, isoDate(new Date(Date.UTC(y - 5, m, 1)))), ['You must be at least 18 years old']);
    check(ok(ApplicantSchema, { ...ada, dateOfBirth: isoDate(latest) }));
    assert.equal(ok(ApplicantSchema, { ...ada, dateOfBirth: isoDate(dayAfter) }), false);
  });
});

describe('country', () => {
  test('is an ISO 3166-1 alpha-2 code (officially assigned, upper case)', () => {
    for (const good of ['GB', 'DE', 'US', 'FR', 'JP', 'ZW', 'AX']) check(ok(CountrySchema, good), good);
    for (const bad of ['gb', 'Gb', 'UK', 'GBR', 'XK', 'EU', 'ZZ', 'G', '', ' GB', 826, null]) {
      assert.equal(ok(CountrySchema, bad), false, String(bad));
    }
    assert.equal(ok(ApplicantSchema, { ...ada, country: 'UK' }), false);
  });

  test('the list has the 249 assigned codes, each two capital letters, no duplicates', () => {
    assert.equal(COUNTRY_CODES.length, 249);
    assert.equal(new Set(COUNTRY_CODES).size, 249);
    check(COUNTRY_CODES.every((code) => /^[A-Z]{2}$/.test(code)));
  });
});

describe('document catalogue and type', () => {
  test('matches the table of workflow.md', () => {
    assert.deepEqual(DOCUMENT_CATALOGUE, {
      passport: ['front'],
      id_card: ['front', 'back'],
      drivers_license: ['front', 'back'],
      residence_permit: ['front', 'back'],
    });
    assert.deepEqual(DOCUMENT_TYPES, Object.keys(DOCUMENT_CATALOGUE));
    assert.deepEqual(documentItems('passport'), ['passport/front']);
    assert.deepEqual(documentItems('residence_permit'), ['residence_permit/front', 'residence_permit/back']);
  });

  test('documentType must come from the catalogue', () => {
    for (const type of DOCUMENT_TYPES) {
      check(ok(DocumentTypeSchema, type));
      check(isDocumentType(type));
    }
    for (const bad of ['visa', 'Passport', 'id-card', '', 'toString', '__proto__', 'constructor', 1]) {
      assert.equal(ok(DocumentTypeSchema, bad), false, String(bad));
      assert.equal(isDocumentType(bad), false, String(bad));
    }
  });

  test('parseItem knows exactly `<type>/<side>` of the catalogue and `selfie`', () => {
    assert.deepEqual(parseItem('selfie'), { type: 'selfie', side: null });
    assert.deepEqual(parseItem('id_card/back'), { type: 'id_card', side: 'back' });
    for (const bad of ['passport/back', 'id_card', 'id_card/', 'id_card/front/x', 'selfie/front', 'visa/front', 'ID_CARD/front', '']) {
      assert.equal(parseItem(bad), undefined, bad);
    }
  });
});

describe('uploads in the applicant context', () => {
  const context = (documentType: string | undefined, uploads: Record<string, unknown>) => ({
    applicant: ada,
    ...(documentType ? { documentType } : {}),
    uploads,
  });

  test('sides of the chosen document and the selfie are accepted', () => {
    for (const type of DOCUMENT_TYPES) {
      const uploads = Object.fromEntries([...documentItems(type), 'selfie'].map((item, i) => [item, `wf_1-A.doc${i}`]));
      check(ok(ApplicantContextSchema, context(type, uploads)), type);
    }
    check(ok(ApplicantContextSchema, context(undefined, { selfie: 'wf1.abc' })));
  });

  test('`passport/back` (no such side) is rejected', () => {
    check(messages(ApplicantContextSchema, context('passport', { 'passport/back': 'wf1.p' })).includes('Unknown document item'));
    assert.equal(ok(UploadsSchema, { 'passport/back': 'wf1.p' }), false);
  });

  test('a side of another document than the chosen one is rejected', () => {
    check(
      messages(ApplicantContextSchema, context('id_card', { 'drivers_license/front': 'wf1.d' })).includes(
        'Uploads may only name sides of the chosen document or the selfie',
      ),
    );
    assert.equal(ok(ApplicantContextSchema, context(undefined, { 'id_card/front': 'wf1.f' })), false);
    assert.equal(ok(ApplicantContextSchema, context('passport', { 'id_card/front': 'wf1.f', selfie: 'wf1.s' })), false);
  });

  test('other keys and malformed ids are rejected', () => {
    check(ok(ApplicantContextSchema, context('id_card', { 'id_card/front': 'wf1.x' })), 'the control case passes');
    for (const key of ['id_card', 'selfie/front', 'id_card/front/x', 'front', '']) {
      assert.equal(ok(ApplicantContextSchema, context('id_card', { [key]: 'wf1.x' })), false, key);
    }
    // A document id is `<workflow id>.<random part>`.
    const longest = `${'w'.repeat(64)}.${'d'.repeat(32)}`;
    check(ok(UploadsSchema, { selfie: longest }), longest);
    for (const id of [
      '',
      'wf1',
      '.doc1',
      'wf1.',
      'wf1.doc.1',
      '../etc/passwd',
      'wf1/doc1',
      'wf 1.doc1',
      `${'w'.repeat(65)}.d`,
      `w.${'d'.repeat(33)}`,
      7,
      null,
    ]) {
      assert.equal(ok(ApplicantContextSchema, context('id_card', { 'id_card/front': id })), false, String(id));
    }
  });

  test('the context is strict: a client cannot send `review` or unknown fields; uploads default to {}', () => {
    assert.equal(ok(ApplicantContextSchema, { ...context('id_card', {}), review: null }), false);
    assert.equal(ok(ApplicantContextSchema, { ...context('id_card', {}), status: 'approved' }), false);
    assert.deepEqual(v.parse(ApplicantContextSchema, { applicant: ada }), { applicant: ada, uploads: {} });
    assert.equal(ok(ApplicantContextSchema, { ...context('id_card', {}), issuingCountry: 'XX' }), false);
    check(ok(ApplicantContextSchema, { ...context('id_card', {}), issuingCountry: 'FR' }));
  });
});

describe('decision items', () => {
  test('name an upload item and carry a trimmed, non-empty reason', () => {
    assert.deepEqual(v.parse(DecisionItemSchema, { document: 'selfie', reason: ' blurry ' }), { document: 'selfie', reason: 'blurry' });
    assert.equal(ok(DecisionItemSchema, { document: 'passport/back', reason: 'x' }), false);
    assert.equal(ok(DecisionItemSchema, { document: 'selfie', reason: '  ' }), false);
    assert.equal(ok(DecisionItemSchema, { document: 'selfie', reason: 'x'.repeat(501) }), false);
  });
});
