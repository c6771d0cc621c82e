/**
 * The demo's integrator, Northwind Bank: its sign-up page asks the bank's own
 * server for a start code (the check starts server-side, no anonymous
 * workflow), the applicant finishes, a reviewer approves, and the bank's
 * customer records page shows "approved" with "signature verified", as the
 * signed webhook reported it. And an expired applicant token: the element says
 * so, fires kyc-expired, and the page gets a new start code for the same check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, reviewerApi, scenario, startDemo, useDemo } from './harness.js';
import { completeFlow, flowOf, type Person } from './steps.js';

const suite = useDemo();

const grace: Person = { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1986-12-09', country: 'GB', countryName: 'United Kingdom' };

/** API calls the page makes, as "METHOD /path". */
function watchRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/bank/api/')) seen.push(`${request.method()} ${url.pathname}`);
  });
  return seen;
}

test('the bank’s page starts the check server-side; after the reviewer approves, the bank’s records say approved, signature verified', async () => {
  await scenario('bank', suite, async (s) => {
    const applicant = await s.page(await s.context(PHONE));
    const requests = watchRequests(applicant);
    await applicant.goto('/bank/');
    await applicant.locator('#bank-customer').filter({ hasText: /NW-\d{6}/ }).waitFor();
    const customerId = /NW-\d{6}/.exec((await applicant.locator('#bank-customer').textContent()) ?? '')![0];
    await completeFlow(applicant, grace, suite.files);
    assert.ok(requests.includes('POST /bank/api/start-code'), 'the page asked the bank for a start code');
    assert.ok(requests.includes('POST /api/v1/handoffs'), 'the element redeemed it');
    assert.ok(!requests.includes('POST /api/v1/workflows'), 'no anonymous workflow was started');

    const records = await s.page(await s.context(DESKTOP));
    await records.goto('/bank/records/');
    const row = records.getByRole('row').filter({ has: records.getByRole('rowheader', { name: customerId }) });
    await row.getByRole('cell', { name: 'pending review' }).waitFor();
    await row.getByRole('cell', { name: 'signature verified' }).waitFor();

    const [found] = (await reviewerApi<{ items: { id: string }[] }>(s.demo, `/cases?status=pending_review&q=Hopper`)).items;
    const opened = await reviewerApi<{ version: number }>(s.demo, `/cases/${found.id}`);
    await reviewerApi(s.demo, `/cases/${found.id}/decision`, { method: 'POST', json: { outcome: 'approve', version: opened.version } });

    // No reload: the records page follows the bank's server, which follows the webhooks.
    await row.getByRole('cell', { name: 'approved' }).waitFor();
    await row.getByRole('cell', { name: 'signature verified' }).waitFor();
    await flowOf(applicant).getByText(/approved/i).first().waitFor();
    // The server's log says the same (the demo's API key is made per run, so the delivery log is read there).
    assert.match(s.demo.log(), /webhook msg_\S+ workflow\.decided attempt 1: delivered/);
  });
});

test('an expired applicant token: the element says so in words, fires kyc-expired, and the page continues the same check with a new start code', async () => {
  const demo = await startDemo({ KYC_APPLICANT_TOKEN_TTL: '2' });
  try {
    await scenario('bank-expired', { demo, browser: suite.browser }, async (s) => {
      const context = await s.context(DESKTOP);
      await context.addInitScript(() => {
        const seen: unknown[] = ((window as unknown as { kycSeen: unknown[] }).kycSeen = []);
        for (const type of ['kyc-expired', 'kyc-error']) document.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
      });
      const page = await s.page(context);
      const requests = watchRequests(page);
      await page.goto('/bank/');
      const flow = flowOf(page);
      await flow.getByRole('button', { name: 'Start KYC' }).waitFor();
      await new Promise((resolve) => setTimeout(resolve, 3000)); // longer than KYC_APPLICANT_TOKEN_TTL
      await flow.getByRole('button', { name: 'Start KYC' }).click();
      const seen = async () => page.evaluate(() => (window as unknown as { kycSeen: { type: string; detail: any }[] }).kycSeen);
      for (let i = 0; i < 100 && !(await seen()).some((e) => e.type === 'kyc-expired'); i++) await page.waitForTimeout(100);
      const events = await seen();
      assert.deepEqual(
        events.find((e) => e.type === 'kyc-expired')?.detail,
        { code: 'token_expired' },
        JSON.stringify(events),
      );
      const error = events.find((e) => e.type === 'kyc-error')!.detail;
      assert.equal(error.code, 'token_expired');
      assert.match(error.message, /link has expired/);
      // The page fetched a new start code; the element redeemed it and carries on with the same check.
      await flow.getByRole('button', { name: 'Start KYC' }).click();
      await flow.getByLabel('First name').waitFor();
      assert.equal(requests.filter((r) => r === 'POST /bank/api/start-code').length, 2);
      assert.equal(requests.filter((r) => r === 'POST /api/v1/handoffs').length, 2);
      assert.ok(!requests.includes('POST /api/v1/workflows'));
    });
  } finally {
    await demo.close();
  }
});
