/**
 * `<kyc-flow>`'s words, per locale (`en`, `de`, `fr`, `es`, `ar`), overridable through the
 * element's `strings` property. Accessible names of elements.md are the
 * `en` values of start, firstName, lastName, dateOfBirth, country,
 * documentTypes, uploadPhoto, useCamera, takeSelfie, uploadSelfie,
 * continue, retake and submit.
 */
import type { DocumentSide, DocumentType } from '../workflow/index.js';

export interface KycFlowStrings {
  loading: string;
  stepsLabel: string;
  steps: [string, string, string, string, string];
  stepOf(step: number, total: number): string;
  back: string;
  continue: string;
  retry: string;

  welcomeHeading: string;
  welcomeIntro: string;
  welcomeNeeds: string[];
  welcomeTime: string;
  start: string;

  detailsHeading: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  country: string;
  chooseCountry: string;
  required(label: string): string;
  tooLong(label: string, max: number): string;
  dateInvalid: string;
  dateTooEarly(year: number): string;
  dateFuture: string;
  tooYoung(years: number): string;
  countryInvalid: string;

  documentHeading: string;
  documentLegend: string;
  documentTypes: Record<DocumentType, string>;
  issuingCountry: string;
  chooseDocument: string;

  sides: Record<DocumentSide, string>;
  photoHeading(document: string, side: string): string;
  /** The heading of a one-sided document (a passport has one side). */
  photoPage(document: string): string;
  photoHint: string;
  redoReason(reason: string): string;
  useCamera: string;
  takePhoto: string;
  closeCamera: string;
  cameraView: string;
  uploadPhoto: string;
  uploadHint: string;
  cameraDenied: string;
  cameraUnavailable: string;
  preparing: string;
  uploading(percent: number): string;
  uploadProgress: string;
  qualityBlurry: string;
  selfieBlurry: string;
  qualityTooSmall(width: number, height: number): string;
  qualityAdvice: string;
  continueAnyway: string;
  photoPreview: string;
  photoUnreadable: string;
  allSidesTaken: string;

  reviewHeading: string;
  reviewHint: string;
  sideImage(document: string, side: string): string;

  selfieHeading: string;
  selfieHint: string;
  takeSelfie: string;
  uploadSelfie: string;
  selfieReviewHeading: string;
  selfieImage: string;
  retake: string;
  submit: string;

  underReviewHeading: string;
  underReview: string;
  approvedHeading: string;
  approved: string;
  rejectedHeading: string;
  rejected: string;
  reason(reason: string): string;
  /** A reviewer's common reasons (catalogue.ts), as what the applicant can do next. */
  rejectSteps: Record<string, string>;
  redoSteps: Record<string, string>;
  contactSupport: string;
  startAgain: string;
  resubmitHeading: string;
  resubmit: string;
  selfie: string;
  itemName(document: string, side: string): string;

  otherDevice: string;
  otherDeviceHint: string;
  qrCode: string;
  link: string;
  copyLink: string;
  linkCopied: string;
  handedOffHeading: string;
  handedOffHint: string;

  loadFailed: string;
  errorCodes: Record<string, string>;
}

export type KycFlowLocale = 'en' | 'de' | 'fr' | 'es' | 'ar';

export const en: KycFlowStrings = {
  loading: 'Loading…',
  stepsLabel: 'Progress',
  steps: ['Your details', 'Document', 'Photos', 'Selfie', 'Review'],
  stepOf: (step, total) => `Step ${step} of ${total}`,
  back: 'Back',
  continue: 'Continue',
  retry: 'Try again',

  welcomeHeading: 'Verify your identity',
  welcomeIntro: 'You will need:',
  welcomeNeeds: [
    'your name, date of birth and country of residence',
    "a passport, ID card, driver's license or residence permit",
    'a camera, or photos of your document and of yourself',
  ],
  welcomeTime: 'It takes about 5 minutes.',
  start: 'Start KYC',

  detailsHeading: 'Your personal details',
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  country: 'Country',
  chooseCountry: 'Choose your country',
  required: (label) => `${label} is required`,
  tooLong: (label, max) => `${label} must be at most ${max} characters`,
  dateInvalid: 'Date of birth must be a real date',
  dateTooEarly: (year) => `Date of birth must be in ${year} or later`,
  dateFuture: 'Date of birth must be in the past',
  tooYoung: (years) => `You must be at least ${years} years old`,
  countryInvalid: 'Choose a country from the list',

  documentHeading: 'Choose your document',
  documentLegend: 'Document type',
  documentTypes: {
    passport: 'Passport',
    id_card: 'ID card',
    drivers_license: "Driver's license",
    residence_permit: 'Residence permit',
  },
  issuingCountry: 'Issuing country',
  chooseDocument: 'Choose a document type',

  sides: { front: 'front', back: 'back' },
  photoHeading: (document, side) => `${document}: ${side} side`,
  photoPage: (document) => `${document}: the page with your photo`,
  photoHint: 'Lay the document flat in good light, with all four corners inside the frame and no glare.',
  redoReason: (reason) => `The reviewer asked you to redo this photo: ${reason}`,
  useCamera: 'Use camera',
  takePhoto: 'Take photo',
  closeCamera: 'Close camera',
  cameraView: 'Camera view',
  uploadPhoto: 'Upload photo',
  uploadHint: 'JPEG, PNG or WebP. Photos are reduced in size before they are sent.',
  cameraDenied: 'The camera is not allowed. You can upload a photo instead.',
  cameraUnavailable: 'No camera could be started. You can upload a photo instead.',
  preparing: 'Preparing the photo…',
  uploading: (percent) => `Uploading… ${percent}%`,
  uploadProgress: 'Upload progress',
  qualityBlurry: 'This photo looks blurry: the text may not be readable.',
  selfieBlurry: 'This selfie looks blurry: your face may not be recognisable.',
  qualityTooSmall: (width, height) => `This photo is small (${width} × ${height} pixels): details may not be readable.`,
  qualityAdvice: 'Retake it, or continue anyway.',
  continueAnyway: 'Continue anyway',
  photoPreview: 'Your photo',
  photoUnreadable: 'This file is not a photo we can read. Choose a JPEG, PNG or WebP image.',
  allSidesTaken: 'Every side is uploaded. Continue to check the photos.',

  reviewHeading: 'Check your document photos',
  reviewHint: 'Make sure all text is sharp and readable and nothing is cut off.',
  sideImage: (document, side) => `${document}, ${side} side`,

  selfieHeading: 'Take a selfie',
  selfieHint: 'Look straight at the camera, with your whole face visible and well lit.',
  takeSelfie: 'Take selfie',
  uploadSelfie: 'Upload selfie',
  selfieReviewHeading: 'Check your selfie',
  selfieImage: 'Your selfie',
  retake: 'Retake',
  submit: 'Submit',

  underReviewHeading: 'Thank you',
  underReview: 'Your application is under review. You will see the decision here; you can close this page and come back later.',
  approvedHeading: 'Verification complete',
  approved: 'Your identity has been approved.',
  rejectedHeading: 'Verification unsuccessful',
  rejected: 'Your application was rejected.',
  reason: (reason) => `Reason: ${reason}`,
  rejectSteps: {
    document_not_verifiable: 'We could not verify your document from these photos. You can apply again with another identity document.',
    document_expired: 'Your document has expired. You can apply again with a valid one.',
    face_mismatch: 'We could not match your selfie to the photo in your document. You can apply again with clear photos of both.',
    details_mismatch: 'The details you entered do not match your document. You can apply again with details exactly as on the document.',
    document_type_not_accepted: "This document cannot be used here. You can apply again with a passport, ID card, driver's license or residence permit.",
  },
  redoSteps: {
    photo_blurry: 'Take a sharper photo: hold still, in good light.',
    document_cut_off: 'Take a photo that shows the whole document, all four corners.',
    glare: 'Take a photo without glare: avoid direct light on the document.',
    document_expired: 'Use a document that has not expired.',
    details_mismatch: 'Use the document whose details you entered.',
    face_mismatch: 'Take a selfie that shows your face clearly, without glasses or hat.',
  },
  contactSupport: 'Contact support',
  startAgain: 'Start a new application',
  resubmitHeading: 'Some photos need to be redone',
  resubmit: 'Please resubmit the following:',
  selfie: 'Selfie',
  itemName: (document, side) => `${document} (${side})`,

  otherDevice: 'Continue on another device',
  otherDeviceHint:
    'Scan the code with your phone, or open the link there, to continue this application. The link works once, within 10 minutes; this device then stops. Keep it to yourself.',
  qrCode: 'QR code of the link',
  link: 'Link to continue',
  copyLink: 'Copy link',
  linkCopied: 'Link copied.',
  handedOffHeading: 'This application continues on another device',
  handedOffHint: 'Its link was opened on another device, so it stopped here. You can close this page.',

  loadFailed: 'Your application could not be loaded.',
  errorCodes: {
    network: 'The connection failed. Check your network and try again.',
    conflict: 'This application was changed elsewhere. The latest saved step is shown.',
    too_large: 'This file is too large.',
    unsupported_media_type: 'This file type is not accepted. Choose a JPEG, PNG or WebP image.',
    rate_limited: 'Too many attempts. Wait a moment and try again.',
    server_error: 'The service had a problem. Try again in a moment.',
    unavailable: 'The service is unavailable. Try again in a moment.',
    handoff_invalid: 'This link has expired or was already used. Open a new link on the other device, or start here.',
    token_expired: 'This link has expired. Go back to the page that sent you here to get a new one.',
    invalid: 'This step could not be saved. Go back one step and try again; if it happens again, reload the page.',
    bad_request: 'This step could not be saved. Reload the page and try again.',
    unauthorized: 'This application can no longer be opened here. Open the newest link you were sent, or start again.',
    forbidden: 'This application can no longer be opened here. Open the newest link you were sent, or start again.',
    not_found: 'This application can no longer be opened here. Open the newest link you were sent, or start again.',
    error: 'Something went wrong. Try again in a moment.',
  },
};

export const LOCALES: readonly KycFlowLocale[] = ['en', 'de', 'fr', 'es', 'ar'];

/** Locales written right to left: the element sets `dir` from this, and its styles use logical properties. */
export const isRtl = (locale: KycFlowLocale): boolean => locale === 'ar';

/** Loaded tables. Other locales than `en` load lazily (they are not in the main bundle). */
export const STRINGS: Partial<Record<KycFlowLocale, KycFlowStrings>> = { en };

/** Each module exports its table under the locale's name (`strings.fr.ts` exports `fr`). */
const loaders: Record<Exclude<KycFlowLocale, 'en'>, () => Promise<Partial<Record<KycFlowLocale, KycFlowStrings>>>> = {
  de: () => import('./strings.de.js'),
  fr: () => import('./strings.fr.js'),
  es: () => import('./strings.es.js'),
  ar: () => import('./strings.ar.js'),
};

/** The first supported locale of `tags` (the page's `lang`, then the browser's languages), else `en`; `fr-CA` → `fr`. */
export function pickLocale(tags: readonly (string | null | undefined)[]): KycFlowLocale {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split('-')[0] as KycFlowLocale | undefined;
    if (base && LOCALES.includes(base)) return base;
  }
  return 'en';
}

/** `de-AT` → `de`, `ar-EG` → `ar`; unknown → `en`. */
export const localeOf = (locale: string | undefined): KycFlowLocale => pickLocale([locale]);

/** Loads a locale's table (resolves at once when it is there). */
export async function loadStrings(locale: string | undefined): Promise<KycFlowStrings> {
  const key = localeOf(locale);
  if (!STRINGS[key] && key !== 'en') STRINGS[key] = (await loaders[key]())[key];
  return STRINGS[key] ?? en;
}

/** The table for a locale if loaded (else `en`), with overrides on top. */
export function stringsFor(locale: string | undefined, overrides?: Partial<KycFlowStrings>): KycFlowStrings {
  const table = STRINGS[localeOf(locale)] ?? en;
  return overrides ? { ...table, ...overrides } : table;
}
