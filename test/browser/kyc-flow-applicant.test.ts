/** Issue 16, the applicant's side: reasons in the applicant's words, the page's language, polish. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { KycFlow } from '../../components/kyc-flow/kyc-flow.js';
import '../../components/kyc-flow/kyc-flow.js';
import { REJECT_REASON_CODES, RESUBMIT_REASON_CODES } from '../../components/workflow/catalogue.js';
import { redoText, rejectionText } from '../../components/kyc-flow/reasons.js';
import { en, loadStrings } from '../../components/kyc-flow/strings.js';
import { api, bff, button, buttons, clearKycStorage, decide, field, heading, recordFetch, setValue, waitForState } from './fixtures/flow.js';
import { chooseDocument, fillDetails, mount, start, toFinal } from './fixtures/drive.js';
import { documentFile, pickFile } from './fixtures/images.js';

const screenText = (el: HTMLElement) => (el.shadowRoot!.querySelector('[part=screen]')!.textContent ?? '').replace(/\s+/g, ' ');

describe('<kyc-flow> reasons in the applicant\'s words (issue 16 item 6)', () => {
  beforeEach(() => clearKycStorage());

  it('words every common reason code in English and German, as a next step; free text stays as written', async () => {
    const de = await loadStrings('de');
    for (const t of [en, de]) {
      for (const code of REJECT_REASON_CODES) {
        const words = rejectionText(t, { reasonCode: code, reason: 'The document is not genuine' });
        expect(words, `${code}`).to.be.a('string').and.not.contain('genuine');
        // A next step: each rejection says what the applicant can do.
        expect(words, `${code}`).to.match(t === en ? /You can/ : /Sie können/);
      }
      for (const code of RESUBMIT_REASON_CODES) {
        expect(redoText(t, { reasonCode: code, reason: 'Blurry' }), `${code}`).to.not.equal('Blurry');
      }
    }
    expect(rejectionText(de, { reasonCode: 'document_not_verifiable', reason: 'The document is not genuine' })).to.match(/Wir konnten Ihr Dokument/);
    // Free text (no code, or a code this version does not know) stays as the reviewer wrote it.
    expect(rejectionText(de, { reason: 'Bitte rufen Sie uns an' })).to.equal('Grund: Bitte rufen Sie uns an');
    expect(rejectionText(en, { reasonCode: 'some_future_code', reason: 'As written' })).to.equal('Reason: As written');
    expect(redoText(de, { reason: 'Die Ecke fehlt' })).to.equal('Die Ecke fehlt');
    expect(rejectionText(en, {})).to.equal(null);
  });

  it('after a rejection: Contact support (support-url) and Start a new application (allow-restart), which starts afresh', async () => {
    const { el } = await mount();
    el.setAttribute('support-url', 'mailto:help@example.com');
    el.setAttribute('allow-restart', '');
    await toFinal(el);
    const firstId = el.workflow!.getState().workflowId;
    await decide(firstId!, { outcome: 'reject', reason: 'The document has expired' });
    await waitUntil(() => /rejected/.test(screenText(el)), 'rejected shown');
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part~=support]')!;
    expect(link.textContent!.trim()).to.equal('Contact support');
    expect(link.href).to.equal('mailto:help@example.com');
    await expect(el).to.be.accessible();
    button(el, 'Start a new application').click();
    await waitForState(el, 'welcome');
    button(el, 'Start KYC').click();
    await waitForState(el, 'personal_details');
    expect(el.workflow!.getState().workflowId).to.not.equal(firstId);
  });

  it('no way forward is shown unless configured, and a javascript: support-url is ignored', async () => {
    const { el } = await mount();
    el.setAttribute('support-url', 'javascript:alert(1)');
    await toFinal(el);
    await decide(el.workflow!.getState().workflowId!, { outcome: 'reject', reason: 'No' });
    await waitUntil(() => /rejected/.test(screenText(el)), 'rejected shown');
    expect(el.shadowRoot!.querySelector('a')).to.equal(null);
    expect(buttons(el, 'Start a new application')).to.have.length(0);
  });
});

describe('<kyc-flow> language without a locale attribute (issue 16 item 7)', () => {
  let restore: (() => void) | null = null;
  beforeEach(() => clearKycStorage());
  afterEach(() => {
    restore?.();
    restore = null;
  });

  it('follows <html lang="de">', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'de';
    restore = () => (document.documentElement.lang = before);
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(el, 'welcome');
    await waitUntil(() => /Identität/.test(heading(el)?.textContent ?? ''), 'German heading');
    expect(el.shadowRoot!.querySelector('[part=base]')!.getAttribute('lang')).to.equal('de');
  });

  it('then the browser\'s languages, then English; the attribute beats both', async () => {
    const before = document.documentElement.lang;
    document.documentElement.removeAttribute('lang');
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['ja-JP', 'de-DE', 'en'] });
    restore = () => {
      delete (navigator as { languages?: unknown }).languages;
      if (before) document.documentElement.lang = before;
    };
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(el, 'welcome');
    await waitUntil(() => /Identität/.test(heading(el)?.textContent ?? ''), 'German from the browser');
    el.locale = 'en';
    await waitUntil(() => heading(el)?.textContent === 'Verify your identity', 'the attribute wins');
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['pt-BR', 'ja'] });
    const other = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(other, 'welcome');
    expect(heading(other)!.textContent).to.equal('Verify your identity');
  });
});

describe('<kyc-flow> polish (issue 16 items 11 to 14, 16)', () => {
  let after: (() => Promise<void> | void) | null = null;
  beforeEach(() => clearKycStorage());
  afterEach(async () => {
    await after?.();
    after = null;
  });

  it('item 11: empty required text and date fields get the red border, like the country select', async () => {
    const { el } = await mount();
    await start(el);
    button(el, 'Continue').click();
    await el.updateComplete;
    const country = getComputedStyle(field<HTMLSelectElement>(el, 'Country'));
    for (const label of ['First name', 'Last name', 'Date of birth']) {
      const style = getComputedStyle(field(el, label));
      expect(field(el, label).getAttribute('aria-invalid'), label).to.equal('true');
      expect(style.borderTopColor, label).to.equal(country.borderTopColor);
      expect(style.borderTopWidth, label).to.equal('2px');
    }
    expect(country.borderTopColor).to.equal('rgb(179, 38, 30)');
  });

  it('item 12: "Link copied." is announced beside the button (320 px), not at the top, and goes', async () => {
    await setViewport({ width: 320, height: 800 });
    after = () => setViewport({ width: 800, height: 600 });
    const { el } = await mount();
    await start(el);
    const details = el.shadowRoot!.querySelector('details')!;
    details.open = true;
    await waitUntil(() => field(el, 'Link to continue').value !== '', 'link shown');
    const copy = button(el, 'Copy link');
    copy.click();
    const copied = el.shadowRoot!.querySelector<HTMLElement>('[part=copied]')!;
    await waitUntil(() => copied.textContent === 'Link copied.', 'copied');
    expect(copied.getAttribute('role')).to.equal('status');
    const b = copy.getBoundingClientRect();
    const c = copied.getBoundingClientRect();
    // Beside the button (or just under it on a narrow screen), never far above it.
    expect(Math.abs(c.top - b.top), 'vertical distance to the button').to.be.lessThan(b.height * 2);
    expect(c.right).to.be.at.most(320);
    expect(el.shadowRoot!.querySelector('[part=status]')!.textContent!.trim(), 'top status region').to.equal('');
    // Closing the disclosure lets it go.
    details.open = false;
    await waitUntil(() => copied.textContent === '', 'copied gone');
  });

  it('item 13: a blurred selfie is warned about in a selfie\'s words', async () => {
    const { el } = await mount();
    await start(el);
    await fillDetails(el);
    await chooseDocument(el, 'Passport');
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 1600, height: 1000 }));
    await waitForState(el, 'document_review');
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    pickFile(field(el, 'Upload selfie'), await documentFile({ width: 1600, height: 1000, blur: 8 }));
    const warning = () => el.shadowRoot!.querySelector('.warning[role=alert]');
    await waitUntil(() => warning(), 'blur warning');
    expect(warning()!.textContent).to.match(/selfie looks blurry: your face/);
    expect(warning()!.textContent).not.to.match(/text/);
  });

  it('item 14: a date of birth before 1900 names the rule; a passport is asked for as one page', async () => {
    const { el } = await mount();
    await start(el);
    setValue(field(el, 'First name'), 'Ada');
    setValue(field(el, 'Last name'), 'Lovelace');
    setValue(field(el, 'Date of birth'), '1850-12-10');
    setValue(field<HTMLSelectElement>(el, 'Country'), 'GB');
    button(el, 'Continue').click();
    await el.updateComplete;
    const dob = field(el, 'Date of birth');
    expect(el.shadowRoot!.getElementById(dob.getAttribute('aria-describedby')!)!.textContent).to.equal('Date of birth must be in 1900 or later');
    setValue(dob, '1990-12-10');
    button(el, 'Continue').click();
    await waitForState(el, 'document_selection');
    await chooseDocument(el, 'Passport');
    expect(heading(el)!.textContent).to.equal('Passport: the page with your photo');
    expect(heading(el)!.textContent).not.to.match(/front|side/);
  });

  it('item 16: after a hand-off, a reload of the first device says the application continues elsewhere; Start is not offered', async () => {
    const { el } = await mount();
    await start(el);
    const made = await el.workflow!.handoffLink();
    const [workflowId, code] = new URLSearchParams(new URL(made!.link).hash.slice(1)).get('kyc-handoff')!.split('.');
    // The other device redeems the code (its own browser: nothing of it lands in this one's storage).
    await bff('/handoffs', { method: 'POST', json: { workflowId, code } });
    await waitUntil(() => /continues on another device/.test(heading(el)?.textContent ?? ''), 'handed off', { timeout: 8000 });
    el.remove();

    const network = recordFetch();
    after = () => network.restore();
    const reloaded = await mount();
    await waitUntil(() => /continues on another device/.test(heading(reloaded.el)?.textContent ?? ''), 'still handed off');
    expect(buttons(reloaded.el, 'Start KYC')).to.have.length(0);
    expect(reloaded.events.map((e) => e.detail.code).filter(Boolean)).to.deep.equal(['handed_off']);
    expect(network.creations()).to.equal(0);
  });
});
