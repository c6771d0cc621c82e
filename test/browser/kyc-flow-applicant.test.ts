/** Issue 16, the applicant's side: reasons in the applicant's words, the page's language, polish. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { KycFlow } from '../../components/kyc-flow/kyc-flow.js';
import '../../components/kyc-flow/kyc-flow.js';
import { REJECT_REASON_CODES, RESUBMIT_REASON_CODES } from '../../components/workflow/catalogue.js';
import { redoText, rejectionText } from '../../components/kyc-flow/reasons.js';
import { en, loadStrings } from '../../components/kyc-flow/strings.js';
import { api, button, buttons, clearKycStorage, decide, heading, waitForState } from './fixtures/flow.js';
import { mount, toFinal } from './fixtures/drive.js';

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
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['fr-FR', 'de-DE', 'en'] });
    restore = () => {
      delete (navigator as { languages?: unknown }).languages;
      if (before) document.documentElement.lang = before;
    };
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(el, 'welcome');
    await waitUntil(() => /Identität/.test(heading(el)?.textContent ?? ''), 'German from the browser');
    el.locale = 'en';
    await waitUntil(() => heading(el)?.textContent === 'Verify your identity', 'the attribute wins');
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['fr-FR', 'ja'] });
    const other = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(other, 'welcome');
    expect(heading(other)!.textContent).to.equal('Verify your identity');
  });
});

export { setViewport };
