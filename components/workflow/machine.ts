/**
 * The KYC manual-review statechart: the one definition of the applicant's
 * journey. The browser runs it to drive the screens; the BFF restores stored
 * snapshots into it to check every move a client asks for (see moves.ts).
 * Framework-free on purpose: it imports xstate and the shared schemas only.
 */
import { assign, setup, type SnapshotFrom } from 'xstate';
import * as v from 'valibot';
import { documentItems, isDocumentType, SELFIE, type DocumentType, type UploadItem } from './catalogue.js';
import { ApplicantSchema, type Applicant, type Review, type Uploads } from './schemas.js';

/** Bump when states, events or context change meaning; stored with every snapshot. */
export const DEFINITION_VERSION = 1;
export const DEFINITION_ID = 'kyc-manual-review';

export interface KycContext {
  applicant?: Applicant;
  documentType?: DocumentType;
  issuingCountry?: string;
  uploads: Uploads;
  /** The reviewer's latest decision; null while nothing is decided (or under review again). */
  review: Review | null;
}

export type KycEvent =
  | { type: 'START' }
  | { type: 'SUBMIT_DETAILS'; applicant: Applicant }
  | { type: 'SELECT_DOCUMENT'; documentType: DocumentType; issuingCountry?: string }
  | { type: 'BACK' }
  | { type: 'PHOTO_TAKEN'; item: UploadItem; upload: string }
  | { type: 'PHOTOS_SUBMITTED'; documentType: DocumentType; uploads: Uploads; issuingCountry?: string }
  | { type: 'RETAKE'; item: UploadItem }
  | { type: 'CONFIRM_DOCUMENT' }
  | { type: 'SELFIE_TAKEN'; upload: string }
  | { type: 'RETAKE_SELFIE' }
  | { type: 'CONFIRM_SELFIE' }
  /** Sent by the BFF (and mirrored by the client) when a reviewer decides. */
  | { type: 'REVIEW_DECIDED'; review: Review }
  /** The applicant's "Continue" after a resubmission request. */
  | { type: 'RESUBMIT' };

export type KycEventType = KycEvent['type'];

const hasEverySide = (ctx: KycContext, uploads: Uploads = ctx.uploads) =>
  ctx.documentType !== undefined && documentItems(ctx.documentType).every((item) => Boolean(uploads[item]));

const withoutItems = (uploads: Uploads, items: readonly string[]): Uploads =>
  Object.fromEntries(Object.entries(uploads).filter(([item]) => !items.includes(item)));

export const kycMachine = setup({
  types: {
    context: {} as KycContext,
    events: {} as KycEvent,
    input: {} as Partial<KycContext> | undefined,
  },
  guards: {
    hasCompleteDetails: ({ event }) =>
      event.type === 'SUBMIT_DETAILS' && v.is(ApplicantSchema, event.applicant),
    isCatalogueDocument: ({ event }) => event.type === 'SELECT_DOCUMENT' && isDocumentType(event.documentType),
    isSideOfChosenDocument: ({ context, event }) =>
      event.type === 'PHOTO_TAKEN' &&
      context.documentType !== undefined &&
      documentItems(context.documentType).includes(event.item),
    hasRequiredDocuments: ({ context, event }) =>
      event.type === 'PHOTOS_SUBMITTED' &&
      event.documentType === context.documentType &&
      hasEverySide(context, event.uploads),
    isSideOfDocument: ({ context, event }) =>
      event.type === 'RETAKE' &&
      context.documentType !== undefined &&
      documentItems(context.documentType).includes(event.item),
    hasSelfie: ({ context }) => Boolean(context.uploads[SELFIE]),
    hasEverythingForReview: ({ context }) => hasEverySide(context) && Boolean(context.uploads[SELFIE]),
    /** Waiting for a decision, and the decision names only items this case has. */
    isDecisionForThisCase: ({ context, event }) => {
      if (event.type !== 'REVIEW_DECIDED' || context.review != null || !context.documentType) return false;
      if (event.review.outcome !== 'request_resubmission') return true;
      const items: string[] = [...documentItems(context.documentType), SELFIE];
      return event.review.items.length > 0 && event.review.items.every((item) => items.includes(item.document));
    },
    isNotResubmitting: ({ context }) => context.review == null,
    resubmissionNeedsDocument: ({ context }) =>
      context.review?.outcome === 'request_resubmission' &&
      context.review.items.some((item) => item.document !== SELFIE),
    resubmissionNeedsSelfieOnly: ({ context }) =>
      context.review?.outcome === 'request_resubmission' &&
      context.review.items.length > 0 &&
      context.review.items.every((item) => item.document === SELFIE),
  },
  actions: {
    storeApplicant: assign({
      applicant: ({ event }) => (event.type === 'SUBMIT_DETAILS' ? v.parse(ApplicantSchema, event.applicant) : undefined),
    }),
    storeDocumentChoice: assign(({ context, event }) => {
      if (event.type !== 'SELECT_DOCUMENT') return {};
      // A different document type makes earlier document uploads meaningless.
      const changed = context.documentType !== event.documentType;
      return {
        documentType: event.documentType,
        issuingCountry: event.issuingCountry ?? context.applicant?.country,
        uploads: changed ? withoutItems(context.uploads, Object.keys(context.uploads).filter((k) => k !== SELFIE)) : context.uploads,
      };
    }),
    storePhoto: assign({
      uploads: ({ context, event }) =>
        event.type === 'PHOTO_TAKEN' ? { ...context.uploads, [event.item]: event.upload } : context.uploads,
    }),
    storePhotos: assign({
      uploads: ({ context, event }) => {
        if (event.type !== 'PHOTOS_SUBMITTED') return context.uploads;
        const sides = Object.fromEntries(documentItems(event.documentType).map((item) => [item, event.uploads[item]]));
        return { ...context.uploads, ...sides };
      },
    }),
    forgetSide: assign({
      uploads: ({ context, event }) =>
        event.type === 'RETAKE' ? withoutItems(context.uploads, [event.item]) : context.uploads,
    }),
    storeSelfie: assign({
      uploads: ({ context, event }) =>
        event.type === 'SELFIE_TAKEN' ? { ...context.uploads, [SELFIE]: event.upload } : context.uploads,
    }),
    forgetSelfie: assign({ uploads: ({ context }) => withoutItems(context.uploads, [SELFIE]) }),
    awaitReview: assign({ review: null }),
    storeReview: assign({ review: ({ context, event }) => (event.type === 'REVIEW_DECIDED' ? event.review : context.review) }),
    forgetItemsToRedo: assign({
      uploads: ({ context }) =>
        withoutItems(context.uploads, context.review?.items.map((item) => item.document) ?? []),
    }),
  },
}).createMachine({
  id: DEFINITION_ID,
  initial: 'welcome',
  context: ({ input }) => ({ uploads: {}, review: null, ...input }),
  states: {
    welcome: {
      on: { START: 'personal_details' },
    },
    personal_details: {
      meta: { persist: true },
      on: {
        SUBMIT_DETAILS: { guard: 'hasCompleteDetails', target: 'document_selection', actions: 'storeApplicant' },
      },
    },
    document_selection: {
      meta: { persist: true },
      on: {
        SELECT_DOCUMENT: { guard: 'isCatalogueDocument', target: 'document_photo', actions: 'storeDocumentChoice' },
        BACK: 'personal_details',
      },
    },
    document_photo: {
      // Leaving it forward is the one move that crosses the wire as an event.
      meta: { submit: true, submitEvent: 'PHOTOS_SUBMITTED' },
      on: {
        PHOTO_TAKEN: { guard: 'isSideOfChosenDocument', actions: 'storePhoto' },
        PHOTOS_SUBMITTED: { guard: 'hasRequiredDocuments', target: 'document_review', actions: 'storePhotos' },
        BACK: { guard: 'isNotResubmitting', target: 'document_selection' },
      },
    },
    document_review: {
      meta: { persist: true },
      on: {
        RETAKE: { guard: 'isSideOfDocument', target: 'document_photo', actions: 'forgetSide' },
        CONFIRM_DOCUMENT: [{ guard: 'hasSelfie', target: 'selfie_review' }, { target: 'selfie' }],
      },
    },
    selfie: {
      on: {
        SELFIE_TAKEN: { target: 'selfie_review', actions: 'storeSelfie' },
        BACK: 'document_review',
      },
    },
    selfie_review: {
      on: {
        RETAKE_SELFIE: { target: 'selfie', actions: 'forgetSelfie' },
        CONFIRM_SELFIE: { guard: 'hasEverythingForReview', target: 'final', actions: 'awaitReview' },
      },
    },
    final: {
      meta: { persist: true },
      on: {
        REVIEW_DECIDED: { guard: 'isDecisionForThisCase', actions: 'storeReview' },
        RESUBMIT: [
          { guard: 'resubmissionNeedsDocument', target: 'document_photo', actions: 'forgetItemsToRedo' },
          { guard: 'resubmissionNeedsSelfieOnly', target: 'selfie', actions: 'forgetItemsToRedo' },
        ],
      },
    },
  },
});

export type KycMachine = typeof kycMachine;
/** The state names, as xstate infers them from the config above. */
export type KycState = Extract<SnapshotFrom<typeof kycMachine>['value'], string>;

interface StateMeta {
  persist?: boolean;
  submit?: boolean;
  submitEvent?: KycEventType;
}
const stateEntries = Object.entries(kycMachine.config.states ?? {}) as [KycState, { meta?: StateMeta }][];

/** States in journey order. */
export const STATES = stateEntries.map(([name]) => name);
/** Entering one of these saves the persisted snapshot to the BFF. */
export const PERSIST_STATES = stateEntries.filter(([, node]) => node.meta?.persist).map(([name]) => name);
/** Leaving one of these is told to the BFF (and waits for it) before the client moves on. */
export const SUBMIT_STATES = stateEntries.filter(([, node]) => node.meta?.submit).map(([name]) => name);

/** Events that leave a submit state forward: only ever accepted through the events route. */
export const SUBMIT_EVENTS = stateEntries.flatMap(([, node]) => (node.meta?.submitEvent ? [node.meta.submitEvent] : []));

export function isKycState(value: unknown): value is KycState {
  return typeof value === 'string' && (STATES as string[]).includes(value);
}
