// Issue 16's queue items, through the real element and BFF: each test failed before its fix.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import {
  asReviewer,
  byName,
  eventually,
  fill,
  mountQueue,
  queryByName,
  rememberUrl,
  resubmit,
  reviewerKey,
  rowNames,
  searchFor,
  seedCase,
  shadow,
  uniqueName,
  type SeededCase,
} from './review-helpers.js';

const alice = asReviewer(reviewerKey);
const bob = asReviewer();
const text = (el: HTMLElement) => shadow(el).textContent!.replace(/\s+/g, ' ');
const openDialog = (el: HTMLElement) => shadow(el).querySelector<HTMLDialogElement>('dialog[open]')?.dataset.name;

async function openCase(seed: SeededCase, locale = 'en') {
  history.replaceState(null, '', `/review/cases/${seed.id}`);
  const el = await mountQueue<KycReviewQueue>({ basePath: '/review', locale });
  await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `${seed.firstName} ${seed.lastName}`, 'case heading');
  return el;
}

const frontImage = (el: HTMLElement) => shadow(el).querySelector<HTMLImageElement>('img[data-item="id_card/front"]');
const decoded = (img: HTMLImageElement | null) => !!img && img.complete && img.naturalWidth > 0;

describe('<kyc-review-queue> issue 16', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('item 1: after "Reload the case" every figure shows its current version; an older one only when picked, marked not current', async () => {
    const seed = await seedCase({ firstName: 'Vera' });
    const el = await openCase(seed);
    const first = seed.uploads['id_card/front'];
    await eventually(() => decoded(frontImage(el)) && frontImage(el)!.dataset.documentId === first, 'version 1 shown');

    await bob.decide(seed.id, { outcome: 'request_resubmission', items: [{ document: 'id_card/front', reason: 'Blurry' }] });
    await resubmit(seed, ['id_card/front']);
    const reload = await eventually(() => queryByName(shadow(el), 'button', 'Reload the case'), 'reload offered');
    reload.click();
    const current = seed.uploads['id_card/front'];
    expect(current).not.to.equal(first);
    await eventually(() => decoded(frontImage(el)) && frontImage(el)!.dataset.documentId === current, 'the current version shown');
    const caption = () => frontImage(el)!.closest('figure')!.querySelector('figcaption')!.textContent!.replace(/\s+/g, ' ');
    expect(caption()).to.match(/Version 2, .*\(current\)/);

    byName(shadow(el), 'button', /^ID card front: Version 1, /).click();
    await eventually(() => frontImage(el)!.dataset.documentId === first, 'version 1 picked');
    expect(caption()).to.match(/Version 1, .*\(not current\)/);
    expect(frontImage(el)!.alt).to.include('not current');
  });

  it('item 4: the reviewer’s own decision updates the list and the header counts', async () => {
    const lastName = uniqueName('Own');
    const ann = await seedCase({ firstName: 'Ann', lastName });
    await seedCase({ firstName: 'Ben', lastName });
    await seedCase({ firstName: 'Cid', lastName });
    const el = await mountQueue<KycReviewQueue>();
    await searchFor(el, lastName, [`Ann ${lastName}`, `Ben ${lastName}`, `Cid ${lastName}`]);
    const countOf = () => Number(shadow(el).querySelector('[part="count"]')!.textContent!.match(/\d+/)?.[0] ?? NaN);
    await eventually(() => !Number.isNaN(countOf()), 'count');
    expect(text(el)).to.include('Showing 3 of 3');
    const before = countOf();

    shadow(el).querySelector<HTMLAnchorElement>(`a[data-case-id="${ann.id}"]`)!.click();
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Ann ${lastName}`, 'Ann opened');
    byName(shadow(el), 'button', 'Reject').click();
    await eventually(() => openDialog(el) === 'reject', 'reject dialog');
    fill(byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason'), 'Expired');
    byName(shadow(el), 'dialog[open] button', 'Reject').click();
    await eventually(async () => (await alice.getCase(ann.id)).status === 'rejected', 'rejected');
    await eventually(() => text(el).includes('Rejected.'), 'says rejected');

    byName(shadow(el), 'a', '← Back to the list').click();
    await eventually(() => rowNames(el).length > 0, 'the list');
    expect(rowNames(el)).to.deep.equal([`Ben ${lastName}`, `Cid ${lastName}`]);
    expect(text(el)).to.include('Showing 2 of 2');
    await eventually(() => countOf() === before - 1, 'the waiting count is one less');
  });

  it('item 5: Approve asks first (button and the a key); Enter confirms, Cancel does nothing', async () => {
    const seed = await seedCase({ firstName: 'Abe' });
    const el = await openCase(seed);
    byName(shadow(el), 'button', 'Approve').click();
    await eventually(() => openDialog(el) === 'approve', 'approve dialog');
    await expect(el).to.be.accessible();
    byName(shadow(el), 'dialog[open] button', 'Cancel').click();
    await eventually(() => openDialog(el) === undefined, 'closed');
    expect((await alice.getCase(seed.id)).status).to.equal('pending_review');

    // The a key goes through the same step; Enter confirms (the confirming button has focus).
    shadow(el).querySelector<HTMLElement>('#case-heading')!.focus();
    await sendKeys({ press: 'a' });
    await eventually(() => openDialog(el) === 'approve', 'approve dialog from the key');
    expect((await alice.getCase(seed.id)).status).to.equal('pending_review');
    await sendKeys({ press: 'Enter' });
    await eventually(async () => (await alice.getCase(seed.id)).status === 'approved', 'approved');
    await eventually(() => openDialog(el) === undefined && text(el).includes('Approved.'), 'says approved');
  });

  it('item 9: a rotated image fits its frame, portrait, without scrolling', async () => {
    const seed = await seedCase({ firstName: 'Rolf' });
    const el = await openCase(seed);
    await eventually(() => decoded(frontImage(el)), 'front decoded');
    for (const turn of [90, 180, 270, 0]) {
      byName(shadow(el), 'button', 'Rotate ID card front').click();
      await eventually(() => frontImage(el)!.classList.contains(`rot-${turn}`), `rot-${turn}`);
      const img = frontImage(el)!.getBoundingClientRect();
      const frameEl = frontImage(el)!.closest<HTMLElement>('.frame')!;
      const frame = frameEl.getBoundingClientRect();
      expect(img.left, `${turn}°: left`).to.be.at.least(frame.left - 1);
      expect(img.top, `${turn}°: top`).to.be.at.least(frame.top - 1);
      expect(img.right, `${turn}°: right`).to.be.at.most(frame.right + 1);
      expect(img.bottom, `${turn}°: bottom`).to.be.at.most(frame.bottom + 1);
      expect(frameEl.scrollHeight, `${turn}°: no scrolling`).to.be.at.most(frameEl.clientHeight + 1);
      // The card's long side stands upright after a quarter turn.
      if (turn % 180) expect(img.height).to.be.greaterThan(img.width);
    }
  });

  it('item 10: no stale "Resubmission requested.", "You hold this case." once, status badges on one line', async () => {
    const seed = await seedCase({ firstName: 'Mona' });
    const el = await openCase(seed);
    byName(shadow(el), 'button', 'Claim').click();
    await eventually(() => queryByName(shadow(el), 'button', 'Release'), 'claimed');
    expect(text(el).split('You hold this case.').length - 1).to.equal(1);

    byName(shadow(el), 'button', 'Request resubmission').click();
    await eventually(() => openDialog(el) === 'resubmit', 'resubmit dialog');
    byName<HTMLInputElement>(shadow(el), 'input[type=checkbox]', 'ID card front').click();
    fill(byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason'), 'Blurry');
    byName(shadow(el), 'button', 'Send request').click();
    await eventually(() => shadow(el).querySelector('#case-message')!.textContent!.includes('Resubmission requested.'), 'message');

    await resubmit(seed, ['id_card/front']);
    (await eventually(() => queryByName(shadow(el), 'button', 'Reload the case'), 'reload offered')).click();
    await eventually(() => shadow(el).querySelector('.case-header [part="status"]')!.textContent === 'Waiting for review', 'waiting again');
    expect(text(el)).not.to.include('Resubmission requested.');

    // Badges: one line each, in German (the longest words), in the list at the widths of a portal.
    el.remove();
    const other = await seedCase({ firstName: 'Nils', lastName: seed.lastName });
    await bob.decide(other.id, { outcome: 'request_resubmission', items: [{ document: 'selfie', reason: 'Dark' }] });
    history.replaceState(null, '', '/review/');
    const list = await mountQueue<KycReviewQueue>({ locale: 'de' });
    fill(shadow(list).querySelector<HTMLSelectElement>('select[name="status"]')!, '');
    fill(shadow(list).querySelector<HTMLInputElement>('input[name="q"]')!, seed.lastName);
    await eventually(() => rowNames(list).length === 2, 'two rows');
    try {
      for (const width of [1280, 1024, 900, 768, 640, 480, 320]) {
        list.style.width = `${width}px`;
        await list.updateComplete;
        for (const badge of shadow(list).querySelectorAll<HTMLElement>('[part="status"]')) {
          const line = parseFloat(getComputedStyle(badge).lineHeight);
          expect(badge.getBoundingClientRect().height, `${width} px: "${badge.textContent}" on one line`).to.be.lessThan(line * 1.6);
        }
      }
    } finally {
      list.style.removeProperty('width');
    }
  });
  it('item 6: a common reason chosen as it is travels as a code, edited words as written; the dialog says which', async () => {
    const coded = await seedCase({ firstName: 'Cora' });
    const el = await openCase(coded);
    byName(shadow(el), 'button', 'Reject').click();
    await eventually(() => openDialog(el) === 'reject', 'reject dialog');
    const words = () => shadow(el).querySelector('#reject-words')!.textContent!.trim();
    expect(words()).to.equal('The applicant reads your words as written.');
    fill(byName<HTMLSelectElement>(shadow(el), 'select', 'Common reasons'), 'The document has expired');
    await eventually(() => words() === 'The applicant reads this in their own language.', 'coded hint');
    const reason = byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason');
    fill(reason, 'The document has expired (2019)');
    await eventually(() => words() === 'The applicant reads your words as written.', 'own words hint');
    fill(reason, 'The document has expired');
    await eventually(() => words() === 'The applicant reads this in their own language.', 'coded again');
    byName(shadow(el), 'dialog[open] button', 'Reject').click();
    await eventually(async () => (await alice.getCase(coded.id)).status === 'rejected', 'rejected');
    const stored = (await alice.getCase(coded.id)) as { decision: { reason: string | null; reasonCode?: string } };
    expect(stored.decision.reasonCode).to.equal('document_expired');
    expect(stored.decision.reason).to.equal(null);
    // The reviewer still reads it in words.
    await eventually(() => text(el).includes('Reason: The document has expired'), 'reason in words');

    // A resubmission: one item with a common reason, one with the reviewer's own words.
    el.remove();
    const mixed = await seedCase({ firstName: 'Mia' });
    const view = await openCase(mixed);
    byName(shadow(view), 'button', 'Request resubmission').click();
    await eventually(() => openDialog(view) === 'resubmit', 'resubmit dialog');
    fill(byName<HTMLInputElement>(shadow(view), 'input', 'Reason for ID card front'), 'There is glare on the document');
    fill(byName<HTMLInputElement>(shadow(view), 'input', 'Reason for Selfie'), 'Please take off the sunglasses');
    byName(shadow(view), 'button', 'Send request').click();
    await eventually(async () => (await alice.getCase(mixed.id)).status === 'resubmission_requested', 'requested');
    const items = ((await alice.getCase(mixed.id)) as { decision: { items: unknown[] } }).decision.items;
    expect(items).to.deep.equal([
      { document: 'id_card/front', reason: '', reasonCode: 'glare' },
      { document: 'selfie', reason: 'Please take off the sunglasses' },
    ]);
    await eventually(() => text(view).includes('ID card front (There is glare on the document); Selfie (Please take off the sunglasses)'), 'history in words');
  });
});
