// Deep links under base-path, Back with the filter kept, and the host portal's own links and routing left alone.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import type { KycReviewQueue } from '../../components/kyc-review-queue/kyc-review-queue.js';
import { KycCaseOpenEvent } from '../../components/kyc-review-queue/events.js';
import {
  api,
  byName,
  eventually,
  fill,
  rememberUrl,
  reviewerKey,
  rowNames,
  seedCase,
  shadow,
  uniqueName,
} from './review-helpers.js';

/** A stand-in admin portal: its own nav links (one even under the queue's base path) and the element. */
async function portal() {
  const page = await fixture<HTMLElement>(html`<div>
    <nav>
      <a id="host-settings" href="/admin/settings">Settings</a>
      <a id="host-under-base" href="/admin/kyc/cases/not-ours">A portal link under the base path</a>
      <a id="host-hash" href="#top">Top</a>
    </nav>
    <kyc-review-queue api=${api} token=${reviewerKey} base-path="/admin/kyc/"></kyc-review-queue>
  </div>`);
  return { page, el: page.querySelector<KycReviewQueue>('kyc-review-queue')! };
}

/** Clicks `anchor` and reports whether anything prevented its default (then prevents it, so the test page stays). */
function clickAndSeeIfPrevented(anchor: HTMLAnchorElement): boolean {
  let prevented: boolean | undefined;
  const spy = (event: Event) => {
    prevented = event.defaultPrevented;
    event.preventDefault();
  };
  window.addEventListener('click', spy);
  try {
    anchor.click();
  } finally {
    window.removeEventListener('click', spy);
  }
  return prevented!;
}

describe('<kyc-review-queue> routing', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('opens cases at <base-path>/cases/<id>, goes Back with the filter kept, and follows Back/Forward', async () => {
    history.replaceState(null, '', '/admin/kyc/');
    const lastName = uniqueName('Route');
    const seed = await seedCase({ firstName: 'Rob', lastName });
    await seedCase({ firstName: 'Rae', lastName });
    const { el } = await portal();
    fill(byName<HTMLSelectElement>(shadow(el), 'select', 'Status'), '');
    fill(byName<HTMLInputElement>(shadow(el), 'input', 'Search by name'), lastName);
    await eventually(() => rowNames(el).length === 2, 'two rows');

    const link = shadow(el).querySelector<HTMLAnchorElement>(`a[data-case-id="${seed.id}"]`)!;
    expect(link.getAttribute('href')).to.equal(`/admin/kyc/cases/${seed.id}`);
    const opened = oneEvent(el, KycCaseOpenEvent.eventName);
    expect(clickAndSeeIfPrevented(link)).to.equal(true);
    expect(((await opened) as KycCaseOpenEvent).detail).to.deep.equal({ caseId: seed.id });
    expect(location.pathname).to.equal(`/admin/kyc/cases/${seed.id}`);
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Rob ${lastName}`, 'case');

    // Back (the element's own link) returns to the list, filter and search as they were.
    const back = byName<HTMLAnchorElement>(shadow(el), 'a', '← Back to the list');
    expect(clickAndSeeIfPrevented(back)).to.equal(true);
    await eventually(() => rowNames(el).length === 2, 'list again');
    expect(location.pathname).to.equal('/admin/kyc/');
    expect(byName<HTMLSelectElement>(shadow(el), 'select', 'Status').value).to.equal('');
    expect(byName<HTMLInputElement>(shadow(el), 'input', 'Search by name').value).to.equal(lastName);

    // The browser's Forward and Back.
    history.forward();
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Rob ${lastName}`, 'forward to the case');
    history.back();
    await eventually(() => rowNames(el).length === 2, 'back to the list');
    await expect(el).to.be.accessible();
  });

  it('opens a deep link directly (as after a reload)', async () => {
    const seed = await seedCase({ firstName: 'Dee' });
    history.replaceState(null, '', `/admin/kyc/cases/${seed.id}`);
    const opened = new Promise<KycCaseOpenEvent>((resolve) =>
      document.addEventListener(KycCaseOpenEvent.eventName, (e) => resolve(e as KycCaseOpenEvent), { once: true }),
    );
    const { el } = await portal();
    expect((await opened).detail.caseId).to.equal(seed.id);
    await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Dee ${seed.lastName}`, 'case');
    // Its Back link leads to the list under the base path.
    byName<HTMLAnchorElement>(shadow(el), 'a', '← Back to the list').click();
    await eventually(() => shadow(el).querySelector('#list-heading'), 'list');
    expect(location.pathname).to.equal('/admin/kyc/');
  });

  it("never touches the host portal's own links or routing", async () => {
    history.replaceState(null, '', '/admin/kyc/');
    const { page, el } = await portal();
    await eventually(() => shadow(el).querySelector('#list-heading'), 'list');
    const before = history.length;

    // The portal's links — even one under the base path — are left to the browser (or the portal).
    for (const id of ['host-settings', 'host-under-base', 'host-hash'])
      expect(clickAndSeeIfPrevented(page.querySelector<HTMLAnchorElement>(`#${id}`)!), id).to.equal(false);
    expect(location.pathname).to.equal('/admin/kyc/');
    expect(history.length).to.equal(before);

    // The portal routes itself elsewhere with pushState + popstate: the element does not fight it.
    history.pushState({ portal: 'settings' }, '', '/admin/settings');
    window.dispatchEvent(new PopStateEvent('popstate', { state: { portal: 'settings' } }));
    await el.updateComplete;
    expect(location.pathname).to.equal('/admin/settings');
    expect(history.state).to.deep.equal({ portal: 'settings' });
    expect(shadow(el).querySelector('#list-heading')).not.to.equal(null);

    // A lit router in the portal would not adopt the element's routes (the event stays inside).
    let adopted = false;
    page.addEventListener('lit-routes-connected', () => (adopted = true));
    el.remove();
    page.append(el);
    await el.updateComplete;
    expect(adopted).to.equal(false);
  });

  it('routes without URLPattern (browsers that lack it)', async () => {
    const seed = await seedCase({ firstName: 'Uri' });
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'URLPattern');
    delete (globalThis as { URLPattern?: unknown }).URLPattern;
    try {
      expect('URLPattern' in globalThis).to.equal(false);
      history.replaceState(null, '', `/admin/kyc/cases/${seed.id}`);
      const { el } = await portal();
      await eventually(() => shadow(el).querySelector('#case-heading')?.textContent === `Uri ${seed.lastName}`, 'case');
      byName<HTMLAnchorElement>(shadow(el), 'a', '← Back to the list').click();
      await eventually(() => shadow(el).querySelector('#list-heading'), 'list');
    } finally {
      if (saved) Object.defineProperty(globalThis, 'URLPattern', saved);
    }
  });
});
