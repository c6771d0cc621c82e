/**
 * The two-person story of issue 12 on the demo server: staff sign in through
 * the demo identity provider; the reviewer proposes a rejection, the applicant
 * still sees "under review"; the senior, in another browser, finds the case
 * waiting for a second review and confirms it with the queue's Confirm button; the applicant's open page
 * shows the rejection. The senior's short-lived token is renewed in place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, scenario, useDemo } from './harness.js';
import { assertNotReloaded, caseLink, completeFlow, flowOf, markNoReload, queueOf, type Person } from './steps.js';

// 60-second tokens: the portal renews them after 48 s (4/5 of their life: a minute before the end would be at once).
const suite = useDemo({ KYC_FOUR_EYES: 'reject', KYC_DEMO_IDP: 'on', KYC_DEMO_TOKEN_SECONDS: '60' });

const grace: Person = { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1986-12-09', country: 'GB', countryName: 'United Kingdom' };

test('four eyes: reviewer proposes a rejection, the senior confirms it in another browser, the applicant sees it', async () => {
  await scenario('four-eyes', suite, async (s) => {
    const applicant = await s.page(await s.context(PHONE));
    await applicant.goto('/kyc/');
    await completeFlow(applicant, grace, suite.files);
    await markNoReload(applicant);

    // The reviewer signs in through the portal's identity provider.
    const reviewer = await s.page(await s.context(DESKTOP));
    await reviewer.goto('/backoffice/');
    await reviewer.getByRole('button', { name: /Sign in as Riley Reviewer/ }).click();
    await reviewer.getByText('Signed in as Riley Reviewer (Reviewer)').waitFor();
    await reviewer.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'KYC reviews' }).click();
    await caseLink(reviewer, grace).click();
    const queue = queueOf(reviewer);
    await queue.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await queue.getByRole('button', { name: 'Reject' }).click();
    const dialog = queue.getByRole('dialog');
    await dialog.getByLabel('Reason', { exact: true }).fill('The document is a photocopy');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The senior, in another browser: the case waits for a second review.
    const senior = await s.page(await s.context(DESKTOP));
    await senior.goto('/backoffice/');
    await senior.getByRole('button', { name: /Sign in as Sasha Senior/ }).click();
    await senior.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'KYC reviews' }).click();
    const seniorQueue = queueOf(senior);
    await seniorQueue.getByLabel('Status').selectOption('pending_second_review');
    await caseLink(senior, grace).waitFor();
    await seniorQueue.getByRole('row', { name: /Grace Hopper/ }).getByText('Waiting for a second review').waitFor();

    // Nothing has reached the applicant yet.
    await flowOf(applicant).getByText(/under review/i).waitFor();
    assert.equal(await flowOf(applicant).getByText(/rejected/i).count(), 0, 'a proposal is not a decision');

    // The senior opens the case: the proposal with its author and reason, Confirm and Return instead of the decision bar.
    await caseLink(senior, grace).click();
    await seniorQueue.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    const proposal = seniorQueue.getByRole('region', { name: 'Waiting for a second review' });
    await proposal.getByText(/Proposed by Riley Reviewer/).waitFor();
    await proposal.getByText('The document is a photocopy').waitFor();
    assert.equal(await seniorQueue.getByRole('button', { name: /^Approve/ }).count(), 0, 'no Approve while a proposal waits');
    await seniorQueue.getByRole('button', { name: 'Confirm' }).click();
    await seniorQueue.getByText('Proposal confirmed: Rejected.').waitFor();

    // What the BFF recorded, read with the token the portal handed the element.
    const confirmed = await senior.evaluate(async (lastName) => {
      const token = (document.querySelector('kyc-review-queue') as HTMLElement & { token: string }).token;
      const headers = { authorization: `Bearer ${token}` };
      const list = await (await fetch(`/api/v1/cases?status=rejected&q=${lastName}`, { headers })).json();
      const answer = await fetch(`/api/v1/cases/${list.items[0].id}`, { headers });
      return { status: answer.status, body: await answer.json() };
    }, grace.lastName);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.decision.reviewer, 'demo-riley');
    assert.equal(confirmed.body.decision.confirmedBy, 'demo-sasha');
    assert.deepEqual(
      confirmed.body.history.slice(-2).map((h: { action: string; actor: { id: string } }) => [h.action, h.actor.id]),
      [['proposed', 'demo-riley'], ['confirmed', 'demo-sasha']],
    );

    // The applicant's open page shows the rejection without a reload.
    const flow = flowOf(applicant);
    await flow.getByText(/rejected/i).first().waitFor();
    await flow.getByText('The document is a photocopy').waitFor();
    await assertNotReloaded(applicant);

  });
});

test('a renewed token reaches the element in place: same page, same list, no sign-in screen', async () => {
  await scenario('four-eyes-renewal', suite, async (s) => {
    const senior = await s.page(await s.context(DESKTOP));
    await senior.goto('/backoffice/');
    const renewed = senior.waitForRequest((request) => request.url().endsWith('/idp/token'), { timeout: 80_000 });
    await senior.getByRole('button', { name: /Sign in as Sasha Senior/ }).click();
    await renewed; // the sign-in itself
    await senior.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'KYC reviews' }).click();
    const queue = queueOf(senior);
    await queue.getByLabel('Status').selectOption('pending_second_review');
    await markNoReload(senior);
    const tokenOf = () => senior.evaluate(() => (document.querySelector('kyc-review-queue') as HTMLElement & { token: string }).token);
    const first = await tokenOf();
    // 60-second tokens are renewed after 48 s.
    await senior.waitForRequest((request) => request.url().endsWith('/idp/token'), { timeout: 80_000 });
    await senior.waitForFunction((old) => (document.querySelector('kyc-review-queue') as HTMLElement & { token: string }).token !== old, first, { timeout: 10_000 });
    assert.notEqual(await tokenOf(), first);
    assert.equal(await senior.locator('#sign-in').isHidden(), true, 'still signed in');
    assert.equal(await queue.getByLabel('Status').inputValue(), 'pending_second_review', 'the list kept its filter');
    assert.match(senior.url(), /\/backoffice\/kyc\/?$/);
    await assertNotReloaded(senior);
    // The new token works where the old one is about to stop.
    const me = await senior.evaluate(async () => {
      const token = (document.querySelector('kyc-review-queue') as HTMLElement & { token: string }).token;
      return (await fetch('/api/v1/reviewers/me', { headers: { authorization: `Bearer ${token}` } })).json();
    });
    assert.equal(me.id, 'demo-sasha');
  });
});
