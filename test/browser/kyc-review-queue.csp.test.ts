// The element under a strict Content-Security-Policy (`style-src 'self'`, as the
// demo's host pages send): no inline style may be blocked, and zoom still works.
//
// A policy cannot be added to the test page after it loaded, so the element runs
// in an iframe whose document is written with the policy's <meta> in its head
// (document.open() gives the iframe this page's origin and URL, so the element's
// routes, the BFF's CORS and the module imports work as on a host page).
import { expect } from '@open-wc/testing';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import { byName, eventually, reviewerKey, api, seedCase, type SeededCase } from './review-helpers.js';

// The entry module itself (web-test-runner serves TypeScript sources as JavaScript).
const ENTRY = new URL('../../components/kyc-review-queue/kyc-review-queue.ts', import.meta.url).href;

interface Framed {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis & { violations: string[] };
  doc: Document;
}

/**
 * An iframe at this page's origin whose document enforces `style-src 'self'`
 * (`'report-sample'` only adds the first characters of the blocked text to a
 * report), at `path`.
 */
async function strictFrame(path: string): Promise<Framed> {
  const frame = document.createElement('iframe');
  frame.title = 'strict CSP';
  frame.width = '1280';
  frame.height = '900';
  document.body.append(frame);
  const doc = frame.contentDocument!;
  doc.open();
  doc.write(`<!doctype html><html lang="en"><head>
<meta http-equiv="Content-Security-Policy" content="style-src 'self' 'report-sample'">
<title>strict CSP</title>
<script>
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ': ' + e.sample));
  history.replaceState(null, '', ${JSON.stringify(path)});
</script>
</head><body></body></html>`);
  doc.close();
  const win = frame.contentWindow as Framed['win'];
  await eventually(() => Array.isArray(win.violations) && doc.readyState === 'complete', 'the framed document');
  return { frame, win, doc };
}

/** Loads the element's entry module into the frame (its own realm and registry) and mounts it there. */
async function mountIn({ win, doc }: Framed): Promise<KycReviewQueue> {
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = ENTRY;
  doc.head.append(script);
  await win.customElements.whenDefined('kyc-review-queue');
  const el = doc.createElement('kyc-review-queue') as KycReviewQueue;
  el.setAttribute('api', api);
  el.setAttribute('token', reviewerKey);
  el.setAttribute('base-path', '/strict');
  doc.body.append(el);
  return el;
}

/**
 * The violations reported so far. Reports arrive as queued events, so this
 * triggers one of its own (a marker) and waits for it: everything reported
 * before it has arrived too.
 */
async function violationsSoFar({ win, doc }: Framed): Promise<string[]> {
  const marker = doc.createElement('i');
  doc.body.append(marker);
  marker.setAttribute('style', '--violation-marker: 1');
  await eventually(() => win.violations.some((v) => v.includes('--violation-marker')), 'the marker report');
  marker.remove();
  return win.violations.filter((v) => !v.includes('--violation-marker'));
}

const frontImage = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLImageElement>('img[data-item="id_card/front"]');

describe('<kyc-review-queue> under a strict CSP (style-src \'self\')', () => {
  let framed: Framed | undefined;
  let seed: SeededCase;
  before(async () => {
    seed = await seedCase({ firstName: 'Cora' });
  });
  afterEach(() => {
    framed?.frame.remove();
    framed = undefined;
  });

  it('the frame really enforces the policy (a style attribute is reported and ignored)', async () => {
    framed = await strictFrame('/strict/');
    const probe = framed.doc.createElement('div');
    framed.doc.body.append(probe);
    probe.setAttribute('style', 'width: 123px');
    await eventually(() => framed!.win.violations.length > 0, 'a violation report');
    expect(framed.win.violations[0]).to.match(/^style-src/);
    expect(probe.getBoundingClientRect().width).not.to.equal(123);
    // CSSOM writes are allowed, and report nothing.
    framed.win.violations.length = 0;
    probe.style.setProperty('width', '124px');
    expect(probe.getBoundingClientRect().width).to.equal(124);
    expect(await violationsSoFar(framed)).to.deep.equal([]);
  });

  it('shows a case, zooms and rotates its images without a single violation; the zoom width applies', async () => {
    framed = await strictFrame(`/strict/cases/${seed.id}`);
    const el = await mountIn(framed);
    await eventually(() => el.shadowRoot?.querySelector('#case-heading')?.textContent === `Cora ${seed.lastName}`, 'case heading');
    await eventually(() => {
      const images = [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('.figures img')];
      return images.length === 3 && images.every((img) => img.complete && img.naturalWidth > 0);
    }, 'three decoded images');

    const frameBox = () => frontImage(el)!.closest('.frame')!.clientWidth;
    // Layout width (offsetWidth ignores the rotation transform).
    const imageWidth = () => frontImage(el)!.offsetWidth;
    // Zoom 1 fills the frame (not the picture's natural 320 px).
    expect(Math.abs(frameBox() - frontImage(el)!.naturalWidth)).to.be.greaterThan(10);
    expect(Math.abs(imageWidth() - frameBox())).to.be.lessThan(1.5);

    byName(el.shadowRoot!, 'button', 'Zoom in on ID card front').click();
    await eventually(() => Math.abs(imageWidth() - 1.5 * frameBox()) < 1.5, 'the image at 150 % of its frame');
    byName(el.shadowRoot!, 'button', 'Zoom in on ID card front').click();
    await eventually(() => Math.abs(imageWidth() - 2.25 * frameBox()) < 1.5, 'the image at 225 % of its frame');
    byName(el.shadowRoot!, 'button', 'Rotate ID card front').click();
    await eventually(() => frontImage(el)!.classList.contains('rot-90'), 'rotated');
    // A quarter turn is laid out so that the turned picture fits the frame (issue 16 item 9); the zoom still scales it.
    const turned = await eventually(() => frontImage(el)!.style.width.startsWith('calc(') && imageWidth(), 'laid out turned');
    byName(el.shadowRoot!, 'button', 'Zoom out of ID card front').click();
    await eventually(() => Math.abs(imageWidth() - turned / 1.5) < 1.5, 'zoomed out, still rotated');
    expect(frontImage(el)!.classList.contains('rot-90')).to.equal(true);
    byName(el.shadowRoot!, 'button', 'Open ID card front full size').click();
    await eventually(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[data-name="full"]')?.open, 'full-size dialog');
    await eventually(() => el.shadowRoot!.querySelector<HTMLImageElement>('dialog[data-name="full"] img')?.complete, 'full-size image');

    expect(await violationsSoFar(framed)).to.deep.equal([]);
  });
});
