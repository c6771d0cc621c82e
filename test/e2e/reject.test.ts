/**
 * The reject path, and the backoffice's deep links: a reviewer reloads an
 * open case (the server answers every /backoffice/ path with the portal, the
 * key survives in sessionStorage), rejects it with a reason, and the
 * applicant's open page shows the rejection and the reason, also after a reload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, REVIEWER_KEY, scenario, useDemo } from './harness.js';
import { assertNotReloaded, caseLink, completeFlow, flowOf, markNoReload, openBackoffice, queueOf, type Person } from './steps.js';

const suite = useDemo();

const alan: Person = { firstName: 'Alan', lastName: 'Turing', dateOfBirth: '1985-06-23', country: 'DE', countryName: 'Germany' };

test('reject: a deep link to the case survives a reload; the applicant sees the rejection and its reason live', async () => {
  await scenario('reject', suite, async (s) => {
    const applicant = await s.page(await s.context(PHONE));
    await applicant.goto('/kyc/');
    await completeFlow(applicant, alan, suite.files);
    await markNoReload(applicant);

    const reviewer = await s.page(await s.context(DESKTOP));
    await openBackoffice(reviewer, REVIEWER_KEY);
    await caseLink(reviewer, alan).click();
    const queue = queueOf(reviewer);
    await queue.getByRole('heading', { name: 'Alan Turing' }).waitFor();
    const caseUrl = reviewer.url();
    assert.match(caseUrl, /\/backoffice\/kyc\/cases\/[^/#?]+$/);

    // The deep link survives a reload: same case, still signed in, the portal's KYC section.
    await reviewer.reload();
    assert.equal(reviewer.url(), caseUrl);
    await queue.getByRole('heading', { name: 'Alan Turing' }).waitFor();
    await reviewer.getByRole('heading', { name: 'KYC reviews', level: 1 }).waitFor();
    assert.equal(
      await reviewer.getByRole('link', { name: 'KYC reviews' }).getAttribute('aria-current'),
      'page',
      'the portal marks its KYC section as current',
    );

    const reason = 'The document has expired';
    await queue.getByRole('button', { name: 'Reject' }).click();
    const dialog = queue.getByRole('dialog');
    await dialog.getByLabel('Reason', { exact: true }).fill(reason);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await queue.getByText('Rejected', { exact: true }).first().waitFor();

    // The applicant's open page: rejected, without a reload. A common reason travels as its code
    // (issue 16 item 6) and the applicant reads it as a next step in their own words, not the verdict.
    const nextStep = 'Your document has expired. You can apply again with a valid one.';
    const flow = flowOf(applicant);
    await flow.getByText(/rejected/i).first().waitFor();
    await flow.getByText(nextStep).waitFor();
    assert.equal(await flow.getByText(reason, { exact: true }).count(), 0, 'not the reviewer\u2019s wording');
    await assertNotReloaded(applicant);
    // …and again on a later visit.
    await applicant.reload();
    await flow.getByText(/rejected/i).first().waitFor();
    await flow.getByText(nextStep).waitFor();
    assert.equal(await flow.getByRole('button', { name: 'Continue' }).count(), 0, 'a rejection is final');
  });
});
