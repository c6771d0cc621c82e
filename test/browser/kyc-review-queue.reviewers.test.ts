// The notes panel and the second review (reviewers.md), rendered against the real four-eyes BFF:
// what each person sees, what each button sends, and axe on every screen.
import { expect, fixture, fixtureCleanup, html as testHtml } from '@open-wc/testing';
import { html, render, type CSSResult } from 'lit';
import { documentItems } from '../../components/workflow/catalogue.js';
import { notesPanel, notesPanelStyles, type CaseNote } from '../../components/kyc-review-queue/notes-panel.js';
import { reviewerStrings } from '../../components/kyc-review-queue/reviewers.strings.js';
import { returnedNotice, secondReview, secondReviewStyles, type CaseProposal, type Me, type ReturnedProposal, type SecondReviewAnswer } from '../../components/kyc-review-queue/second-review.js';
import { LOCALES as queueStrings } from '../../components/kyc-review-queue/strings.js';
import { CASE_STATUSES } from '../../components/kyc-review-queue/types.js';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import { KycCaseDecidedEvent } from '../../components/kyc-review-queue/events.js';
import { byName, eventually, fill, makeImage, queryByName, rememberUrl, reviewerKey, rowNames, uniqueName } from './review-helpers.js';

const CONFIG_MODULE = '/__kyc-test-config.js';
const { fourEyesApi, seniorKey } = (await import(CONFIG_MODULE)) as { fourEyesApi: string; seniorKey: string };
const s = reviewerStrings.en;

async function call<T = any>(path: string, token: string | null, init: { method?: string; json?: unknown; body?: BodyInit } = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${fourEyesApi}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** An applicant's passport case, submitted through the applicant routes, on the four-eyes BFF. */
async function seed(): Promise<{ id: string; lastName: string }> {
  const created = (await call('/workflows', null, { method: 'POST', json: {} })).body;
  let version = created.version as number;
  const lastName = uniqueName('Eyes');
  const applicant = { firstName: 'Ada', lastName, dateOfBirth: '1990-12-10', country: 'GB' };
  const put = async (state: string, context: unknown) => (version = (await call(`/workflows/${created.id}/snapshot`, created.token, { method: 'PUT', json: { state, context, version } })).body.version);
  const upload = async (type: string, side: string | null) => {
    const form = new FormData();
    form.set('file', await makeImage(`${lastName} ${type}`), 'p.png');
    form.set('type', type);
    if (side) form.set('side', side);
    const doc = (await call(`/workflows/${created.id}/documents`, created.token, { method: 'POST', body: form })).body;
    version = doc.version;
    return doc.id as string;
  };
  await put('personal_details', { uploads: {} });
  await put('document_selection', { applicant, uploads: {} });
  const front = await upload('passport', 'front');
  const [item] = documentItems('passport');
  version = (await call(`/workflows/${created.id}/events`, created.token, { method: 'POST', json: { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { [item]: front }, version } })).body.version;
  await put('document_review', { applicant, documentType: 'passport', issuingCountry: 'GB', uploads: { [item]: front } });
  const selfie = await upload('selfie', null);
  await put('final', { applicant, documentType: 'passport', issuingCountry: 'GB', uploads: { [item]: front, selfie } });
  return { id: created.id, lastName };
}

const getCase = async (id: string, token: string) => (await call(`/cases/${id}`, token)).body;
const me = async (token: string): Promise<Me> => (await call('/reviewers/me', token)).body;

async function propose(id: string) {
  const { version } = await getCase(id, reviewerKey);
  const answer = await call(`/cases/${id}/decision`, reviewerKey, { method: 'POST', json: { outcome: 'reject', reason: 'The passport photo page is a photocopy', version } });
  expect(answer.status).to.equal(200);
  expect(answer.body.status).to.equal('pending_second_review');
  return answer.body;
}

/** A host with its own shadow root and the unit's styles, as the queue will hold it. */
async function host(styles: CSSResult) {
  const el = await fixture<HTMLDivElement>(testHtml`<div></div>`);
  const root = el.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [styles.styleSheet!];
  return { el, root };
}

const press = (root: ShadowRoot, name: RegExp) => byName<HTMLButtonElement>(root, 'button', name).click();

describe('second review (four eyes)', () => {
  it('a senior who is not the author sees the proposal with author and reason, and Confirm / Return; Return needs a reason and goes back to review', async () => {
    const { id } = await seed();
    await propose(id);
    const carol = await me(seniorKey);
    expect(carol.roles).to.include('kyc:senior');
    const { el, root } = await host(secondReviewStyles);
    const answers: SecondReviewAnswer[] = [];
    const draw = async () => {
      const current = await getCase(id, seniorKey);
      render(secondReview({ proposal: current.proposal as CaseProposal, me: carol, strings: s, locale: 'en', onAnswer: (a) => answers.push(a) }), root);
    };
    await draw();
    const text = root.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Waiting for a second review');
    expect(text).to.contain('Reject');
    expect(text).to.contain('Proposed by alice');
    expect(text).to.contain('The passport photo page is a photocopy');
    await expect(el).to.be.accessible();

    press(root, /^Return$/);
    expect(answers).to.deep.equal([], 'no reason, no return');
    expect(root.querySelector<HTMLElement>('.return-missing')!.hidden).to.equal(false);
    expect(root.activeElement?.id).to.equal('return-reason');
    await expect(el).to.be.accessible();

    root.querySelector<HTMLTextAreaElement>('#return-reason')!.value = 'The photo page looks genuine to me';
    press(root, /^Return$/);
    expect(answers).to.deep.equal([{ outcome: 'return', reason: 'The photo page looks genuine to me' }]);
    const { version } = await getCase(id, seniorKey);
    const returned = await call(`/cases/${id}/decision`, seniorKey, { method: 'POST', json: { ...answers[0], version } });
    expect(returned.body.status).to.equal('pending_review');

    render(returnedNotice({ returned: returned.body.returned as ReturnedProposal, strings: s, locale: 'en' }), root);
    expect(root.textContent).to.contain('The photo page looks genuine to me');
    expect(root.textContent).to.contain('Returned by carol');
    await expect(el).to.be.accessible();
  });

  it('the author sees an explanation instead of the buttons; Confirm by the senior makes the decision final', async () => {
    const { id } = await seed();
    const proposed = await propose(id);
    const alice = await me(reviewerKey);
    const { el, root } = await host(secondReviewStyles);
    const answers: SecondReviewAnswer[] = [];
    render(secondReview({ proposal: proposed.proposal, me: alice, strings: s, locale: 'en', onAnswer: (a) => answers.push(a) }), root);
    expect(root.querySelectorAll('button')).to.have.length(0);
    expect(root.textContent).to.contain(s.youProposed);
    await expect(el).to.be.accessible();

    const carol = await me(seniorKey);
    render(secondReview({ proposal: proposed.proposal, me: carol, strings: s, locale: 'en', onAnswer: (a) => answers.push(a) }), root);
    press(root, /^Confirm$/);
    expect(answers).to.deep.equal([{ outcome: 'confirm' }]);
    const confirmed = await call(`/cases/${id}/decision`, seniorKey, { method: 'POST', json: { outcome: 'confirm', version: proposed.version } });
    expect(confirmed.body.status).to.equal('rejected');
    expect(confirmed.body.decision.confirmedBy).to.equal('carol');
  });

  it('the queue lists and filters cases awaiting a second review', async () => {
    const { id, lastName } = await seed();
    await propose(id);
    expect(CASE_STATUSES).to.include('pending_second_review');
    expect(queueStrings.en.status.pending_second_review).to.equal(s.awaitingSecondReview);
    const listed = await call(`/cases?status=pending_second_review&q=${lastName}`, seniorKey);
    expect(listed.body.items.map((c: { id: string }) => c.id)).to.deep.equal([id]);
    const queue = await fixture<HTMLElement>(testHtml`<kyc-review-queue api=${fourEyesApi} token=${seniorKey} base-path="/review" locale="en"></kyc-review-queue>`);
    const filter = await eventually(() => queue.shadowRoot!.querySelector<HTMLSelectElement>('select'), 'status filter');
    const option = [...filter.querySelectorAll('option')].find((o) => o.value === 'pending_second_review');
    expect(option?.textContent?.trim()).to.equal('Waiting for a second review');
  });
});

describe('notes panel', () => {
  it('lists notes oldest first with author and time, adds one through the BFF, and ignores an empty one', async () => {
    const { id } = await seed();
    await call(`/cases/${id}/notes`, seniorKey, { method: 'POST', json: { text: 'Called the branch: customer confirmed.' } });
    const { el, root } = await host(notesPanelStyles);
    const sent: string[] = [];
    let notes: CaseNote[] = (await getCase(id, reviewerKey)).notes;
    const draw = () =>
      render(
        notesPanel({
          notes,
          strings: s,
          locale: 'en',
          onAdd: async (text) => {
            sent.push(text);
            const answer = await call(`/cases/${id}/notes`, reviewerKey, { method: 'POST', json: { text } });
            notes = (await getCase(id, reviewerKey)).notes;
            draw();
            return answer.status === 201;
          },
        }),
        root,
      );
    draw();
    expect(root.querySelectorAll('.note')).to.have.length(1);
    expect(root.querySelector('.note')!.textContent).to.contain('carol');
    expect(root.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d{2}-\d{2}T/);
    await expect(el).to.be.accessible();

    press(root, /^Add note$/);
    expect(sent).to.deep.equal([]);
    const field = root.querySelector<HTMLTextAreaElement>('#note-text')!;
    field.value = '  Address matches the utility bill.  ';
    press(root, /^Add note$/);
    await eventually(() => root.querySelectorAll('.note').length === 2, 'the new note');
    expect(sent).to.deep.equal(['Address matches the utility bill.']);
    expect([...root.querySelectorAll('.note-text')].map((n) => n.textContent)).to.deep.equal(['Called the branch: customer confirmed.', 'Address matches the utility bill.']);
    expect(root.querySelectorAll('.note-author')[1].textContent).to.equal('alice');
    await eventually(() => field.value === '', 'the form cleared');
    await expect(el).to.be.accessible();

    render(html`${notesPanel({ notes: [], strings: s, locale: 'en', error: 'The note could not be saved.', busy: true, onAdd: async () => false })}`, root);
    expect(root.textContent).to.contain(s.notesEmpty);
    expect(root.querySelector('[role=alert]')!.textContent).to.contain('could not be saved');
    expect(byName<HTMLButtonElement>(root, 'button', /Adding/).disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });
});

// ------------------------------------------------------------------ through the element

/** `<kyc-review-queue>` on the four-eyes BFF with `token`, at `path` under /review. */
async function queue(token: string, path = '') {
  history.replaceState(null, '', `/review${path}`);
  return fixture<HTMLElement>(testHtml`<kyc-review-queue api=${fourEyesApi} token=${token} base-path="/review" locale="en"></kyc-review-queue>`);
}

/** The case opened by a deep link, once its details and notes are in. */
async function caseIn(token: string, id: string) {
  const el = await queue(token, `/cases/${id}`);
  await eventually(() => el.shadowRoot!.querySelector('#case-heading') && el.shadowRoot!.querySelector('.notes'), 'the case with its notes');
  return el;
}

const words = (el: HTMLElement, selector = '*') => [...el.shadowRoot!.querySelectorAll(selector)].map((n) => n.textContent).join(' ').replace(/\s+/g, ' ');
const bar = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part~="decision-bar"]')!;
const barButtons = (el: HTMLElement) => [...bar(el).querySelectorAll('button')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
const badge = (el: HTMLElement) => el.shadowRoot!.querySelector('.case-header [part~="status"]')?.textContent?.trim();

describe('<kyc-review-queue> with four eyes and notes', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('alice proposes a rejection in the element; carol finds it waiting, reads the proposal and confirms it with the Confirm button: final', async () => {
    const { id, lastName } = await seed();
    const el = await caseIn(reviewerKey, id);
    const decidedEvents: Event[] = [];
    el.addEventListener(KycCaseDecidedEvent.eventName, (event) => decidedEvents.push(event));
    byName<HTMLButtonElement>(bar(el), 'button', /^Reject/).click();
    const dialog = await eventually(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[data-name="reject"][open]'), 'reject dialog');
    fill(dialog.querySelector<HTMLTextAreaElement>('#reject-reason')!, 'The passport photo page is a photocopy');
    byName<HTMLButtonElement>(dialog, 'button', 'Reject').click();
    await eventually(() => badge(el) === 'Waiting for a second review', 'the proposal');
    expect(el.shadowRoot!.querySelector('#case-message')!.textContent).to.contain(s.proposedMessage);
    expect(decidedEvents, 'a proposal is not a decision').to.have.length(0);
    // The author: the proposal and an explanation, no buttons at all in the bar.
    expect(barButtons(el)).to.deep.equal([]);
    await eventually(() => bar(el).textContent!.includes(s.youProposed), 'the explanation');
    expect(words(el, '.second-review')).to.contain('Proposed by alice').and.contain('The passport photo page is a photocopy');
    await expect(el).to.be.accessible();
    fixtureCleanup();

    // carol, in her own element (another key): the list's status filter finds it.
    const list = await queue(seniorKey);
    const status = await eventually(() => list.shadowRoot!.querySelector<HTMLSelectElement>('select[name="status"]'), 'status filter');
    expect([...status.options].find((o) => o.value === 'pending_second_review')?.textContent?.trim()).to.equal('Waiting for a second review');
    fill(status, 'pending_second_review');
    fill(byName<HTMLInputElement>(list.shadowRoot!, 'input', 'Search by name'), lastName);
    await eventually(() => rowNames(list).some((name) => name.includes(lastName)), 'the waiting case in the list');
    expect(words(list, 'tbody tr')).to.contain('Waiting for a second review');
    list.shadowRoot!.querySelector<HTMLAnchorElement>(`a[data-case-id="${id}"]`)!.click();
    await eventually(() => list.shadowRoot!.querySelector('.second-review'), 'the proposal panel');
    expect(words(list, '.second-review')).to.contain('Reject').and.contain('Proposed by alice').and.contain('The passport photo page is a photocopy');
    await eventually(() => barButtons(list).join() === 'Confirm,Return', 'Confirm and Return only: no Approve / Reject / Resubmission while a proposal waits');
    await expect(list).to.be.accessible();

    const decided = new Promise<KycCaseDecidedEvent>((resolve) => list.addEventListener(KycCaseDecidedEvent.eventName, (e) => resolve(e as KycCaseDecidedEvent), { once: true }));
    byName<HTMLButtonElement>(bar(list), 'button', 'Confirm').click();
    expect((await decided).detail).to.deep.equal({ caseId: id, outcome: 'reject' });
    await eventually(() => badge(list) === 'Rejected', 'the final decision');
    expect(list.shadowRoot!.querySelector('#case-message')!.textContent).to.contain('Proposal confirmed: Rejected.');
    expect(barButtons(list).every((b) => !/Confirm|Return/.test(b))).to.equal(true);
    const final = await getCase(id, seniorKey);
    expect(final.status).to.equal('rejected');
    expect(final.decision.reviewer).to.equal('alice');
    expect(final.decision.confirmedBy).to.equal('carol');
    await expect(list).to.be.accessible();
  });

  it('Return needs a reason (in a dialog); the case goes back to review and alice sees why', async () => {
    const { id } = await seed();
    await propose(id);
    const el = await caseIn(seniorKey, id);
    (await eventually(() => queryByName<HTMLButtonElement>(bar(el), 'button', 'Return'), 'Return')).click();
    const dialog = await eventually(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[data-name="return"][open]'), 'return dialog');
    await expect(el).to.be.accessible();
    byName<HTMLButtonElement>(dialog, 'button', 'Return').click();
    await eventually(() => dialog.querySelector('#return-error')!.textContent!.includes(s.returnReasonMissing), 'the missing reason');
    const field = dialog.querySelector<HTMLTextAreaElement>('#return-reason')!;
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(field);
    expect((await getCase(id, seniorKey)).status, 'nothing sent').to.equal('pending_second_review');

    fill(field, 'The photo page looks genuine to me');
    byName<HTMLButtonElement>(dialog, 'button', 'Return').click();
    await eventually(() => !dialog.open && badge(el) === 'Waiting for review', 'back in review');
    expect(el.shadowRoot!.querySelector('#case-message')!.textContent).to.contain(s.returnedMessage);
    fixtureCleanup();

    const alice = await caseIn(reviewerKey, id);
    expect(words(alice, '.returned')).to.contain('The photo page looks genuine to me').and.contain('Returned by carol');
    expect(barButtons(alice).map((b) => b.split(' ')[0])).to.deep.equal(['Approve', 'Reject', 'Request']);
    await expect(alice).to.be.accessible();
  });

  it('a reviewer without the senior role sees the proposal and why they cannot answer it, no buttons', async () => {
    const { id } = await seed();
    // carol proposes (a senior's own decision is a proposal too): alice is a plain reviewer here, not the author.
    const { version } = await getCase(id, seniorKey);
    const proposed = await call(`/cases/${id}/decision`, seniorKey, { method: 'POST', json: { outcome: 'reject', reason: 'Expired passport', version } });
    expect(proposed.body.status).to.equal('pending_second_review');
    const el = await caseIn(reviewerKey, id);
    expect(words(el, '.second-review')).to.contain('Proposed by carol').and.contain('Expired passport');
    await eventually(() => bar(el).textContent!.includes(s.needsSenior), 'the explanation');
    expect(barButtons(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('notes: listed oldest first with author and time, added through the element, an empty one not sent; a renewed token keeps the place', async () => {
    const { id } = await seed();
    await call(`/cases/${id}/notes`, seniorKey, { method: 'POST', json: { text: 'Called the branch: customer confirmed.' } });
    const el = await caseIn(reviewerKey, id);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('.note')).to.have.length(1);
    expect(root.querySelector('.note-author')!.textContent).to.equal('carol');
    await expect(el).to.be.accessible();

    const field = root.querySelector<HTMLTextAreaElement>('#note-text')!;
    byName<HTMLButtonElement>(root, 'button', 'Add note').click();
    expect((await getCase(id, reviewerKey)).notes).to.have.length(1);
    fill(field, '  Address matches the utility bill.  ');
    byName<HTMLButtonElement>(root, 'button', 'Add note').click();
    await eventually(() => root.querySelectorAll('.note').length === 2, 'the new note');
    expect([...root.querySelectorAll('.note-text')].map((n) => n.textContent)).to.deep.equal(['Called the branch: customer confirmed.', 'Address matches the utility bill.']);
    expect([...root.querySelectorAll('.note-author')].map((n) => n.textContent)).to.deep.equal(['carol', 'alice']);
    await eventually(() => field.value === '', 'the form cleared');
    // The note is a new version of the case: the element that added it shows no "changed elsewhere" notice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(root.querySelector('.notice.live')).to.equal(null);
    expect((await getCase(id, seniorKey)).notes.map((n: CaseNote) => n.text)).to.deep.equal(['Called the branch: customer confirmed.', 'Address matches the utility bill.']);

    // A renewed token (here: another valid key) keeps the reviewer's place: the case, the half-written note; the new key is who writes.
    fill(field, 'Written before the token was renewed');
    const path = location.pathname;
    (el as HTMLElement & { token: string }).token = seniorKey;
    await eventually(() => root.querySelector('#case-heading') && (el as HTMLElement & { token: string }).token === seniorKey, 'renewed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(location.pathname).to.equal(path);
    expect(root.querySelector<HTMLTextAreaElement>('#note-text')).to.equal(field);
    expect(field.value).to.equal('Written before the token was renewed');
    byName<HTMLButtonElement>(root, 'button', 'Add note').click();
    await eventually(() => root.querySelectorAll('.note').length === 3, 'the note after renewal');
    expect(root.querySelectorAll('.note-author')[2].textContent).to.equal('carol');
    await eventually(() => field.value === '' && queryByName(root, 'button', 'Add note'), 'the form ready again');

    fill(field, 'x'.repeat(1999) + 'yz'); // over 2,000 once maxlength is bypassed by script
    byName<HTMLButtonElement>(root, 'button', 'Add note').click();
    await eventually(() => root.querySelector('.notes [role=alert]'), 'the refusal');
    expect(root.querySelector('.notes [role=alert]')!.textContent).to.contain('The note was not added');
    expect(root.querySelectorAll('.note')).to.have.length(3);
    await expect(el).to.be.accessible();
  });
});
