/** Issue 15 §3: every locale complete, fitting a 320 px phone, picked from the page, Arabic right to left. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { KycFlow } from '../../components/kyc-flow/kyc-flow.js';
import '../../components/kyc-flow/kyc-flow.js';
import { en, isRtl, loadStrings, LOCALES, pickLocale, type KycFlowStrings } from '../../components/kyc-flow/strings.js';
import { api, button, clearKycStorage, decide, heading, waitForState } from './fixtures/flow.js';
import { mount, start, toFinal, fillDetails, chooseDocument } from './fixtures/drive.js';

/** Sample arguments for a table's functions: numbers where a count goes, words elsewhere. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  stepOf: [2, 5],
  required: ['First name'],
  tooLong: ['First name', 100],
  dateTooEarly: [1900],
  tooYoung: [18],
  photoHeading: ['ID card', 'front'],
  photoPage: ['Passport'],
  redoReason: ['blurry'],
  uploading: [42],
  qualityTooSmall: [640, 480],
  sideImage: ['ID card', 'front'],
  reason: ['expired'],
  itemName: ['ID card', 'front'],
};

/** Every path in `reference` that `table` lacks or holds as another kind (string, function, list, record). */
function missing(reference: unknown, table: unknown, path = ''): string[] {
  const kind = (value: unknown) => (Array.isArray(value) ? `array(${value.length})` : value === null ? 'null' : typeof value);
  if (kind(reference) !== kind(table)) return [`${path || '(table)'}: ${kind(table)} instead of ${kind(reference)}`];
  if (typeof reference === 'function') {
    const name = path.split('.').pop()!;
    const args = SAMPLE_ARGS[name];
    if (!args) return [`${path}: a function without sample arguments in this test`];
    const words = (table as (...args: unknown[]) => unknown)(...args);
    return typeof words === 'string' && words.trim() && !/undefined|NaN|\[object/.test(words) ? [] : [`${path}(): ${String(words)}`];
  }
  if (typeof reference === 'string') return (table as string).trim() ? [] : [`${path}: empty`];
  if (reference && typeof reference === 'object') {
    return Object.keys(reference).flatMap((key) =>
      missing((reference as Record<string, unknown>)[key], (table as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return [];
}

async function tables(): Promise<[string, KycFlowStrings][]> {
  return Promise.all(LOCALES.map(async (locale) => [locale, await loadStrings(locale)] as [string, KycFlowStrings]));
}

const base = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part=base]')!;
const shown = (node: HTMLElement) => node.clientWidth > 1 && getComputedStyle(node).display !== 'none';

/** Controls whose text runs out of their box, and sideways scroll of the element or the page. */
function overflows(el: HTMLElement): string[] {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, .button, label, legend, summary, h2, .step-text, .field-error')]
    .filter((node) => shown(node) && node.scrollWidth > node.clientWidth + 1)
    .map((node) => `${node.localName}: "${node.textContent!.trim().replace(/\s+/g, ' ')}" (${node.scrollWidth} > ${node.clientWidth})`);
  const frame = base(el);
  const edges = frame.getBoundingClientRect();
  for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('button, .button, input, select, label, h2, p')) {
    const box = node.getBoundingClientRect();
    if (box.width > 0 && (box.left < edges.left - 0.5 || box.right > edges.right + 0.5)) found.push(`${node.localName} "${node.textContent!.trim()}" leaves the frame`);
  }
  if (frame.scrollWidth > frame.clientWidth + 1) found.push(`the element scrolls sideways (${frame.scrollWidth} > ${frame.clientWidth})`);
  if (document.documentElement.scrollWidth > window.innerWidth) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth})`);
  return found;
}

/** Shows the current screen in every locale (the flow stays where it is) and collects what overflows. */
async function checkEveryLocale(el: KycFlow, screen: string): Promise<string[]> {
  const found: string[] = [];
  const englishHeading = heading(el)?.textContent;
  for (const locale of LOCALES) {
    await loadStrings(locale);
    el.locale = locale;
    await el.updateComplete;
    await waitUntil(() => base(el).lang === locale, `${screen} in ${locale}`);
    // The locale's own words are on screen (not English left behind by a slow load).
    if (locale !== 'en') await waitUntil(() => heading(el)?.textContent !== englishHeading, `${screen}: ${locale} heading`);
    found.push(...overflows(el).map((problem) => `${screen} [${locale}] ${problem}`));
  }
  el.locale = 'en';
  await el.updateComplete;
  return found;
}

describe('<kyc-flow> locales (issue 15 §3)', () => {
  let restore: (() => Promise<void> | void) | null = null;
  beforeEach(() => clearKycStorage());
  afterEach(async () => {
    await restore?.();
    restore = null;
  });

  it('every locale has every key that en has (functions, lists and records included), in words', async () => {
    expect(LOCALES).to.include.members(['en', 'de', 'fr', 'es', 'ar']);
    const problems = (await tables()).flatMap(([locale, table]) => missing(en, table).map((problem) => `${locale}: ${problem}`));
    expect(problems).to.deep.equal([]);
    // And the test itself catches a gap.
    const { dateFuture: _gone, ...incomplete } = en;
    expect(missing(en, { ...incomplete, documentTypes: { passport: 'P' } })).to.have.length.greaterThan(3);
  });

  it('numbers go through Intl in the table\'s locale', async () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const t = await loadStrings(locale);
      const number = new Intl.NumberFormat(locale);
      expect(t.stepOf(2, 5), locale).to.contain(number.format(2)).and.contain(number.format(5));
      expect(t.uploading(42), locale).to.contain(new Intl.NumberFormat(locale, { style: 'percent' }).format(0.42));
      expect(t.dateTooEarly(1900), locale).to.contain(new Intl.NumberFormat(locale, { useGrouping: false }).format(1900));
    }
  });

  it('regional tags pick their language: fr-CA → fr, es-MX → es, ar-EG → ar; others → en', () => {
    expect(pickLocale(['fr-CA'])).to.equal('fr');
    expect(pickLocale(['es-MX'])).to.equal('es');
    expect(pickLocale(['ar-EG'])).to.equal('ar');
    expect(pickLocale([null, 'ja-JP', 'AR'])).to.equal('ar');
    expect(pickLocale(['ja', 'ko'])).to.equal('en');
    expect(LOCALES.filter(isRtl)).to.deep.equal(['ar']);
  });

  for (const [tag, locale] of [
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['es-MX', 'es'],
    ['ar-EG', 'ar'],
  ] as const) {
    it(`follows <html lang="${tag}">`, async () => {
      const before = document.documentElement.lang;
      document.documentElement.lang = tag;
      restore = () => void (document.documentElement.lang = before);
      const t = await loadStrings(locale);
      const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
      await waitForState(el, 'welcome');
      await waitUntil(() => heading(el)?.textContent === t.welcomeHeading, `${locale} heading`);
      expect(base(el).lang).to.equal(locale);
      expect(base(el).dir).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
    });
  }

  it('with no page lang, the browser\'s languages pick Arabic (ar-EG)', async () => {
    const before = document.documentElement.lang;
    document.documentElement.removeAttribute('lang');
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['ar-EG', 'en'] });
    restore = () => {
      delete (navigator as { languages?: unknown }).languages;
      if (before) document.documentElement.lang = before;
    };
    const t = await loadStrings('ar');
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitUntil(() => heading(el)?.textContent === t.welcomeHeading, 'Arabic heading');
    expect(base(el).dir).to.equal('rtl');
  });

  it('lang="ar" renders right to left: steps, buttons and the frame mirror those of en', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en';
    restore = () => void (document.documentElement.lang = before);
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await start(el);
    await fillDetails(el); // the document choice: Back, then Continue
    const boxes = () => {
      const frame = base(el).getBoundingClientRect();
      const [back, primary] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('form .actions button')].map((b) => b.getBoundingClientRect());
      const firstStep = el.shadowRoot!.querySelector('li[part=step]')!.getBoundingClientRect();
      return { frame, back, primary, firstStep };
    };
    const ltr = boxes();
    expect(base(el).dir).to.equal('ltr');
    expect(ltr.primary.left, 'en: the primary button follows Back to the right').to.be.greaterThan(ltr.back.right);

    const ar = await loadStrings('ar');
    document.documentElement.lang = 'ar';
    el.requestUpdate();
    await waitUntil(() => heading(el)?.textContent === ar.documentHeading, 'Arabic document choice');
    expect(base(el).dir).to.equal('rtl');
    expect(getComputedStyle(base(el)).direction).to.equal('rtl');
    const rtl = boxes();
    // Mirrored: what sat at a distance from the left edge now sits at that distance from the right edge.
    const near = (a: number, b: number, what: string) => expect(Math.abs(a - b), what).to.be.at.most(1);
    near(rtl.frame.right - rtl.firstStep.right, ltr.firstStep.left - ltr.frame.left, 'first step from the start edge');
    near(rtl.firstStep.width, ltr.firstStep.width, 'step width');
    near(rtl.frame.right - rtl.back.right, ltr.back.left - ltr.frame.left, 'Back from the start edge');
    expect(rtl.primary.right, 'ar: the primary button follows Back to the left').to.be.lessThan(rtl.back.left);
    // The error box's bar is on the start side: the right one in Arabic (a logical property, no override).
    const error = getComputedStyle(el.shadowRoot!.querySelector('.error')!);
    expect([error.borderRightWidth, error.borderLeftWidth]).to.deep.equal(['4px', '0px']);
  });

  it('the main screens fit a 320 px phone in every locale: no control\'s text overflows, no sideways scroll', async () => {
    await setViewport({ width: 320, height: 800 });
    document.body.style.margin = '8px';
    restore = async () => {
      await setViewport({ width: 800, height: 600 });
      document.body.style.margin = '';
    };
    const problems: string[] = [];
    const { el } = await mount({ locale: 'en' });
    el.setAttribute('support-url', 'mailto:help@example.com');
    el.setAttribute('allow-restart', '');
    await waitForState(el, 'welcome');
    problems.push(...(await checkEveryLocale(el, 'welcome')));
    await start(el);
    button(el, 'Continue').click(); // with every field's error shown
    await el.updateComplete;
    el.shadowRoot!.querySelector('details')!.open = true; // continue on another device, with its link and Copy button
    problems.push(...(await checkEveryLocale(el, 'personal_details')));
    await fillDetails(el);
    problems.push(...(await checkEveryLocale(el, 'document_selection')));
    await chooseDocument(el, 'Driver\'s license');
    problems.push(...(await checkEveryLocale(el, 'document_photo')));
    el.remove();

    clearKycStorage(); // a new application, not the one just left
    const final = await mount({ locale: 'en' });
    final.el.setAttribute('support-url', 'mailto:help@example.com');
    final.el.setAttribute('allow-restart', '');
    await toFinal(final.el, 'ID card');
    problems.push(...(await checkEveryLocale(final.el, 'under review')));
    await decide(final.el.workflow!.getState().workflowId!, { outcome: 'reject', reason: 'The document has expired' });
    await waitUntil(() => final.el.status === 'rejected', 'rejected');
    await final.el.updateComplete;
    problems.push(...(await checkEveryLocale(final.el, 'rejected')));
    expect(problems).to.deep.equal([]);
  });
});
