/** The queue's German words. */
import { durationIn, type QueueStrings } from './strings.en.js';

export const de: QueueStrings = {
  heading: 'KYC-Prüfwarteschlange',
  noToken: 'Melden Sie sich an, um die Prüfwarteschlange zu sehen.',
  notPending: 'Dieser Fall wartet nicht auf eine Entscheidung.',
  decidedBy: (outcome, who, when) => `${outcome} von ${who}, ${when}`,
  itemsToRedoList: 'Neu einzureichen',
  openInNewTab: 'In neuem Tab öffnen',
  loadingImage: 'Bild wird geladen…',
  waiting: (n) => (n === 1 ? '1 Fall wartet auf Prüfung' : `${n} Fälle warten auf Prüfung`),
  statusFilter: 'Status',
  allStatuses: 'Alle Status',
  status: {
    in_progress: 'In Bearbeitung',
    pending_review: 'Wartet auf Prüfung',
    pending_second_review: 'Wartet auf Zweitprüfung',
    resubmission_requested: 'Nachreichung angefordert',
    approved: 'Angenommen',
    rejected: 'Abgelehnt',
  },
  search: 'Nach Namen suchen',
  sort: 'Sortierung',
  oldestFirst: 'Älteste zuerst',
  newestFirst: 'Neueste zuerst',
  colApplicant: 'Antragsteller',
  colDocument: 'Dokument',
  colStatus: 'Status',
  colSubmitted: 'Eingereicht',
  colWaited: 'Wartezeit',
  colAssignee: 'Bearbeiter',
  unassigned: 'Nicht zugewiesen',
  newBadge: 'Neu',
  newArrival: (name) => `Neuer Fall: ${name}`,
  loading: 'Wird geladen…',
  empty: 'Keine passenden Fälle.',
  loadMore: 'Mehr laden',
  shown: (shown, total) => `${shown} von ${total} angezeigt`,
  documentTypes: {
    passport: 'Reisepass',
    id_card: 'Personalausweis',
    drivers_license: 'Führerschein',
    residence_permit: 'Aufenthaltstitel',
  },
  sides: { front: 'Vorderseite', back: 'Rückseite' },
  selfie: 'Selfie',
  duration: (min) => durationIn(min, 'T', 'Std.', 'Min.', 'unter einer Minute'),
  back: 'Zurück zur Liste',
  personalDetails: 'Persönliche Angaben',
  name: 'Name',
  dateOfBirth: 'Geburtsdatum',
  country: 'Land',
  documentType: 'Dokument',
  issuingCountry: 'Ausstellungsland',
  submittedAt: 'Eingereicht',
  assignee: 'Bearbeiter',
  documents: 'Dokumente',
  current: 'aktuell',
  notCurrent: 'nicht aktuell',
  approveTitle: 'Diesen Fall annehmen?',
  approveIntro: 'Die Person besteht die KYC-Prüfung.',
  version: (n, date) => `Version ${n}, ${date}`,
  earlierVersions: (n) => (n === 1 ? '1 frühere Version' : `${n} frühere Versionen`),
  zoomIn: (item) => `${item} vergrößern`,
  zoomOut: (item) => `${item} verkleinern`,
  rotate: (item) => `${item} drehen`,
  openFull: (item) => `${item} in voller Größe öffnen`,
  fullSize: (item) => `${item}, volle Größe`,
  imageAlt: (item, version) => `${item} (${version})`,
  imageFailed: 'Das Bild konnte nicht geladen werden.',
  close: 'Schließen',
  claim: 'Übernehmen',
  release: 'Freigeben',
  heldByYou: 'Sie bearbeiten diesen Fall.',
  heldBy: (name) => `${name} bearbeitet diesen Fall.`,
  approve: 'Annehmen',
  reject: 'Ablehnen',
  requestResubmission: 'Nachreichung anfordern',
  decisionBar: 'Entscheidung',
  reason: 'Begründung',
  commonReasons: 'Häufige Gründe',
  chooseReason: 'Häufigen Grund wählen…',
  rejectTitle: 'Diesen Fall ablehnen',
  codedReason: 'Die Person liest dies in ihrer Sprache.',
  ownWords: 'Die Person liest Ihre Worte wörtlich.',
  rejectReasons: [
    'Das Dokument ist nicht echt',
    'Das Dokument ist abgelaufen',
    'Das Gesicht passt nicht zum Dokument',
    'Die Angaben passen nicht zum Dokument',
    'Diese Dokumentart wird nicht akzeptiert',
  ],
  resubmitTitle: 'Nachreichung anfordern',
  resubmitIntro:
    'Markieren Sie alles, was neu eingereicht werden muss. Geben Sie je einen Grund an oder einen für alle.',
  itemsToRedo: 'Neu einzureichen',
  reasonFor: (item) => `Grund für ${item}`,
  useGeneralReason: 'Begründung unten verwenden',
  generalReasonHint: 'Gilt für jeden markierten Punkt ohne eigenen Grund.',
  resubmitReasons: [
    'Das Foto ist unscharf',
    'Das Dokument ist abgeschnitten',
    'Das Dokument spiegelt',
    'Das Dokument ist abgelaufen',
    'Das Dokument passt nicht zu den Angaben',
    'Das Gesicht passt nicht',
  ],
  sendRequest: 'Anforderung senden',
  cancel: 'Abbrechen',
  needReason: 'Bitte geben Sie eine Begründung an.',
  needItems: 'Bitte markieren Sie mindestens einen Punkt.',
  needItemReason: (item) => `Bitte geben Sie einen Grund für ${item} an.`,
  decided: {
    approve: 'Angenommen.',
    reject: 'Abgelehnt.',
    request_resubmission: 'Nachreichung angefordert.',
  },
  decisionTitle: 'Entscheidung',
  decisionReason: 'Begründung',
  history: 'Verlauf',
  stateNames: {
    welcome: 'der Begrüßung',
    personal_details: 'den persönlichen Angaben',
    document_selection: 'der Dokumentwahl',
    document_photo: 'den Dokumentfotos',
    document_review: 'der Prüfung der Dokumentfotos',
    selfie: 'dem Selfie',
    selfie_review: 'der Prüfung des Selfies',
    final: 'dem letzten Schritt',
  },
  actor: (kind, id) => (kind === 'applicant' ? 'Der Antragsteller' : kind === 'system' ? 'Das System' : id),
  action: (w) => {
    switch (w.action) {
      case 'created':
        return 'Der Antrag wurde begonnen';
      case 'progressed':
        return w.to ? `${w.actor} ist weiter zu ${w.to}` : `${w.actor} ist einen Schritt weiter`;
      case 'document_uploaded':
        return w.item ? `${w.actor} hat ${w.item} hochgeladen` : `${w.actor} hat ein Dokument hochgeladen`;
      case 'submitted':
        return `${w.actor} hat den Fall zur Prüfung eingereicht`;
      case 'assigned':
        return `${w.actor} hat den Fall übernommen`;
      case 'released':
        return `${w.actor} hat den Fall freigegeben`;
      case 'decided':
        if (w.outcome === 'approve') return `${w.actor} hat den Fall angenommen`;
        if (w.outcome === 'reject') return `${w.actor} hat den Fall abgelehnt${w.reason ? `: ${w.reason}` : ''}`;
        if (w.outcome === 'request_resubmission')
          return `${w.actor} hat eine Nachreichung angefordert: ${w.items ?? 'einige Punkte'}`;
        return `${w.actor} hat entschieden`;
      case 'resubmitted':
        return `${w.actor} hat den Fall erneut eingereicht`;
      default:
        return `${w.actor}: ${w.action.replace(/_/g, ' ')}`;
    }
  },
  conflictDecided: (status, who) =>
    who
      ? `${who} hat diesen Fall bereits entschieden (${status}). Nichts wurde überschrieben; der Fall wurde neu geladen.`
      : `Jemand anderes hat diesen Fall bereits entschieden (${status}). Nichts wurde überschrieben; der Fall wurde neu geladen.`,
  conflictHeld: (name) => `${name} bearbeitet diesen Fall. Nichts wurde geändert; der Fall wurde neu geladen.`,
  conflictChanged:
    'Dieser Fall hat sich geändert, seit Sie ihn geöffnet haben. Nichts wurde überschrieben; der Fall wurde neu geladen — bitte prüfen und erneut entscheiden.',
  changedLive: (status) => `Dieser Fall hat sich geändert, seit Sie ihn geöffnet haben (jetzt: ${status}).`,
  refresh: 'Fall neu laden',
  signInAgain: 'Ihre Anmeldung ist nicht mehr gültig. Bitte melden Sie sich erneut an.',
  notFound: 'Diesen Fall gibt es nicht.',
  genericError: (message) => `Etwas ist schiefgegangen: ${message}`,
  retry: 'Erneut versuchen',
  shortcuts: 'Tastenkürzel',
  shortcutList: [
    ['j', 'Nächster Fall in der Liste'],
    ['k', 'Vorheriger Fall in der Liste'],
    ['Enter', 'Ausgewählten Fall öffnen'],
    ['a', 'Offenen Fall annehmen (Enter bestätigt)'],
    ['r', 'Offenen Fall ablehnen'],
    ['s', 'Nachreichung anfordern'],
    ['Esc', 'Zurück zur Liste'],
    ['?', 'Diese Kürzel anzeigen'],
  ],
};
