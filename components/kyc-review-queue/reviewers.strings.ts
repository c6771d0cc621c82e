/**
 * Words of the notes panel and the second review (reviewers.md), per locale,
 * apart from strings.ts so that the queue's table stays as it is; a host
 * overrides them like the queue's own strings.
 */
export interface ReviewerStrings {
  notesHeading: string;
  notesIntro: string;
  notesEmpty: string;
  noteLabel: string;
  noteHint: string;
  addNote: string;
  addingNote: string;
  secondReviewHeading: string;
  proposalBy: (name: string, when: string) => string;
  proposedOutcome: Record<'approve' | 'reject' | 'request_resubmission', string>;
  proposalReason: string;
  proposalItems: string;
  confirm: string;
  returnProposal: string;
  returnReasonLabel: string;
  returnReasonHint: string;
  returnReasonMissing: string;
  youProposed: string;
  needsSenior: string;
  returnedBy: (name: string, when: string) => string;
  returnedHeading: string;
  returnedProposal: (outcome: string, author: string) => string;
  /** The status filter's wording for the new status (also in strings.ts's status table). */
  awaitingSecondReview: string;
  /** The reviewer's own action, said in the case's status region. */
  proposedMessage: string;
  confirmedMessage: (outcome: string) => string;
  returnedMessage: string;
  /** The Return dialog. */
  returnTitle: string;
  returnIntro: string;
  /** Personal details: a field the applicant changed from what the bank sent (`POST /applicants`). */
  changedByApplicant: (sent: string) => string;
  prefillHeading: string;
  noteAddFailed: (message: string) => string;
}

export const reviewerStrings: Record<'en' | 'de', ReviewerStrings> = {
  en: {
    notesHeading: 'Internal notes',
    notesIntro: 'For reviewers only: the applicant never sees notes.',
    notesEmpty: 'No notes yet.',
    noteLabel: 'New note',
    noteHint: 'Up to 2,000 characters.',
    addNote: 'Add note',
    addingNote: 'Adding…',
    secondReviewHeading: 'Waiting for a second review',
    proposalBy: (name, when) => `Proposed by ${name}, ${when}`,
    proposedOutcome: { approve: 'Approve', reject: 'Reject', request_resubmission: 'Request resubmission' },
    proposalReason: 'Reason',
    proposalItems: 'Items to redo',
    confirm: 'Confirm',
    returnProposal: 'Return',
    returnReasonLabel: 'Why return it?',
    returnReasonHint: 'The reason is shown to reviewers, never to the applicant.',
    returnReasonMissing: 'Give a reason to return the proposal.',
    youProposed: 'You proposed this decision. Another senior reviewer must confirm or return it.',
    needsSenior: 'A senior reviewer must confirm or return this proposal.',
    returnedHeading: 'Proposal returned',
    returnedProposal: (outcome, author) => `${author}’s proposal: ${outcome}`,
    returnedBy: (name, when) => `Returned by ${name}, ${when}`,
    awaitingSecondReview: 'Waiting for a second review',
    proposedMessage: 'Proposal sent: it waits for a second review. The applicant sees nothing yet.',
    confirmedMessage: (outcome) => `Proposal confirmed: ${outcome}.`,
    returnedMessage: 'Proposal returned: the case is back in review.',
    returnTitle: 'Return the proposal',
    returnIntro: 'The case goes back to review with your reason; the applicant sees nothing of it.',
    changedByApplicant: (sent) => `Changed by the applicant; the bank sent: ${sent}`,
    prefillHeading: 'Sent by the bank',
    noteAddFailed: (message) => `The note was not added: ${message}`,
  },
  de: {
    notesHeading: 'Interne Notizen',
    notesIntro: 'Nur für Prüfer: Antragsteller sehen Notizen nie.',
    notesEmpty: 'Noch keine Notizen.',
    noteLabel: 'Neue Notiz',
    noteHint: 'Bis zu 2.000 Zeichen.',
    addNote: 'Notiz hinzufügen',
    addingNote: 'Wird hinzugefügt…',
    secondReviewHeading: 'Wartet auf Zweitprüfung',
    proposalBy: (name, when) => `Vorgeschlagen von ${name}, ${when}`,
    proposedOutcome: { approve: 'Annehmen', reject: 'Ablehnen', request_resubmission: 'Nachreichung anfordern' },
    proposalReason: 'Begründung',
    proposalItems: 'Neu einzureichen',
    confirm: 'Bestätigen',
    returnProposal: 'Zurückgeben',
    returnReasonLabel: 'Warum zurückgeben?',
    returnReasonHint: 'Die Begründung sehen nur Prüfer, nie der Antragsteller.',
    returnReasonMissing: 'Geben Sie eine Begründung für die Rückgabe an.',
    youProposed: 'Sie haben diese Entscheidung vorgeschlagen. Eine andere Senior-Prüferin oder ein anderer Senior-Prüfer muss sie bestätigen oder zurückgeben.',
    needsSenior: 'Eine Senior-Prüferin oder ein Senior-Prüfer muss diesen Vorschlag bestätigen oder zurückgeben.',
    returnedHeading: 'Vorschlag zurückgegeben',
    returnedProposal: (outcome, author) => `Vorschlag von ${author}: ${outcome}`,
    returnedBy: (name, when) => `Zurückgegeben von ${name}, ${when}`,
    awaitingSecondReview: 'Wartet auf Zweitprüfung',
    proposedMessage: 'Vorschlag gesendet: Er wartet auf eine Zweitprüfung. Der Antragsteller sieht noch nichts.',
    confirmedMessage: (outcome) => `Vorschlag bestätigt: ${outcome}.`,
    returnedMessage: 'Vorschlag zurückgegeben: Der Fall ist wieder in Prüfung.',
    returnTitle: 'Vorschlag zurückgeben',
    returnIntro: 'Der Fall geht mit Ihrer Begründung zurück in die Prüfung; der Antragsteller sieht davon nichts.',
    changedByApplicant: (sent) => `Vom Antragsteller geändert; die Bank sandte: ${sent}`,
    prefillHeading: 'Von der Bank gesendet',
    noteAddFailed: (message) => `Die Notiz wurde nicht hinzugefügt: ${message}`,
  },
};

/** The words for `locale` (`de` or English), with a host's overrides. */
export function reviewerStringsFor(locale: string | undefined, overrides?: Partial<ReviewerStrings>): ReviewerStrings {
  const base = reviewerStrings[locale?.toLowerCase().startsWith('de') ? 'de' : 'en'];
  return overrides ? { ...base, ...overrides } : base;
}
