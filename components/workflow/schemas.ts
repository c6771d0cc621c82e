/**
 * Schemas shared by the browser and the BFF (valibot: ~1 KB in a bundle).
 * They carry the context rules of workflow.md; the machine's guards and the
 * BFF's validators both call them, so a rule lives in one place.
 */
import * as v from 'valibot';
import {
  COUNTRY_CODES,
  DOCUMENT_TYPES,
  parseItem,
  RESUBMIT_REASON_CODES,
  type DocumentType,
  type RejectReasonCode,
  type ResubmitReasonCode,
  type UploadItem,
} from './catalogue.js';

export const MIN_AGE_YEARS = 18;
/** A document id is its workflow's id, a dot, and its own random part. */
const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,32}$/;

/**
 * Characters no name holds: control characters (NUL, ESC, newlines), line and paragraph
 * separators, bidirectional embeddings, overrides and isolates (`…\u202Egnp.exe` would show as
 * `…exe.png`), zero-width space, word joiner and BOM. Joiners (ZWJ, ZWNJ) stay: Persian and
 * Indic names need them.
 */
const NOT_IN_A_NAME = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/u;
const A_LETTER = /\p{L}/u;

const name = (label: string) =>
  v.pipe(
    v.string(`${label} must be text`),
    v.trim(),
    v.normalize('NFC'),
    v.nonEmpty(`${label} is required`),
    v.maxLength(100, `${label} must be at most 100 characters`),
    v.check((value) => !NOT_IN_A_NAME.test(value), `${label} holds a control or invisible character`),
    v.check((value) => A_LETTER.test(value), `${label} must contain a letter`),
  );

/** Whole years between an ISO date and `now` (UTC calendar dates). */
export function ageOn(isoDate: string, now: Date = new Date()): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age -= 1;
  return age;
}

/** A real calendar date (rejects 2023-02-30), written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const DateOfBirthSchema = v.pipe(
  v.string('Date of birth must be text'),
  v.check(isIsoDate, 'Date of birth must be a real date (YYYY-MM-DD)'),
  v.check((value) => new Date(`${value}T00:00:00Z`).getTime() < Date.now(), 'Date of birth must be in the past'),
  v.check((value) => ageOn(value) >= MIN_AGE_YEARS, `You must be at least ${MIN_AGE_YEARS} years old`),
);

export const CountrySchema = v.picklist(COUNTRY_CODES, 'Country must be an ISO 3166-1 alpha-2 code');
export const DocumentTypeSchema = v.picklist(DOCUMENT_TYPES, 'Unknown document type');
export const DocumentIdSchema = v.pipe(v.string(), v.regex(DOCUMENT_ID_PATTERN, 'Malformed document id'));

export const ApplicantSchema = v.strictObject({
  firstName: name('First name'),
  lastName: name('Last name'),
  dateOfBirth: DateOfBirthSchema,
  country: CountrySchema,
});
export type Applicant = v.InferOutput<typeof ApplicantSchema>;

export const UploadItemSchema = v.pipe(
  v.string(),
  v.check((item) => parseItem(item) !== undefined, 'Unknown document item'),
) as v.GenericSchema<string, UploadItem>;

export const UploadsSchema = v.pipe(
  v.record(UploadItemSchema, DocumentIdSchema),
  v.check((uploads) => Object.keys(uploads).length <= 3, 'Too many uploads'),
);
export type Uploads = Partial<Record<UploadItem, string>>;

/** The part of the context an applicant's client sends (and may change). */
export const ApplicantContextSchema = v.pipe(
  v.strictObject({
    applicant: v.optional(ApplicantSchema),
    documentType: v.optional(DocumentTypeSchema),
    issuingCountry: v.optional(CountrySchema),
    uploads: v.optional(UploadsSchema, {}),
  }),
  v.check(
    (ctx) =>
      Object.keys(ctx.uploads ?? {}).every((item) => {
        const parsed = parseItem(item);
        return parsed?.type === 'selfie' || parsed?.type === ctx.documentType;
      }),
    'Uploads may only name sides of the chosen document or the selfie',
  ),
);
export type ApplicantContext = v.InferOutput<typeof ApplicantContextSchema>;

/**
 * One item a resubmission asks for: a common reason as a code (worded in the
 * applicant's language), free text (shown as written), or both; at least one.
 */
export const DecisionItemSchema = v.pipe(
  v.strictObject({
    document: UploadItemSchema,
    reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500)), ''),
    reasonCode: v.optional(v.picklist(RESUBMIT_REASON_CODES, 'Unknown reason code')),
  }),
  v.check((item) => !!item.reason || !!item.reasonCode, 'Each item needs a reason'),
);
/** `reason` is '' when only a code was given. */
export type DecisionItem = { document: UploadItem; reason: string; reasonCode?: ResubmitReasonCode };

export const OUTCOMES = ['approve', 'reject', 'request_resubmission'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What the machine and the applicant know of a reviewer's decision. */
export interface Review {
  outcome: Outcome;
  reason: string | null;
  /** A rejection's common reason (present only when the reviewer chose one). */
  reasonCode?: RejectReasonCode;
  items: DecisionItem[];
}

export type { DocumentType, UploadItem };
