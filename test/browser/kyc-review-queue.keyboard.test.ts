// Every shortcut with real key presses (j k Enter a r s Esc ?), none while typing, all without a mouse.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import {
  asReviewer,
  byName,
  eventually,
  mountQueue,
  rememberUrl,
  reviewerKey,
  rowNames,
  seedCase,
  shadow,
  uniqueName,
} from './review-helpers.js';

const alice = asReviewer(reviewerKey);
const focused = (el: HTMLElement) => shadow(el).activeElement as HTMLElement | null;
const focusedIndex = (el: HTMLElement) => focused(el)?.dataset.index;
const openDialog = (el: HTMLElement) => shadow(el).querySelector<HTMLDialogElement>('dialog[open]')?.dataset.name;
const press = (key: string) => sendKeys({ press: key });

describe('<kyc-review-queue> keyboard', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('j/k move, Enter opens, ? helps, r/s open dialogs, Esc goes back, a approves (Enter confirms) — and nothing fires while typing', async () => {
    const lastName = uniqueName('Keys');
    const kay = await seedCase({ firstName: 'Kay', lastName });
    const lee = await seedCase({ firstName: 'Lee', lastName });
    const max = await seedCase({ firstName: 'Max', lastName });
    const el = await mountQueue<KycReviewQueue>({ basePath: '/keys' });

    // Typing in the search field (the surname has letters like j, k, a, r, s) triggers nothing.
    const search = byName<HTMLInputElement>(shadow(el), 'input', 'Search by name');
    search.focus();
    await sendKeys({ type: `${lastName} jkars?` });
    expect(search.value).to.equal(`${lastName} jkars?`);
    expect(openDialog(el)).to.equal(undefined);
    expect(focused(el)).to.equal(search);
    for (let i = 0; i < 7; i++) await press('Backspace');
    await eventually(() => rowNames(el).length === 3, 'three rows');
    expect(rowNames(el)).to.deep.equal([`Kay ${lastName}`, `Lee ${lastName}`, `Max ${lastName}`]);

    // Tab reaches the rows.
    for (let i = 0; i < 6 && focusedIndex(el) === undefined; i++) await press('Tab');
    expect(focusedIndex(el)).to.equal('0');
    await press('j');
    expect(focusedIndex(el)).to.equal('1');
    await press('k');
    expect(focusedIndex(el)).to.equal('0');
    await press('j');
    await press('j');
    await press('j'); // stays on the last
    expect(focusedIndex(el)).to.equal('2');

    // Enter opens the case; focus moves to its heading.
    const listPath = location.pathname;
    await press('Enter');
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Max ${lastName}`, 'Max opened');
    expect(location.pathname).to.equal(`/keys/cases/${max.id}`);
    await eventually(() => focused(el)?.id === 'case-heading', 'heading focused');

    // ? shows every shortcut; Esc closes the dialog and stays in the case.
    await press('?');
    await eventually(() => openDialog(el) === 'help', 'help');
    const help = shadow(el).querySelector('dialog[data-name="help"]')!.textContent!;
    for (const key of ['j', 'k', 'Enter', 'a', 'r', 's', 'Esc', '?']) expect(help).to.include(key);
    await expect(el).to.be.accessible();
    await press('Escape');
    await eventually(() => openDialog(el) === undefined, 'help closed');
    expect(location.pathname).to.equal(`/keys/cases/${max.id}`);

    // r opens Reject; typing a, s, r, Escape-free text in its Reason field does nothing else.
    await press('r');
    await eventually(() => openDialog(el) === 'reject', 'reject dialog');
    byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason').focus();
    await sendKeys({ type: 'a s r j k ?' });
    expect(byName<HTMLTextAreaElement>(shadow(el), 'textarea', 'Reason').value).to.equal('a s r j k ?');
    expect(openDialog(el)).to.equal('reject');
    expect((await alice.getCase(max.id)).status).to.equal('pending_review');
    await press('Escape');
    await eventually(() => openDialog(el) === undefined, 'reject closed');
    expect(location.pathname).to.equal(`/keys/cases/${max.id}`);

    // s opens the resubmission request.
    await press('s');
    await eventually(() => openDialog(el) === 'resubmit', 'resubmit dialog');
    await press('Escape');
    await eventually(() => openDialog(el) === undefined, 'resubmit closed');

    // Esc goes back to the list, focus on the case we came from.
    await press('Escape');
    await eventually(() => rowNames(el).length === 3, 'list again');
    // (Back in history: where the list was shown.)
    expect(location.pathname).to.equal(listPath);
    await eventually(() => focused(el)?.dataset.caseId === max.id, 'focus back on Max');
    // a does nothing in the list.
    await press('a');
    expect((await alice.getCase(max.id)).status).to.equal('pending_review');

    // k to Lee, Enter, a approves.
    await press('k');
    expect(focused(el)?.dataset.caseId).to.equal(lee.id);
    await press('Enter');
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Lee ${lastName}`, 'Lee opened');
    await press('a');
    await eventually(() => openDialog(el) === 'approve', 'approve dialog');
    await press('Enter');
    await eventually(async () => (await alice.getCase(lee.id)).status === 'approved', 'Lee approved');
    await eventually(() => shadow(el).querySelector('#case-message')!.textContent!.includes('Approved.'), 'says approved');
    expect((await alice.getCase(kay.id)).status).to.equal('pending_review');
  });

  it('shortcuts work with nothing focused, and not when focus is in the host page', async () => {
    const lastName = uniqueName('Body');
    await seedCase({ firstName: 'Bo', lastName });
    const el = await mountQueue<KycReviewQueue>({ basePath: '/keys' });
    const search = byName<HTMLInputElement>(shadow(el), 'input', 'Search by name');
    search.focus();
    await sendKeys({ type: lastName });
    await eventually(() => rowNames(el).length === 1, 'one row');

    // Focus in the host page's own field: our keys stay out of the way.
    const hostInput = document.createElement('button');
    hostInput.textContent = 'Host button';
    document.body.append(hostInput);
    try {
      hostInput.focus();
      await press('j');
      await press('?');
      expect(document.activeElement).to.equal(hostInput);
      expect(openDialog(el)).to.equal(undefined);

      // Nothing focused: j picks the first case.
      hostInput.blur();
      expect(document.activeElement).to.equal(document.body);
      await press('j');
      expect(focusedIndex(el)).to.equal('0');
    } finally {
      hostInput.remove();
    }
  });
});
