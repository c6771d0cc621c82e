// The queue against the real BFF: list, filter, search, sort, pagination, live updates, 401.
import { expect } from '@open-wc/testing';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewErrorEvent } from '../../components/kyc-review-queue/events.js';
import {
  api,
  asReviewer,
  byName,
  eventually,
  fill,
  mountQueue,
  queryByName,
  rememberUrl,
  rowNames,
  searchFor,
  seedCase,
  shadow,
  uniqueName,
} from './review-helpers.js';

const rowOf = (el: HTMLElement, name: string) =>
  [...shadow(el).querySelectorAll('tbody tr')].find((tr) => tr.querySelector('a')?.textContent?.trim() === name);

describe('<kyc-review-queue> list', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('lists submitted cases with name link, document, status, times and assignee; is accessible', async () => {
    const lastName = uniqueName('Row');
    const seed = await seedCase({ firstName: 'Rita', lastName });
    const el = await mountQueue<KycReviewQueue>({ basePath: '/portal/kyc' });
    await searchFor(el, lastName, [`Rita ${lastName}`]);

    const row = rowOf(el, `Rita ${lastName}`)!;
    const link = row.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal(`/portal/kyc/cases/${seed.id}`);
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim());
    expect(cells[0]).to.equal('ID card');
    expect(cells[1]).to.equal('Waiting for review');
    expect(row.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
    expect(cells[3]).to.match(/under a minute|\d+ min/);
    expect(cells[4]).to.equal('Unassigned');
    // The waiting count is there and counts at least this case.
    const count = await eventually(() => shadow(el).querySelector('[part="count"]')!.textContent!.trim(), 'count');
    expect(Number(count.match(/\d+/)?.[0])).to.be.greaterThan(0);
    expect(count).to.match(/waiting for review/);
    await expect(el).to.be.accessible();
  });

  it('filters by status (default: waiting for review), searches by name, sorts both ways and pages with the cursor', async () => {
    const lastName = uniqueName('Page');
    // Seeded one after the other, so submitted in this order.
    const ann = await seedCase({ firstName: 'Ann', lastName });
    await seedCase({ firstName: 'Ben', lastName });
    await seedCase({ firstName: 'Cid', lastName });
    const el = await mountQueue<KycReviewQueue>({ pageSize: 2 });

    const status = byName<HTMLSelectElement>(shadow(el), 'select', 'Status');
    expect(status.value).to.equal('pending_review');

    // Oldest first by default, two a page, "Load more" follows the cursor.
    await searchFor(el, lastName, [`Ann ${lastName}`, `Ben ${lastName}`]);
    expect(shadow(el).textContent).to.include('Showing 2 of 3');
    byName(shadow(el), 'button', 'Load more').click();
    await eventually(() => rowNames(el).length === 3, 'third row');
    expect(rowNames(el)).to.deep.equal([`Ann ${lastName}`, `Ben ${lastName}`, `Cid ${lastName}`]);
    expect(queryByName(shadow(el), 'button', 'Load more')).to.equal(undefined);

    // Newest first.
    fill(byName<HTMLSelectElement>(shadow(el), 'select', 'Sort'), '-submittedAt');
    await eventually(() => rowNames(el).join() === [`Cid ${lastName}`, `Ben ${lastName}`].join(), 'newest first');
    byName(shadow(el), 'button', 'Load more').click();
    await eventually(() => rowNames(el).length === 3, 'third row');
    expect(rowNames(el)).to.deep.equal([`Cid ${lastName}`, `Ben ${lastName}`, `Ann ${lastName}`]);

    // A narrower search (case-insensitive).
    await searchFor(el, `BEN ${lastName.toUpperCase()}`, [`Ben ${lastName}`]);
    await searchFor(el, lastName, [`Cid ${lastName}`, `Ben ${lastName}`]);

    // Another reviewer approves Ann: she leaves "waiting", appears under "Approved" and "All statuses".
    await asReviewer().decide(ann.id, { outcome: 'approve' });
    fill(status, 'approved');
    await eventually(() => rowNames(el).join() === `Ann ${lastName}`, 'approved filter');
    expect(rowOf(el, `Ann ${lastName}`)!.textContent).to.include('Approved');
    fill(status, '');
    await eventually(() => rowNames(el).length === 2 && !!queryByName(shadow(el), 'button', 'Load more'), 'all, page 1');
    byName(shadow(el), 'button', 'Load more').click();
    await eventually(() => rowNames(el).length === 3, 'all statuses');
    fill(status, 'pending_review');
    await eventually(() => rowNames(el).join() === [`Cid ${lastName}`, `Ben ${lastName}`].join(), 'back to waiting');
    expect(queryByName(shadow(el), 'button', 'Load more')).to.equal(undefined);
  });

  it('shows a case submitted during the test live, marks it new, keeps the count current and follows its decision', async () => {
    const lastName = uniqueName('Live');
    const el = await mountQueue<KycReviewQueue>();
    await searchFor(el, lastName);
    await eventually(() => shadow(el).textContent!.includes('No cases match.'), 'empty list');
    const countOf = () => Number(shadow(el).querySelector('[part="count"]')!.textContent!.match(/\d+/)?.[0] ?? NaN);
    await eventually(() => !Number.isNaN(countOf()), 'count');
    const before = countOf();

    const seed = await seedCase({ firstName: 'Liv', lastName });
    const row = await eventually(() => rowOf(el, `Liv ${lastName}`), 'live row');
    expect(row.querySelector('[part="new-badge"]')!.textContent).to.equal('New');
    expect(shadow(el).querySelector('[role="status"]')!.textContent).to.include(`New case: Liv ${lastName}`);
    await eventually(() => countOf() >= before + 1, 'count up');

    await asReviewer().decide(seed.id, { outcome: 'reject', reason: 'Test' });
    await eventually(() => rowOf(el, `Liv ${lastName}`)?.textContent?.includes('Rejected'), 'decided live');
  });

  it('catches up after the stream drops: a case submitted while it was down appears after the reconnect', async () => {
    const realFetch = window.fetch;
    let drop: AbortController | undefined;
    let gate: Promise<void> | undefined;
    let opens = 0;
    // Only the network between the element and the BFF is touched: the stream can be cut and held.
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.endsWith('/cases/stream')) return realFetch(input, init);
      if (gate) await gate;
      opens += 1;
      drop = new AbortController();
      const signals = [drop.signal, init?.signal].filter(Boolean) as AbortSignal[];
      return realFetch(input, { ...init, signal: AbortSignal.any(signals) });
    };
    try {
      const lastName = uniqueName('Drop');
      const el = await mountQueue<KycReviewQueue>();
      await searchFor(el, lastName);
      await eventually(() => shadow(el).textContent!.includes('No cases match.') && opens === 1, 'stream open');

      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      drop!.abort();
      await seedCase({ firstName: 'Dora', lastName });
      // Nothing could have told the element yet: its stream is down.
      expect(rowNames(el)).to.deep.equal([]);
      gate = undefined;
      open();
      await eventually(() => rowNames(el).includes(`Dora ${lastName}`), 'caught up after reconnect');
      expect(opens).to.equal(2);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('says "sign in again" on a 401, fires kyc-error once and stops calling (no loop); a new key recovers', async () => {
    const realFetch = window.fetch;
    let calls = 0;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).startsWith(api)) calls += 1;
      return realFetch(input, init);
    };
    try {
      const errors: KycReviewErrorEvent[] = [];
      document.addEventListener('kyc-error', (e) => errors.push(e as KycReviewErrorEvent));
      const el = await mountQueue<KycReviewQueue>({ token: 'not-a-reviewer-key' });
      const alert = shadow(el).querySelector('[role="alert"]')!;
      await eventually(() => alert.textContent!.includes('sign in again'), 'sign in again');
      expect(errors.length).to.be.greaterThan(0);
      expect(errors[0].detail.code).to.equal('unauthorized');
      // Longer than the stream's first backoff: nothing is retried.
      const settled = calls;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(calls).to.equal(settled);
      expect(calls).to.be.at.most(3);
      expect(errors.filter((e) => e.detail.code === 'unauthorized')).to.have.length(1);

      // Setting the right key as a property starts over.
      const { reviewerKey } = await import('./review-helpers.js');
      el.token = reviewerKey;
      await eventually(() => !alert.textContent!.includes('sign in again'), 'recovered');
      await eventually(() => shadow(el).querySelector('[part="count"]')!.textContent!.includes('waiting'), 'count');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('speaks German with locale="de" and takes string overrides', async () => {
    const lastName = uniqueName('De');
    await seedCase({ firstName: 'Dirk', lastName });
    const el = await mountQueue<KycReviewQueue>({ locale: 'de' });
    const search = byName<HTMLInputElement>(shadow(el), 'input', 'Nach Namen suchen');
    fill(search, lastName);
    await eventually(() => rowNames(el).join() === `Dirk ${lastName}`, 'row');
    expect(shadow(el).textContent).to.include('Wartet auf Prüfung');
    expect(shadow(el).textContent).to.include('Personalausweis');
    el.strings = { loadMore: 'Weitere' };
    el.locale = 'en';
    await el.updateComplete;
    expect(shadow(el).textContent).to.include('Waiting for review');
  });
});
