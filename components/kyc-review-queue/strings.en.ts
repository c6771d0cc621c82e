/**
 * The element's words, per locale. `en` and `de` are complete; a host
 * overrides any of them through the `strings` property (a partial table).
 */
import type { DocumentType } from '../workflow/catalogue.js';
import type { CaseStatus } from './types.js';

export interface QueueStrings {
  heading: string;
  noToken: string;
  notPending: string;
  decidedBy: (outcome: string, who: string, when: string) => string;
  itemsToRedoList: string;
  openInNewTab: string;
  loadingImage: string;
  waiting: (count: number) => string;
  statusFilter: string;
  allStatuses: string;
  status: Record<CaseStatus, string>;
  search: string;
  sort: string;
  oldestFirst: string;
  newestFirst: string;
  colApplicant: string;
  colDocument: string;
  colStatus: string;
  colSubmitted: string;
  colWaited: string;
  colAssignee: string;
  unassigned: string;
  newBadge: string;
  newArrival: (name: string) => string;
  loading: string;
  empty: string;
  loadMore: string;
  shown: (shown: number, total: number) => string;
  documentTypes: Record<DocumentType, string>;
  sides: Record<'front' | 'back', string>;
  selfie: string;
  /** A duration in whole minutes, hours and days. */
  duration: (minutes: number) => string;
  back: string;
  personalDetails: string;
  name: string;
  dateOfBirth: string;
  country: string;
  documentType: string;
  issuingCountry: string;
  submittedAt: string;
  assignee: string;
  documents: string;
  current: string;
  /** Marks a version of a figure that is not the one under review. */
  notCurrent: string;
  /** The approval's confirm step. */
  approveTitle: string;
  approveIntro: string;
  version: (n: number, date: string) => string;
  earlierVersions: (count: number) => string;
  zoomIn: (item: string) => string;
  zoomOut: (item: string) => string;
  rotate: (item: string) => string;
  openFull: (item: string) => string;
  fullSize: (item: string) => string;
  imageAlt: (item: string, version: string) => string;
  imageFailed: string;
  close: string;
  claim: string;
  release: string;
  heldByYou: string;
  heldBy: (name: string) => string;
  approve: string;
  reject: string;
  requestResubmission: string;
  decisionBar: string;
  reason: string;
  commonReasons: string;
  chooseReason: string;
  rejectTitle: string;
  /** Under a reason: whether the applicant gets a common reason in their language or these words as written. */
  codedReason: string;
  ownWords: string;
  /** In the order of REJECT_REASON_CODES (a reason chosen as it is travels as its code). */
  rejectReasons: string[];
  resubmitTitle: string;
  resubmitIntro: string;
  itemsToRedo: string;
  reasonFor: (item: string) => string;
  useGeneralReason: string;
  generalReasonHint: string;
  /** In the order of RESUBMIT_REASON_CODES. */
  resubmitReasons: string[];
  sendRequest: string;
  cancel: string;
  needReason: string;
  needItems: string;
  needItemReason: (item: string) => string;
  decided: Record<'approve' | 'reject' | 'request_resubmission', string>;
  decisionTitle: string;
  decisionReason: string;
  history: string;
  stateNames: Record<string, string>;
  actor: (kind: string, id: string) => string;
  action: (entry: HistoryWords) => string;
  conflictDecided: (status: string, who: string | null) => string;
  conflictHeld: (name: string) => string;
  conflictChanged: string;
  changedLive: (status: string) => string;
  refresh: string;
  signInAgain: string;
  notFound: string;
  genericError: (message: string) => string;
  retry: string;
  shortcuts: string;
  shortcutList: [key: string, what: string][];
}

/** What a history line needs, already put into words where possible. */
export interface HistoryWords {
  action: string;
  actor: string;
  from?: string;
  to?: string;
  outcome?: string;
  reason?: string;
  items?: string;
  item?: string;
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function durationIn(minutes: number, d: string, h: string, m: string, lessThan: string): string {
  if (minutes < 1) return lessThan;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = Math.floor(minutes % 60);
  if (days) return hours ? `${days} ${d} ${hours} ${h}` : `${days} ${d}`;
  if (hours) return mins ? `${hours} ${h} ${mins} ${m}` : `${hours} ${h}`;
  return `${mins} ${m}`;
}

export const en: QueueStrings = {
  heading: 'KYC review queue',
  noToken: 'Sign in to see the review queue.',
  notPending: 'This case is not waiting for a decision.',
  decidedBy: (outcome, who, when) => `${outcome} by ${who}, ${when}`,
  itemsToRedoList: 'To redo',
  openInNewTab: 'Open in a new tab',
  loadingImage: 'Loading image…',
  waiting: (n) => (n === 1 ? '1 case waiting for review' : `${n} cases waiting for review`),
  statusFilter: 'Status',
  allStatuses: 'All statuses',
  status: {
    in_progress: 'In progress',
    pending_review: 'Waiting for review',
    pending_second_review: 'Waiting for a second review',
    resubmission_requested: 'Resubmission requested',
    approved: 'Approved',
    rejected: 'Rejected',
  },
  search: 'Search by name',
  sort: 'Sort',
  oldestFirst: 'Oldest first',
  newestFirst: 'Newest first',
  colApplicant: 'Applicant',
  colDocument: 'Document',
  colStatus: 'Status',
  colSubmitted: 'Submitted',
  colWaited: 'Waiting',
  colAssignee: 'Assignee',
  unassigned: 'Unassigned',
  newBadge: 'New',
  newArrival: (name) => `New case: ${name}`,
  loading: 'Loading…',
  empty: 'No cases match.',
  loadMore: 'Load more',
  shown: (shown, total) => `Showing ${shown} of ${total}`,
  documentTypes: {
    passport: 'Passport',
    id_card: 'ID card',
    drivers_license: "Driver's license",
    residence_permit: 'Residence permit',
  },
  sides: { front: 'front', back: 'back' },
  selfie: 'Selfie',
  duration: (min) => durationIn(min, 'd', 'h', 'min', 'under a minute'),
  back: 'Back to the list',
  personalDetails: 'Personal details',
  name: 'Name',
  dateOfBirth: 'Date of birth',
  country: 'Country',
  documentType: 'Document',
  issuingCountry: 'Issuing country',
  submittedAt: 'Submitted',
  assignee: 'Assignee',
  documents: 'Documents',
  current: 'current',
  notCurrent: 'not current',
  approveTitle: 'Approve this case?',
  approveIntro: 'The applicant passes KYC.',
  version: (n, date) => `Version ${n}, ${date}`,
  earlierVersions: (n) => plural(n, 'earlier version', 'earlier versions'),
  zoomIn: (item) => `Zoom in on ${item}`,
  zoomOut: (item) => `Zoom out of ${item}`,
  rotate: (item) => `Rotate ${item}`,
  openFull: (item) => `Open ${item} full size`,
  fullSize: (item) => `${item}, full size`,
  imageAlt: (item, version) => `${item} (${version})`,
  imageFailed: 'The image could not be loaded.',
  close: 'Close',
  claim: 'Claim',
  release: 'Release',
  heldByYou: 'You hold this case.',
  heldBy: (name) => `${name} holds this case.`,
  approve: 'Approve',
  reject: 'Reject',
  requestResubmission: 'Request resubmission',
  decisionBar: 'Decision',
  reason: 'Reason',
  commonReasons: 'Common reasons',
  chooseReason: 'Choose a common reason…',
  rejectTitle: 'Reject this case',
  codedReason: 'The applicant reads this in their own language.',
  ownWords: 'The applicant reads your words as written.',
  rejectReasons: [
    'The document is not genuine',
    'The document has expired',
    'The face does not match the document',
    'The details do not match the document',
    'This document type is not accepted',
  ],
  resubmitTitle: 'Request resubmission',
  resubmitIntro: 'Tick each item the applicant must redo. Give a reason for each, or one reason for all.',
  itemsToRedo: 'Items to redo',
  reasonFor: (item) => `Reason for ${item}`,
  useGeneralReason: 'Use the reason below',
  generalReasonHint: 'Used for every ticked item without its own reason.',
  resubmitReasons: [
    'The photo is blurry',
    'The document is cut off',
    'There is glare on the document',
    'The document has expired',
    'The document does not match the details',
    'The face does not match',
  ],
  sendRequest: 'Send request',
  cancel: 'Cancel',
  needReason: 'Give a reason.',
  needItems: 'Tick at least one item.',
  needItemReason: (item) => `Give a reason for ${item}.`,
  decided: {
    approve: 'Approved.',
    reject: 'Rejected.',
    request_resubmission: 'Resubmission requested.',
  },
  decisionTitle: 'Decision',
  decisionReason: 'Reason',
  history: 'History',
  stateNames: {
    welcome: 'the welcome page',
    personal_details: 'personal details',
    document_selection: 'choosing a document',
    document_photo: 'document photos',
    document_review: 'checking the document photos',
    selfie: 'the selfie',
    selfie_review: 'checking the selfie',
    final: 'the final step',
  },
  actor: (kind, id) => (kind === 'applicant' ? 'The applicant' : kind === 'system' ? 'The system' : id),
  action: (w) => {
    switch (w.action) {
      case 'created':
        return 'The application was started';
      case 'progressed':
        return w.to ? `${w.actor} moved on to ${w.to}` : `${w.actor} moved on`;
      case 'document_uploaded':
        return w.item ? `${w.actor} uploaded ${w.item}` : `${w.actor} uploaded a document`;
      case 'submitted':
        return `${w.actor} submitted the case for review`;
      case 'assigned':
        return `${w.actor} claimed the case`;
      case 'released':
        return `${w.actor} released the case`;
      case 'decided':
        if (w.outcome === 'approve') return `${w.actor} approved the case`;
        if (w.outcome === 'reject') return `${w.actor} rejected the case${w.reason ? `: ${w.reason}` : ''}`;
        if (w.outcome === 'request_resubmission')
          return `${w.actor} asked the applicant to redo ${w.items ?? 'some items'}`;
        return `${w.actor} decided`;
      case 'resubmitted':
        return `${w.actor} resubmitted the case`;
      default:
        return `${w.actor}: ${w.action.replace(/_/g, ' ')}`;
    }
  },
  conflictDecided: (status, who) =>
    who
      ? `${who} already decided this case (${status}) before you. Nothing was overwritten; the case has been reloaded.`
      : `Another reviewer already decided this case (${status}). Nothing was overwritten; the case has been reloaded.`,
  conflictHeld: (name) => `${name} holds this case. Nothing was changed; the case has been reloaded.`,
  conflictChanged:
    'This case changed since you opened it. Nothing was overwritten; the case has been reloaded — check it and decide again.',
  changedLive: (status) => `This case has changed since you opened it (now: ${status}).`,
  refresh: 'Reload the case',
  signInAgain: 'Your session is no longer valid. Please sign in again.',
  notFound: 'This case does not exist.',
  genericError: (message) => `Something went wrong: ${message}`,
  retry: 'Try again',
  shortcuts: 'Keyboard shortcuts',
  shortcutList: [
    ['j', 'Next case in the list'],
    ['k', 'Previous case in the list'],
    ['Enter', 'Open the selected case'],
    ['a', 'Approve the open case (Enter confirms)'],
    ['r', 'Reject the open case'],
    ['s', 'Request resubmission'],
    ['Esc', 'Back to the list'],
    ['?', 'Show these shortcuts'],
  ],
};
