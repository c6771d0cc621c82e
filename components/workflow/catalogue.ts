/**
 * The document catalogue: the one list of document types and their sides.
 * Everything else (machine guards, schemas, BFF checks, UI) derives from it.
 */
export const DOCUMENT_CATALOGUE = {
  passport: ['front'],
  id_card: ['front', 'back'],
  drivers_license: ['front', 'back'],
  residence_permit: ['front', 'back'],
} as const satisfies Record<string, readonly string[]>;

export type DocumentType = keyof typeof DOCUMENT_CATALOGUE;
export type DocumentSide = 'front' | 'back';
/** `<type>/<side>` or `selfie`: one thing the applicant uploads. */
export type UploadItem = `${DocumentType}/${DocumentSide}` | 'selfie';

export const DOCUMENT_TYPES = Object.keys(DOCUMENT_CATALOGUE) as DocumentType[];
export const SELFIE = 'selfie' as const;

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && Object.hasOwn(DOCUMENT_CATALOGUE, value);
}

export function sidesOf(type: DocumentType): readonly DocumentSide[] {
  return DOCUMENT_CATALOGUE[type];
}

export function itemOf(type: DocumentType, side: DocumentSide): UploadItem {
  return `${type}/${side}` as UploadItem;
}

/** Every item the chosen document needs, in capture order. */
export function documentItems(type: DocumentType): UploadItem[] {
  return sidesOf(type).map((side) => itemOf(type, side));
}

/** Splits an item key; undefined when it is not in the catalogue. */
export function parseItem(
  item: string,
): { type: DocumentType | 'selfie'; side: DocumentSide | null } | undefined {
  if (item === SELFIE) return { type: SELFIE, side: null };
  const [type, side, ...rest] = item.split('/');
  if (rest.length || !isDocumentType(type)) return undefined;
  if (!(sidesOf(type) as readonly string[]).includes(side)) return undefined;
  return { type, side: side as DocumentSide };
}

/**
 * A case's status, as the BFF keeps it beside the statechart's snapshot.
 * `pending_second_review`: a reviewer proposed a decision that KYC_FOUR_EYES
 * says a second person (a senior) must confirm; the statechart is still
 * waiting for REVIEW_DECIDED, as in `pending_review`.
 */
export const CASE_STATUSES = ['in_progress', 'pending_review', 'pending_second_review', 'resubmission_requested', 'approved', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * What the applicant is told of each status: nothing reaches them before a
 * decision is final, so a proposal awaiting its second reviewer still reads
 * as under review. Every applicant view goes through this table.
 */
export const APPLICANT_STATUS = {
  in_progress: 'in_progress',
  pending_review: 'pending_review',
  pending_second_review: 'pending_review',
  resubmission_requested: 'resubmission_requested',
  approved: 'approved',
  rejected: 'rejected',
} as const satisfies Record<CaseStatus, CaseStatus>;
export type ApplicantStatus = (typeof APPLICANT_STATUS)[CaseStatus];

/** Statuses in which the statechart waits for a reviewer's decision (first or second stage). */
export const AWAITING_DECISION: readonly CaseStatus[] = ['pending_review', 'pending_second_review'];

/** The status a final decision leaves a case in, by outcome. */
export const STATUS_AFTER_DECISION = {
  approve: 'approved',
  reject: 'rejected',
  request_resubmission: 'resubmission_requested',
} as const satisfies Record<string, CaseStatus>;

/** The second stage's answers to a proposal. */
export const SECOND_REVIEW_OUTCOMES = ['confirm', 'return'] as const;
export type SecondReviewOutcome = (typeof SECOND_REVIEW_OUTCOMES)[number];

/** ISO 3166-1 alpha-2 codes (officially assigned). */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/**
 * Common decision reasons, sent as codes so that each side words them in its
 * own language: the reviewer's queue in the reviewer's, `<kyc-flow>` in the
 * applicant's (as a next step, not a verdict). Free text travels as written.
 */
export const REJECT_REASON_CODES = [
  'document_not_verifiable',
  'document_expired',
  'face_mismatch',
  'details_mismatch',
  'document_type_not_accepted',
] as const;
export const RESUBMIT_REASON_CODES = [
  'photo_blurry',
  'document_cut_off',
  'glare',
  'document_expired',
  'details_mismatch',
  'face_mismatch',
] as const;
export type RejectReasonCode = (typeof REJECT_REASON_CODES)[number];
export type ResubmitReasonCode = (typeof RESUBMIT_REASON_CODES)[number];
export type ReasonCode = RejectReasonCode | ResubmitReasonCode;
