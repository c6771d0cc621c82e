// One case against the real BFF: details, images, versions, history, claim, decisions and refusals.
import { expect, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import { KycCaseDecidedEvent, type KycReviewErrorEvent } from '../../components/kyc-review-queue/events.js';
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
  seedCase,
  shadow,
  type SeededCase,
} from './review-helpers.js';

const alice = asReviewer(reviewerKey);
const bob = asReviewer();

/** Opens the case through a deep link and waits for its heading. */
async function openCase(seed: SeededCase) {
  history.replaceState(null, '', `/review/cases/${seed.id}`);
  const el = await mountQueue<KycReviewQueue>({ basePath: '/review' });
  await eventually(
    () => shadow(el).querySelector('#case-heading')?.textContent === `${seed.firstName} ${seed.lastName}`,
    'case heading',
  );
  return el;
}

const dialogOpen = (el: HTMLElement, name: string) =>
  shadow(el).querySelector<HTMLDialogElement>(`dialog[data-name="${name}"]`)?.open === true;

const text = (el: HTMLElement) => shadow(el).textContent!.replace(/\s+/g, ' ');

/** Every image decoded (object URLs only, no key anywhere) and the count. */
async function decodedImages(el: HTMLElement, count: number) {
  return eventually(() => {
    const images = [...shadow(el).querySelectorAll<HTMLImageElement>('.figures img')];
    return images.length === count && images.every((img) => img.complete && img.naturalWidth > 0) && images;
  }, `${count} decoded images`);
}

describe('<kyc-review-queue> case', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('shows personal details, every side and the selfie (beside the front) through object URLs; is accessible', async () => {
    const seed = await seedCase({ firstName: 'Ida' });
    const el = await openCase(seed);
    const details = shadow(el).querySelector('dl')!.textContent!.replace(/\s+/g, ' ');
    expect(details).to.include(`Ida ${seed.lastName}`);
    expect(details).to.include('December 10, 1990');
    expect(details).to.include('United Kingdom (GB)');
    expect(details).to.include('ID card');

    const images = await decodedImages(el, 3);
    for (const img of images) {
      expect(img.src.startsWith('blob:')).to.equal(true);
      expect(img.src).not.to.include(reviewerKey);
    }
    // No key in any URL anywhere in the element.
    expect(shadow(el).innerHTML).not.to.include(reviewerKey);
    // Front, then the selfie beside it, then the back.
    expect(images.map((img) => img.dataset.item)).to.deep.equal(['id_card/front', 'selfie', 'id_card/back']);
    expect(images[0].alt).to.match(/^ID card front/);
    const [front, selfie] = [...shadow(el).querySelectorAll('.figure')].map((f) => f.getBoundingClientRect());
    expect(Math.abs(front.top - selfie.top)).to.be.lessThan(2);
    expect(selfie.left).to.be.greaterThan(front.left);
    await expect(el).to.be.accessible();
  });

  it('zooms, rotates and opens an image full size', async () => {
    const seed = await seedCase({ firstName: 'Zoe' });
    const el = await openCase(seed);
    const [front] = await decodedImages(el, 3);
    byName(shadow(el), 'button', 'Zoom in on ID card front').click();
    await eventually(() => shadow(el).querySelector<HTMLImageElement>('img[data-item="id_card/front"]')!.style.width === '150%', 'zoomed');
    byName(shadow(el), 'button', 'Zoom out of ID card front').click();
    await eventually(() => shadow(el).querySelector<HTMLImageElement>('img[data-item="id_card/front"]')!.style.width === '100%', 'zoomed out');
    byName(shadow(el), 'button', 'Rotate ID card front').click();
    await eventually(() => shadow(el).querySelector('img[data-item="id_card/front"]')!.classList.contains('rot-90'), 'rotated');
    expect(getComputedStyle(shadow(el).querySelector('img[data-item="id_card/front"]')!).transform).not.to.equal('none');

    byName(shadow(el), 'button', 'Open Selfie full size').click();
    await eventually(() => dialogOpen(el, 'full'), 'full-size dialog');
    const big = await eventually(() => {
      const img = shadow(el).querySelector<HTMLImageElement>('dialog[data-name="full"] img');
      return img?.complete && img.naturalWidth > 0 && img;
    }, 'full-size image');
    expect(big.src.startsWith('blob:')).to.equal(true);
    expect(big.naturalWidth).to.equal(320);
    expect(front.src).not.to.equal(big.src);
    await expect(el).to.be.accessible();
    byName(shadow(el), 'button', 'Close').click();
    await eventually(() => !dialogOpen(el, 'full'), 'closed');
  });

  it('approves after a confirm step; the history reads who did what, oldest first', async () => {
    const seed = await seedCase({ firstName: 'Amy' });
    const el = await openCase(seed);
    const decided = oneEvent(el, KycCaseDecidedEvent.eventName);
    byName(shadow(el), 'button', 'Approve').click();
    await eventually(() => dialogOpen(el, 'approve'), 'approve dialog');
    byName(shadow(el), 'dialog[open] button', 'Approve').click();
    const event = (await decided) as KycCaseDecidedEvent;
    expect(event.detail).to.deep.equal({ caseId: seed.id, outcome: 'approve' });
    expect(shadow(el).querySelector('dialog[open]')).to.equal(null);
    expect((await alice.getCase(seed.id)).status).to.equal('approved');
    await eventually(() => shadow(el).querySelector('.case-header [part="status"]')!.textContent === 'Approved', 'status');
    expect(byName<HTMLButtonElement>(shadow(el), 'button', 'Approve').disabled).to.equal(true);

    const lines = [...shadow(el).querySelectorAll('.history li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(lines[0]).to.match(/The application was started/);
    const submitted = lines.findIndex((l) => l.includes('The applicant submitted the case for review'));
    const approved = lines.findIndex((l) => l.includes('alice approved the case'));
    expect(submitted).to.be.greaterThan(0);
    expect(approved).to.equal(lines.length - 1);
    expect(lines.some((l) => l.includes('The applicant uploaded ID card front'))).to.equal(true);
    expect(text(el)).to.include('Approved by alice');
  });

  it('rejects only with a reason (confirmed in a dialog whose button is Reject); the dialog is accessible', async () => {
    const seed = await seedCase({ firstName: 'Rex' });
    const el = await openCase(seed);
    byName(shadow(el), 'button', 'Reject').click();
    await eventually(() => dialogOpen(el, 'reject'), 'reject dialog');
    await expect(el).to.be.accessible();

    // Without a reason it cannot be sent.
    byName(shadow(el), 'dialog[open] button', 'Reject').click();
    await eventually(() => shadow(el).querySelector('#reject-error')!.textContent === 'Give a reason.', 'reason error');
    const reason = byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(dialogOpen(el, 'reject')).to.equal(true);
    expect((await alice.getCase(seed.id)).status).to.equal('pending_review');

    // A common reason fills the field; the reviewer may edit it.
    fill(byName<HTMLSelectElement>(shadow(el), 'select', 'Common reasons'), 'The document has expired');
    expect(reason.value).to.equal('The document has expired');
    fill(reason, 'The document has expired (2019)');
    const decided = oneEvent(el, KycCaseDecidedEvent.eventName);
    byName(shadow(el), 'dialog[open] button', 'Reject').click();
    expect(((await decided) as KycCaseDecidedEvent).detail.outcome).to.equal('reject');
    const stored = (await alice.getCase(seed.id)) as { status: string; decision: { reason: string } };
    expect(stored.status).to.equal('rejected');
    expect(stored.decision.reason).to.equal('The document has expired (2019)');
    await eventually(() => !dialogOpen(el, 'reject'), 'dialog closed');
    expect(text(el)).to.include('Rejected.');
  });

  it('requests resubmission of ticked items, each with its own reason or one for all; earlier versions are one click away', async () => {
    const seed = await seedCase({ firstName: 'Sam' });
    const el = await openCase(seed);
    byName(shadow(el), 'button', 'Request resubmission').click();
    await eventually(() => dialogOpen(el, 'resubmit'), 'resubmit dialog');
    await expect(el).to.be.accessible();
    for (const name of ['ID card front', 'ID card back', 'Selfie'])
      expect(byName<HTMLInputElement>(shadow(el), 'input[type=checkbox]', name).checked).to.equal(false);

    // Nothing ticked: refused before anything is sent.
    byName(shadow(el), 'button', 'Send request').click();
    await eventually(() => shadow(el).querySelector('#resubmit-error')!.textContent === 'Tick at least one item.', 'items error');
    // Ticked without any reason: refused too.
    byName<HTMLInputElement>(shadow(el), 'input[type=checkbox]', 'ID card front').click();
    byName(shadow(el), 'button', 'Send request').click();
    await eventually(() => shadow(el).querySelector('#resubmit-error')!.textContent === 'Give a reason for ID card front.', 'reason error');
    expect((await alice.getCase(seed.id)).status).to.equal('pending_review');

    // One reason for all, and the selfie with its own.
    fill(byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason'), 'The photo is blurry');
    fill(byName<HTMLInputElement>(shadow(el), 'input', 'Reason for Selfie'), 'The face does not match');
    expect(byName<HTMLInputElement>(shadow(el), 'input[type=checkbox]', 'Selfie').checked).to.equal(true);
    const decided = oneEvent(el, KycCaseDecidedEvent.eventName);
    byName(shadow(el), 'button', 'Send request').click();
    expect(((await decided) as KycCaseDecidedEvent).detail.outcome).to.equal('request_resubmission');
    const stored = (await alice.getCase(seed.id)) as { status: string; decision: { items: unknown[] } };
    expect(stored.status).to.equal('resubmission_requested');
    // Both are common reasons word for word: they travel as codes (issue 16 item 6).
    expect(stored.decision.items).to.deep.equal([
      { document: 'id_card/front', reason: '', reasonCode: 'photo_blurry' },
      { document: 'selfie', reason: '', reasonCode: 'face_mismatch' },
    ]);

    // The applicant redoes both; the case is back, with the old versions kept.
    await resubmit(seed, ['id_card/front', 'selfie']);
    el.remove();
    const again = await openCase(seed);
    await decodedImages(again, 3);
    const current = shadow(again).querySelector<HTMLImageElement>('img[data-item="id_card/front"]')!;
    expect(current.dataset.documentId).to.equal(seed.uploads['id_card/front']);
    const versions = shadow(again).querySelectorAll<HTMLButtonElement>('.figure .versions button');
    expect(versions.length).to.equal(4); // two of the front, two of the selfie
    const older = byName<HTMLButtonElement>(shadow(again), 'button', /^ID card front: Version 1, /);
    expect(older.closest('.figure')!.querySelector('strong')!.textContent).to.equal('ID card front');
    older.click();
    await eventually(() => {
      const img = shadow(again).querySelector<HTMLImageElement>('img[data-item="id_card/front"]');
      return img && img.dataset.documentId !== seed.uploads['id_card/front'] && img.complete && img.naturalWidth > 0;
    }, 'earlier version shown');
    expect(older.getAttribute('aria-pressed')).to.equal('true');
    expect(text(again)).to.include('The applicant resubmitted the case');
    expect(text(again)).to.include('alice asked the applicant to redo ID card front (The photo is blurry); Selfie (The face does not match)');
  });

  it('claims and releases a case', async () => {
    const seed = await seedCase({ firstName: 'Cleo' });
    const el = await openCase(seed);
    expect(text(el)).to.include('Unassigned');
    byName(shadow(el), 'button', 'Claim').click();
    await eventually(() => queryByName(shadow(el), 'button', 'Release'), 'release button');
    expect(text(el)).to.include('You hold this case.');
    expect((await alice.getCase(seed.id)).assignee).to.equal('alice');
    byName(shadow(el), 'button', 'Release').click();
    await eventually(() => queryByName(shadow(el), 'button', 'Claim'), 'claim button');
    expect((await alice.getCase(seed.id)).assignee).to.equal(null);
  });

  it('explains a 409 when another reviewer (bob) decided first, reloads, and never overwrites', async () => {
    const seed = await seedCase({ firstName: 'Otto' });
    const el = await openCase(seed);
    await bob.decide(seed.id, { outcome: 'approve' });
    const errors: KycReviewErrorEvent[] = [];
    el.addEventListener('kyc-error', (e) => errors.push(e as KycReviewErrorEvent));

    byName(shadow(el), 'button', 'Reject').click();
    await eventually(() => dialogOpen(el, 'reject'), 'reject dialog');
    fill(byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason'), 'Too late');
    byName(shadow(el), 'dialog[open] button', 'Reject').click();

    const notice = await eventually(() => shadow(el).querySelector('#case-notice')!.textContent!.trim(), 'notice');
    expect(notice).to.include('bob already decided this case (Approved)');
    expect(notice).to.include('Nothing was overwritten');
    expect(errors.map((e) => e.detail.code)).to.include('conflict');
    expect(shadow(el).querySelector('.case-header [part="status"]')!.textContent).to.equal('Approved');
    expect(dialogOpen(el, 'reject')).to.equal(false);
    const stored = (await alice.getCase(seed.id)) as { status: string; decision: { outcome: string } };
    expect(stored.status).to.equal('approved');
    expect(stored.decision.outcome).to.equal('approve');
  });

  it('explains a 409 when bob holds the case, and a stale version ("changed since you opened it")', async () => {
    const held = await seedCase({ firstName: 'Hal' });
    const el = await openCase(held);
    await bob.claim(held.id);
    byName(shadow(el), 'button', 'Claim').click();
    await eventually(() => shadow(el).querySelector('#case-notice')!.textContent!.includes('bob holds this case'), 'held notice');
    expect((await alice.getCase(held.id)).assignee).to.equal('bob');
    el.remove();

    const stale = await seedCase({ firstName: 'Stan' });
    const view = await openCase(stale);
    await bob.claim(stale.id);
    // bob lets go again: nobody holds it, but it is no longer the version alice saw.
    const { api, otherReviewerKey } = await import('./review-helpers.js');
    await fetch(`${api}/cases/${stale.id}/assignment`, { method: 'DELETE', headers: { authorization: `Bearer ${otherReviewerKey}` } });
    const approve = async () => {
      byName(shadow(view), 'button', 'Approve').click();
      await eventually(() => dialogOpen(view, 'approve'), 'approve dialog');
      byName(shadow(view), 'dialog[open] button', 'Approve').click();
    };
    await approve();
    await eventually(
      () => shadow(view).querySelector('#case-notice')!.textContent!.includes('This case changed since you opened it'),
      'stale notice',
    );
    expect((await alice.getCase(stale.id)).status).to.equal('pending_review');
    // Reloaded: now the decision goes through.
    await eventually(() => !dialogOpen(view, 'approve'), 'dialog closed');
    await approve();
    await eventually(async () => (await alice.getCase(stale.id)).status === 'approved', 'approved after reload');
  });

  it('personal details: each date or country on one line, its label beside it (above it on a phone); the selfie stays beside the front', async () => {
    const seed = await seedCase({ firstName: 'Lin' });
    const el = await openCase(seed);
    await decodedImages(el, 3);
    const pairs = () =>
      // Every row but the name (test surnames are long random words): dates, countries, the document.
      [...shadow(el).querySelectorAll<HTMLElement>('.details dt')].filter((dt) => dt.textContent !== 'Name').map((dt) => {
        const dd = dt.nextElementSibling as HTMLElement;
        const line = parseFloat(getComputedStyle(dd).lineHeight);
        const [label, value] = [dt.getBoundingClientRect(), dd.getBoundingClientRect()];
        return { text: dd.textContent!.trim(), lines: Math.round(value.height / line), beside: Math.abs(label.top - value.top) < 2, above: value.top >= label.bottom - 1 };
      });
    const figureTops = () => [...shadow(el).querySelectorAll('.figure')].slice(0, 2).map((figure) => Math.round(figure.getBoundingClientRect().top));
    // The element's widths in the demo's backoffice at 1280, 1024 and 768 px, and just wide enough for two columns.
    try {
      for (const width of [1025, 961, 769, 722]) {
        el.style.width = `${width}px`;
        await el.updateComplete;
        expect(pairs()).to.have.length(5);
        for (const pair of pairs()) {
          expect(pair.lines, `${width} px: "${pair.text}" on one line`).to.equal(1);
          expect(pair.beside, `${width} px: the label beside "${pair.text}"`).to.equal(true);
        }
        const [front, selfie] = figureTops();
        expect(front, `${width} px: the selfie beside the front`).to.equal(selfie);
      }
      // The details beside the documents from 60rem on.
      el.style.width = '1025px';
      const [details, documents] = ['.details', '.documents'].map((s) => shadow(el).querySelector(s)!.getBoundingClientRect());
      expect(Math.abs(details.top - documents.top)).to.be.lessThan(2);
      // A phone (the backoffice at 320 px): labels above their values, which still do not break.
      el.style.width = '290px';
      for (const pair of pairs()) {
        expect(pair.above, `290 px: the label above "${pair.text}"`).to.equal(true);
        expect(pair.lines, `290 px: "${pair.text}" on one line`).to.equal(1);
      }
    } finally {
      el.style.removeProperty('width');
    }
  });

  it('fits a 320 px wide screen: no sideways scrolling in the list or the case', async () => {
    const seed = await seedCase({ firstName: 'Tiny' });
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mountQueue<KycReviewQueue>({ basePath: '/review' });
      fill(byName<HTMLInputElement>(shadow(el), 'input', 'Search by name'), seed.lastName);
      await eventually(() => shadow(el).querySelector(`a[data-case-id="${seed.id}"]`), 'row');
      const base = shadow(el).querySelector<HTMLElement>('[part="base"]')!;
      expect(el.getBoundingClientRect().width).to.be.at.most(320);
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      shadow(el).querySelector<HTMLAnchorElement>(`a[data-case-id="${seed.id}"]`)!.click();
      await decodedImages(el, 3);
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      byName(shadow(el), 'button', 'Request resubmission').click();
      await eventually(() => dialogOpen(el, 'resubmit'), 'dialog');
      const dialog = shadow(el).querySelector<HTMLDialogElement>('dialog[open]')!;
      expect(dialog.getBoundingClientRect().right).to.be.at.most(320);
      expect(dialog.scrollWidth).to.be.at.most(dialog.clientWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
