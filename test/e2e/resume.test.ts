/**
 * Resuming: a reload continues at the last saved step with what was entered;
 * the "Continue on another device" link (a one-time code, never a token),
 * opened in a fresh browser context (another device: no shared storage),
 * continues the same workflow to the end, and the first device then says the
 * application continues elsewhere.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, pendingCases, PHONE, scenario, useDemo } from './harness.js';
import { chooseIdCard, flowOf, resumeLinkOf, startAndFillDetails, submitIdCardAndSelfie, type Person } from './steps.js';

const suite = useDemo();

test('a reload resumes at the last saved step, with the details entered; and again once submitted', async () => {
  const grace: Person = { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1980-12-09', country: 'US', countryName: 'United States' };
  await scenario('reload resumes', suite, async (s) => {
    const page = await s.page(await s.context(PHONE));
    await page.goto('/kyc/');
    const flow = flowOf(page);
    await startAndFillDetails(page, grace);
    await flow.getByRole('heading', { name: 'Choose your document' }).waitFor();

    await page.reload();
    await flow.getByRole('heading', { name: 'Choose your document' }).waitFor();
    await flow.getByRole('button', { name: 'Back' }).click();
    assert.equal(await flow.getByLabel('First name').inputValue(), 'Grace');
    assert.equal(await flow.getByLabel('Last name').inputValue(), 'Hopper');
    assert.equal(await flow.getByLabel('Date of birth').inputValue(), '1980-12-09');
    assert.equal(await flow.getByLabel('Country', { exact: true }).inputValue(), 'US');
    await flow.getByRole('button', { name: 'Continue' }).click();

    await submitIdCardAndSelfie(page, suite.files);

    await page.reload();
    await flow.getByText(/under review/i).waitFor();
    assert.equal((await pendingCases(suite.demo, 'Hopper')).length, 1, 'one case for one applicant');
  });
});

test('the resume link opened in a fresh browser context continues the same workflow; the first device then stops', async () => {
  const katherine: Person = { firstName: 'Katherine', lastName: 'Johnson', dateOfBirth: '1978-08-26', country: 'FR', countryName: 'France' };
  await scenario('resume link', suite, async (s) => {
    // Started on a laptop without a camera worth using…
    const laptop = await s.page(await s.context(DESKTOP));
    await laptop.goto('/kyc/');
    await startAndFillDetails(laptop, katherine);
    await chooseIdCard(laptop);
    await flowOf(laptop).getByRole('heading', { name: /front/i }).waitFor();
    const link = await resumeLinkOf(laptop);
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, `${suite.demo.url}/kyc/`, 'the link opens the same page');
    assert.equal(url.search, '', 'nothing secret in the query');
    const laptopToken = await laptop.evaluate(() => {
      const key = Object.keys(localStorage).find((name) => name.startsWith('kyc-flow:'))!;
      return JSON.parse(localStorage.getItem(key)!).token as string;
    });
    assert.ok(!link.includes(laptopToken), 'the link carries no token');
    assert.match(url.hash, /^#kyc-handoff=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22,}$/, 'a one-time code in the fragment');

    // …continued on a phone: no storage shared with the laptop.
    const phone = await s.page(await s.context(PHONE));
    await phone.goto(link);
    const flow = flowOf(phone);
    // The last saved step is the document choice (the choice itself is saved with the photos).
    await flow.getByRole('heading', { name: 'Choose your document' }).waitFor();
    assert.equal(new URL(phone.url()).hash, '', 'the code is removed from the address bar');

    // The laptop's token stopped working when the phone redeemed the code: it says so, and offers nothing to continue.
    const left = flowOf(laptop);
    await left.getByRole('heading', { name: 'This application continues on another device' }).waitFor();
    assert.equal(await left.getByRole('button', { name: 'Continue' }).count(), 0);
    assert.equal((await left.locator('[part=error]').textContent())?.trim(), '', 'not shown as an error');

    // The link works once: opened again (another browser), it says so and offers a fresh start.
    const again = await s.page(await s.context(PHONE));
    await again.goto(link);
    await flowOf(again).getByRole('alert').filter({ hasText: 'This link has expired or was already used' }).waitFor();
    await flowOf(again).getByRole('button', { name: 'Start KYC' }).waitFor();

    // What the laptop entered is there.
    await flow.getByRole('button', { name: 'Back' }).click();
    assert.equal(await flow.getByLabel('First name').inputValue(), 'Katherine');
    await flow.getByRole('button', { name: 'Continue' }).click();
    await submitIdCardAndSelfie(phone, suite.files);

    // The same workflow: exactly one case for this applicant, and it is the one the link named.
    const cases = await pendingCases(suite.demo, 'Johnson');
    assert.equal(cases.length, 1, 'one case');
    assert.ok(link.includes(encodeURIComponent(cases[0]!.id)) || link.includes(cases[0]!.id), 'the link named this case');

    // The phone keeps it: a reload there shows the same case under review.
    await phone.reload();
    await flow.getByText(/under review/i).waitFor();
  });
});
