/**
 * The headless reviewer client: everything a triage screen needs from the
 * BFF's reviewer routes, without any UI (no lit, no DOM):
 *
 * - the list with its query (status, search, sort) and cursor paging;
 * - the number of cases waiting;
 * - one open case;
 * - the live queue stream (`/cases/stream`); after it drops and comes back,
 *   a GET catches up with whatever happened meanwhile;
 * - claim and release;
 * - decide, with a 409 reloaded and turned into an explanation (`Conflict`)
 *   that a view words in its own language;
 * - who the key belongs to (`/reviewers/me`), the second stage of a
 *   four-eyes decision (confirm, return) and internal notes.
 *
 * `subscribe` / `getSnapshot` and commands, like `createKycWorkflow`. The
 * key travels only in the Authorization header (`components/common/http`).
 */
import { KycApiError, request } from '../common/http.js';
import { openEventStream, type StreamMessage } from '../common/event-stream.js';
import { deciderOf, nameOf, summaryOf } from './case-helpers.js';
import { reviewerCommands } from './four-eyes.js';
import type {
  ActionResult,
  CaseDetail,
  CaseItem,
  CaseList,
  Conflict,
  DecisionBody,
  ListQuery,
  ReviewNotice,
  ReviewQueueOptions,
  ReviewQueueState,
} from './types.js';

export * from './types.js';

const CASE_EVENTS = ['case.submitted', 'case.updated', 'case.decided'];

export { deciderOf, summaryOf } from './case-helpers.js';

export type ReviewQueue = ReturnType<typeof createReviewQueue>;

export function createReviewQueue(initial: ReviewQueueOptions) {
  let options = initial;
  let state: ReviewQueueState = {
    query: { status: 'pending_review', q: '', sort: 'submittedAt' },
    items: [],
    nextCursor: null,
    total: 0,
    listState: 'idle',
    newIds: new Set(),
    waitingCount: null,
    caseId: null,
    detail: null,
    caseState: 'loading',
    liveChange: null,
    busy: false,
    me: null,
    reviewer: null,
    authFailed: false,
  };
  const listeners = new Set<(state: ReviewQueueState) => void>();
  const noticeListeners = new Set<(notice: ReviewNotice) => void>();
  let stopStream: (() => void) | undefined;
  let listAbort: AbortController | undefined;
  let caseAbort: AbortController | undefined;
  let countTimer: ReturnType<typeof setTimeout> | undefined;
  let meAsked = false;

  const set = (change: Partial<ReviewQueueState>) => {
    state = { ...state, ...change };
    for (const listener of listeners) listener(state);
  };
  const notify = (notice: ReviewNotice) => {
    for (const listener of noticeListeners) listener(notice);
  };
  const pageSize = () => Math.min(100, Math.max(1, options.pageSize || 20));

  /** Tells the host; a 401 also stops everything until a new key. */
  function fail(error: unknown) {
    if ((error as Error)?.name === 'AbortError') return;
    const apiError = error instanceof KycApiError ? error : new KycApiError(0, 'network', (error as Error)?.message || 'Network error');
    if (apiError.status === 401) {
      if (state.authFailed) return;
      stop();
      set({ authFailed: true });
    }
    notify({ type: 'error', error: apiError });
  }

  /** Every call to the BFF goes through here: the key in a header, a 401 handled once. */
  async function call<T>(path: string, init: { method?: string; json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    if (!options.token || state.authFailed) throw new KycApiError(401, 'unauthorized', 'Sign in again');
    try {
      return await request<T>(options.api || '/api/v1', path, { ...init, token: options.token });
    } catch (error) {
      if (error instanceof KycApiError && error.status === 401) fail(error);
      throw error;
    }
  }

  const canCall = () => !!options.token && !state.authFailed;

  async function loadList(opts: { append?: boolean; limit?: number } = {}) {
    if (!canCall()) return;
    const { status, q, sort } = state.query;
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (q.trim()) params.set('q', q.trim());
    params.set('sort', sort);
    params.set('limit', String(opts.limit ?? pageSize()));
    if (opts.append && state.nextCursor) params.set('cursor', state.nextCursor);
    listAbort?.abort();
    const abort = (listAbort = new AbortController());
    set({ listState: 'loading' });
    try {
      const page = await call<CaseList>(`/cases?${params}`, { signal: abort.signal });
      if (opts.append) {
        const known = new Set(state.items.map((item) => item.id));
        set({ items: [...state.items, ...page.items.filter((item) => !known.has(item.id))] });
      } else {
        const ids = new Set(page.items.map((item) => item.id));
        set({ items: page.items, newIds: new Set([...state.newIds].filter((id) => ids.has(id))) });
      }
      set({ nextCursor: page.nextCursor, total: page.total, listState: 'ready' });
      // Who the key belongs to, once it proved good (a refused key costs no extra call).
      if (!meAsked) {
        meAsked = true;
        void commands.loadMe();
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      set({ listState: 'error' });
      fail(error);
    }
  }

  async function loadCount() {
    if (!canCall()) return;
    try {
      const page = await call<CaseList>('/cases?status=pending_review&limit=1');
      set({ waitingCount: page.total });
    } catch (error) {
      if (!(error instanceof KycApiError && error.status === 401)) fail(error);
    }
  }

  function scheduleCount() {
    clearTimeout(countTimer);
    countTimer = setTimeout(() => void loadCount(), 150);
  }

  /** The case and its list row, in step with what the BFF just said. */
  function setDetail(detail: CaseDetail) {
    set({
      detail,
      liveChange: null,
      items: state.items.map((item) => (item.id === detail.id ? summaryOf(detail) : item)),
    });
  }

  async function loadCase(id: string, opts: { quiet?: boolean } = {}) {
    if (!canCall()) return;
    caseAbort?.abort();
    const abort = (caseAbort = new AbortController());
    if (!opts.quiet && !state.detail) set({ caseState: 'loading' });
    try {
      const detail = await call<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { signal: abort.signal });
      if (state.caseId !== id) return;
      setDetail(detail);
      set({ caseState: 'ready' });
    } catch (error) {
      if ((error as Error).name === 'AbortError' || state.caseId !== id) return;
      if (error instanceof KycApiError && error.status === 404) set({ caseState: 'missing' });
      else {
        set({ caseState: state.detail ? 'ready' : 'error' });
        fail(error);
      }
    }
  }

  function matchesList(item: CaseItem): boolean {
    const { status, q } = state.query;
    if (status && item.status !== status) return false;
    const words = q.trim().toLowerCase();
    return !words || nameOf(item).toLowerCase().includes(words);
  }

  /** Where the sort order puts a live arrival, if that is within the loaded pages. */
  function inserted(item: CaseItem): Partial<ReviewQueueState> {
    const key = (c: CaseItem) => c.submittedAt ?? '';
    const desc = state.query.sort === '-submittedAt';
    const before = (a: CaseItem, b: CaseItem) => (desc ? key(a) > key(b) : key(a) < key(b));
    const at = state.items.findIndex((known) => before(item, known));
    const items =
      at >= 0 ? [...state.items.slice(0, at), item, ...state.items.slice(at)] : state.nextCursor === null ? [...state.items, item] : state.items;
    return { items, total: state.total + 1 };
  }

  function markNew(item: CaseItem, change: Partial<ReviewQueueState> = {}) {
    set({ ...change, newIds: new Set([...state.newIds, item.id]) });
    notify({ type: 'arrival', item });
  }

  function onStreamMessage(message: StreamMessage) {
    if (!CASE_EVENTS.includes(message.event)) return;
    let item: CaseItem;
    try {
      item = JSON.parse(message.data) as CaseItem;
    } catch {
      return;
    }
    if (!item?.id) return;
    scheduleCount();
    const before = state.items.find((known) => known.id === item.id);
    if (before) {
      set({ items: state.items.map((known) => (known.id === item.id ? item : known)) });
      if (message.event === 'case.submitted' && before.status !== 'pending_review') markNew(item);
    } else if (state.listState === 'ready' && matchesList(item)) {
      markNew(item, inserted(item));
    }
    if (state.caseId === item.id && state.detail && item.version > state.detail.version) set({ liveChange: item.status });
  }

  function stop() {
    stopStream?.();
    stopStream = undefined;
    listAbort?.abort();
    caseAbort?.abort();
    clearTimeout(countTimer);
  }

  /** (Re)loads everything and opens the stream; does nothing without a key. */
  function start() {
    stop();
    set({ authFailed: false });
    if (!options.token) return;
    meAsked = false;
    void loadList();
    void loadCount();
    if (state.caseId) void loadCase(state.caseId);
    stopStream = openEventStream({
      api: options.api || '/api/v1',
      path: '/cases/stream',
      token: options.token,
      onMessage: onStreamMessage,
      onOpen: (reconnected) => {
        if (!reconnected) return;
        // Catch up with whatever happened while the stream was down.
        void loadList({ limit: Math.min(100, Math.max(pageSize(), state.items.length)) });
        void loadCount();
        if (state.caseId) void loadCase(state.caseId, { quiet: true });
      },
      onFatal: fail,
    });
  }

  /** A refused action: a 409 reloads the case and says who or what got there first. */
  async function refusal(error: unknown): Promise<ActionResult> {
    if (!(error instanceof KycApiError)) {
      fail(error);
      return { ok: false };
    }
    if (error.status === 401) return { ok: false };
    if (error.status !== 409) return { ok: false, error };
    const before = state.detail;
    if (before) await loadCase(before.id, { quiet: true });
    const after = state.detail;
    let conflict: Conflict = { kind: 'changed' };
    const open = (status?: string) => status === 'pending_review' || status === 'pending_second_review';
    if (after && before && after.status !== before.status && open(before.status) && !open(after.status))
      conflict = { kind: 'decided', status: after.status, by: deciderOf(after) };
    else if (after?.assignee && after.assignee !== state.me) conflict = { kind: 'held', by: after.assignee };
    return { ok: false, conflict, error };
  }

  /** Runs one action on the open case, one at a time. */
  async function act(run: (detail: CaseDetail) => Promise<CaseDetail>, canRun = (d: CaseDetail) => !!d): Promise<ActionResult> {
    const detail = state.detail;
    if (!detail || state.busy || !canRun(detail)) return { ok: false };
    set({ busy: true });
    try {
      const updated = await run(detail);
      return { ok: true, detail: updated };
    } catch (error) {
      return await refusal(error);
    } finally {
      set({ busy: false });
    }
  }

  const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

  /** Sends a decision (or a second-stage answer) with the version the reviewer saw. */
  async function postDecision(detail: CaseDetail, body: object): Promise<CaseDetail> {
    const updated = await call<CaseDetail>(`${casePath(detail.id)}/decision`, { method: 'POST', json: { ...body, version: detail.version } });
    if (Array.isArray(updated.history) && Array.isArray(updated.documents)) setDetail(updated);
    else await loadCase(detail.id, { quiet: true });
    void loadCount(); // the header follows at once, stream or not
    return state.detail ?? updated;
  }


  const commands = reviewerCommands({ call, act, fail, set, getState: () => state, postDecision, casePath, loadCase });

  return {
    getSnapshot: (): ReviewQueueState => state,
    subscribe(listener: (state: ReviewQueueState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onNotice(listener: (notice: ReviewNotice) => void): () => void {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    /** The BFF, key and page size now in force (call `start` to reload with them). */
    configure(next: ReviewQueueOptions) {
      options = next;
    },
    get options(): Readonly<ReviewQueueOptions> {
      return options;
    },
    start,
    /** Closes the stream and stops pending calls (`start` picks up again). */
    stop,

    /** Changes the list's query and loads its first page. */
    setQuery(change: Partial<ListQuery>) {
      set({ query: { ...state.query, ...change } });
      return loadList();
    },
    /** Reloads the first page (`limit` to reload more than a page). */
    loadList: (opts: { limit?: number } = {}) => loadList(opts),
    /** The next page after the cursor. */
    loadMore: () => loadList({ append: true }),

    /** Opens a case (`null` closes it); resolves when it is loaded. */
    async openCase(id: string | null) {
      if (state.caseId === id) return;
      caseAbort?.abort();
      const ids = new Set(state.newIds);
      if (id) ids.delete(id);
      // Back to the list: rows that no longer match its query (decided here or
      // elsewhere while the case was open) leave it, as a reload would show.
      const items = id ? state.items : state.items.filter(matchesList);
      const total = state.total - state.items.length + items.length;
      set({ caseId: id, detail: null, caseState: 'loading', liveChange: null, newIds: ids, items, total });
      if (id) await loadCase(id);
    },
    /** Loads the open case again (after a live change, or a 409). */
    reloadCase: (opts: { quiet?: boolean } = {}) => (state.caseId ? loadCase(state.caseId, opts) : Promise.resolve()),

    claim: () =>
      act(async (detail) => {
        const updated = await call<CaseDetail>(`${casePath(detail.id)}/assignment`, { method: 'POST', json: { version: detail.version } });
        set({ me: updated.assignee });
        setDetail(updated);
        return updated;
      }),
    release: () =>
      act(async (detail) => {
        const updated = await call<CaseDetail>(`${casePath(detail.id)}/assignment`, { method: 'DELETE' });
        setDetail(updated);
        return updated;
      }),
    /** Sends a decision with the version the reviewer saw. */
    decide: (decision: Omit<DecisionBody, 'version'>) => act((detail) => postDecision(detail, decision), (detail) => detail.status === 'pending_review'),

    // Four eyes and notes (four-eyes.ts): confirm, returnProposal, addNote, loadMe.
    ...commands,

    /** Stops for good. */
    destroy() {
      stop();
      listeners.clear();
      noticeListeners.clear();
    },
  };
}
