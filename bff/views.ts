/**
 * What the API answers for a stored workflow, per audience, and the JSON
 * text of the two busiest answers kept per version: a GET of an unchanged
 * workflow or an unchanged page of the queue costs no parse and no stringify.
 * Each view names the fields it copies: reviewer-only parts of the record
 * (notes, a proposal awaiting its second reviewer, a return) never reach an
 * applicant's view.
 */
import { APPLICANT_STATUS, type Review } from '../components/workflow/index.js';
import { TextCache } from './store/text-cache.js';
import type { CasePage, CaseSummary, Decision, DocumentRecord, WorkflowRecord, WorkflowStore } from './store/types.js';

const newestFirst = (documents: DocumentRecord[]) => [...documents].reverse();

/** A decision as stored since reason codes (older records have none). */
type CodedDecision = Decision & Pick<Review, 'reasonCode'>;

function applicantDecision(decision: CodedDecision | null) {
  if (!decision) return null;
  const { outcome, reason, reasonCode, items, decidedAt } = decision;
  return { outcome, reason, ...(reasonCode && { reasonCode }), items, decidedAt };
}

/** `GET /workflows/:id` and the applicant's stream. */
export function workflowView(record: WorkflowRecord) {
  return {
    id: record.id,
    status: APPLICANT_STATUS[record.status],
    state: record.state,
    context: record.context,
    documents: newestFirst(record.documents),
    decision: applicantDecision(record.decision),
    version: record.version,
  };
}

/**
 * What the integrator sent (`POST /applicants` with `applicant`) and which of those fields the
 * applicant changed: the bank's record and the applicant's words differing is a signal for the reviewer.
 */
export function prefillView(record: WorkflowRecord) {
  const prefill = record.prefill ?? null;
  const given = record.context.applicant;
  const changedFields = prefill && given ? (Object.keys(prefill) as (keyof typeof prefill)[]).filter((field) => prefill[field] !== given[field]) : [];
  return { prefill, changedFields };
}

/** `GET /cases/:id`: the list item plus everything a reviewer needs. */
export function caseView(store: WorkflowStore, record: WorkflowRecord) {
  return {
    ...store.summaryOf(record),
    context: record.context,
    documents: newestFirst(record.documents),
    decision: record.decision,
    proposal: record.proposal ?? null,
    returned: record.returned ?? null,
    notes: record.notes ?? [],
    history: record.history,
    ...prefillView(record),
  };
}

/** A store that knows a workflow's current version without reading the record (the file store's index). */
interface KnowsVersions {
  versionOf(id: string): number | undefined;
}

/** Texts kept per store, in characters (about bytes), least recently used out first. */
const VIEW_CHARS = 4_000_000;
const SUMMARY_CHARS = 2_000_000;

interface Texts {
  /** Workflow id → `${version}\n${view JSON}`. */
  views: TextCache<string>;
  /** A summary object as listCases hands it out → its JSON (a write makes a new object). */
  summaries: TextCache<CaseSummary>;
}

const textsByStore = new WeakMap<WorkflowStore, Texts>();

function textsOf(store: WorkflowStore): Texts {
  let texts = textsByStore.get(store);
  if (!texts) textsByStore.set(store, (texts = { views: new TextCache(VIEW_CHARS), summaries: new TextCache(SUMMARY_CHARS) }));
  return texts;
}

/**
 * `workflowView` of the stored workflow as JSON text, or undefined when there
 * is no such workflow. Text is kept with the version it was rendered from and
 * served only while the store still says that version; versions only go up,
 * one per write, so an equal version is the very record the text came from.
 */
export async function workflowViewText(store: WorkflowStore, id: string): Promise<string | undefined> {
  const { views } = textsOf(store);
  const kept = views.get(id);
  const cut = kept?.indexOf('\n') ?? -1;
  const keptVersion = kept !== undefined ? Number(kept.slice(0, cut)) : undefined;
  if (kept !== undefined && keptVersion === (store as Partial<KnowsVersions>).versionOf?.(id)) return kept.slice(cut + 1);
  const record = await store.get(id);
  if (!record) return undefined;
  if (kept !== undefined && keptVersion === record.version) return kept.slice(cut + 1);
  const text = JSON.stringify(workflowView(record));
  views.set(id, `${record.version}\n${text}`);
  return text;
}

/** `GET /cases` as JSON text (the same as `JSON.stringify(page)`): each summary's text is made once per summary object. */
export function casePageText(store: WorkflowStore, page: CasePage): string {
  const { summaries } = textsOf(store);
  const items = page.items.map((summary) => {
    // Only a store that hands out the same frozen object per version (the file store) gains from keeping text.
    if (!Object.isFrozen(summary)) return JSON.stringify(summary);
    let text = summaries.get(summary);
    if (text === undefined) summaries.set(summary, (text = JSON.stringify(summary)));
    return text;
  });
  return `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)},"total":${JSON.stringify(page.total)}}`;
}
