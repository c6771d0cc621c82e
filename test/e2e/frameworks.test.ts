/**
 * The demo's story with the elements inside framework apps: the applicant
 * on `/react/` (React 19, `<KycFlow>` from the package's React wrapper,
 * events kept in React state) and the reviewer on `/vue/` (Vue 3,
 * `<kyc-review-queue>` with `:token.prop`). Both pages run under the same
 * strict CSP as the others (scenario() fails on any violation).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_CSP } from '../../bff/static.js';
import { DESKTOP, PHONE, REVIEWER_KEY, scenario, useDemo } from './harness.js';
import { assertNotReloaded, caseLink, completeFlow, flowOf, loadedCaseImages, markNoReload, queueOf, reloadChangedCaseAndApprove, requestFrontAgain, retakeFrontAndSubmit, type Person } from './steps.js';

const suite = useDemo();

const grace: Person = {
  firstName: 'Grace',
  lastName: 'Hopper',
  dateOfBirth: '1986-12-09',
  country: 'US',
  countryName: 'United States',
};

test('both framework pages are served with the strict CSP; /vue/ deep links answer with its page', async () => {
  for (const path of ['/react/', '/vue/', '/vue/cases/some-case-id']) {
    const response = await fetch(`${suite.demo.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-security-policy'), PAGE_CSP, path);
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: no inline script`);
    assert.match(html, /<script type="module"[^>]*src="\/assets\//, `${path}: the app's bundle`);
  }
});

test('the story in frameworks: apply on /react/, review on /vue/, resubmission and approval reach React state', async () => {
  await scenario('frameworks story', suite, async (s) => {
    // The reviewer signs in to the Vue app with the key in the fragment.
    const reviewer = await s.page(await s.context(DESKTOP));
    await reviewer.goto(`/vue/#token=${encodeURIComponent(REVIEWER_KEY)}`);
    await reviewer.getByRole('heading', { name: 'KYC reviews', level: 1 }).waitFor();
    assert.equal(new URL(reviewer.url()).hash, '', 'the key is removed from the address bar');
    const queue = queueOf(reviewer);
    assert.equal(await queue.getAttribute('token'), null, 'the key is a property, never an attribute');
    await markNoReload(reviewer);

    // The applicant completes the flow in the React app, which shows what the events told it.
    const applicant = await s.page(await s.context(PHONE));
    await applicant.goto('/react/');
    // kyc-state-change on start → React state (the element reports `welcome` before anything exists).
    await applicant.getByTestId('app-step').getByText('welcome', { exact: true }).waitFor();
    await completeFlow(applicant, grace, suite.files);
    await applicant.getByTestId('app-submitted').getByText('yes').waitFor();
    await applicant.getByTestId('app-step').getByText('final', { exact: true }).waitFor();
    await applicant.getByTestId('app-status').getByText('pending_review').waitFor();
    await markNoReload(applicant);

    // The case appears live in the Vue app; opening it updates Vue state and the address.
    await caseLink(reviewer, grace).click();
    await queue.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    assert.match(reviewer.url(), /\/vue\/cases\/[^/]+$/, 'a case is a deep link under base-path');
    const caseId = reviewer.url().split('/').pop()!;
    await reviewer.getByTestId('vue-open-case').getByText(caseId).waitFor();
    assert.equal((await loadedCaseImages(reviewer, 3)).length, 3);

    // A reload of the deep link comes back to the case (the key stays in the session).
    await reviewer.reload();
    await queue.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await markNoReload(reviewer);

    const reason = 'The front photo is blurred';
    await requestFrontAgain(reviewer, reason);
    await reviewer.getByTestId('vue-decisions').getByText(`${caseId}: request_resubmission`).waitFor();

    // The React app hears the decision (kyc-decision → React state) without a reload.
    await applicant.getByTestId('app-decision').getByText(/photos need to be taken again/).waitFor();
    const flow = flowOf(applicant);
    await flow.getByText(reason).waitFor();
    await assertNotReloaded(applicant);
    await flow.getByRole('button', { name: 'Continue' }).click();
    await retakeFrontAndSubmit(applicant, suite.files.frontRetake);

    // The reviewer reloads the changed case and approves.
    await reloadChangedCaseAndApprove(reviewer);
    await reviewer.getByTestId('vue-decisions').getByText(`${caseId}: approve`).waitFor();
    await assertNotReloaded(reviewer);

    await applicant.getByTestId('app-decision').getByText(/Approved/).waitFor();
    await applicant.getByTestId('app-status').getByText('approved').waitFor();
    await assertNotReloaded(applicant);
  });
});

test('at 320 px neither framework page scrolls sideways; the Vue page signs in with its form', async () => {
  await scenario('frameworks 320 px', suite, async (s) => {
    // Not isMobile: a mobile viewport widens itself to fit the content and would hide an overflow.
    const context = await s.context({ viewport: { width: 320, height: 640 } });
    const react = await s.page(context);
    await react.goto('/react/');
    await flowOf(react).getByRole('button', { name: 'Start KYC' }).waitFor();
    const vue = await s.page(context);
    await vue.goto('/vue/');
    await vue.getByLabel('Reviewer key').fill(REVIEWER_KEY);
    await vue.getByRole('button', { name: 'Sign in' }).click();
    await queueOf(vue).getByRole('heading', { name: 'KYC review queue' }).waitFor();
    for (const [label, page] of [['/react/', react], ['/vue/', vue]] as const) {
      const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
      assert.equal(size.innerWidth, 320, `${label}: the viewport`);
      assert.ok(size.scrollWidth <= size.innerWidth, `${label}: ${size.scrollWidth} px wide at ${size.innerWidth} px`);
    }
  });
});
