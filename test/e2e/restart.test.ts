/**
 * The server restarts while an applicant waits on "under review" with the
 * page open. `<kyc-flow>`'s event stream drops; it must come back by itself
 * (no reload) and the reviewer's decision must reach the page:
 *
 * - killed (SIGKILL, a crash) and started again on the same port and data:
 *   the page reconnects, then the reviewer decides, and the decision is pushed;
 * - stopped (SIGTERM: the server ends its streams cleanly) and started again,
 *   with the decision made while the page's stream is still down (its
 *   reconnection is held back until the reviewer's answer came): only the
 *   GET the client makes after reconnecting can show it.
 *
 * `demo.restart()` (harness.ts) keeps the port, data directory and pages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { PHONE, pendingCases, reviewerApi, scenario, useDemo, type Scenario } from './harness.js';
import { assertNotReloaded, completeFlow, eventually, flowOf, markNoReload, type Person } from './steps.js';

const suite = useDemo();

async function decide(caseId: string, decision: { outcome: string; reason?: string }) {
  const { version } = await reviewerApi<{ version: number }>(suite.demo, `/cases/${caseId}`);
  await reviewerApi(suite.demo, `/cases/${caseId}/decision`, { method: 'POST', json: { ...decision, version } });
}

const STREAM = /\/api\/v1\/workflows\/[^/]+\/stream$/;

/** Counts the page's event-stream connections the server answered with 200. */
function countStreams(page: Page): () => number {
  let opened = 0;
  page.on('response', (response) => {
    if (STREAM.test(new URL(response.url()).pathname) && response.status() === 200) opened++;
  });
  return () => opened;
}

/** Waits until `check()` holds (polled; the page's stream needs the client's backoff to come back). */
const until = (check: () => boolean, what: string) => eventually(async () => check(), what, 15_000);

/** A phone page whose applicant completed the flow and waits under review with its event stream open. */
async function underReview(s: Scenario, person: Person) {
  const page = await s.page(await s.context(PHONE));
  const streams = countStreams(page);
  await page.goto('/kyc/');
  await completeFlow(page, person, suite.files);
  await until(() => streams() >= 1, 'the event stream');
  await markNoReload(page);
  const cases = await pendingCases(suite.demo, person.lastName);
  assert.equal(cases.length, 1, `one pending case for ${person.lastName}`);
  return { page, streams, caseId: cases[0]!.id };
}

test('killed (SIGKILL) and restarted: the open page reconnects by itself and shows the decision pushed afterwards', async () => {
  const ada: Person = { firstName: 'Ada', lastName: 'Byron', dateOfBirth: '1990-12-10', country: 'GB', countryName: 'United Kingdom' };
  await scenario('restart after SIGKILL', suite, async (s) => {
    const { page, streams, caseId } = await underReview(s, ada);

    const before = streams();
    await suite.demo.restart({ signal: 'SIGKILL' });
    // The client's backoff brings the stream back (no reload, no click).
    await until(() => streams() > before, 'the stream to reconnect');

    await decide(caseId, { outcome: 'approve' });
    const flow = flowOf(page);
    await flow.getByText(/has been approved/i).waitFor();
    await assertNotReloaded(page);
  });
});

test('stopped (SIGTERM) and restarted, decided while the stream is down: the catch-up after reconnecting shows it', async () => {
  const alan: Person = { firstName: 'Alan', lastName: 'Mathison', dateOfBirth: '1985-06-23', country: 'DE', countryName: 'Germany' };
  await scenario('restart after SIGTERM, decided meanwhile', suite, async (s) => {
    const { page, streams, caseId } = await underReview(s, alan);

    // From here on the page's stream requests wait (they are not answered, changed or failed)
    // until the reviewer has decided: the decision cannot arrive as a push.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(STREAM, async (route: Route) => {
      held++;
      await released;
      await route.continue();
    });
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === `/api/v1/workflows/${caseId}`) reads.push('GET');
    });

    const before = streams();
    await suite.demo.restart({ signal: 'SIGTERM' });
    const reason = 'The photo of the front is from another document';
    await decide(caseId, { outcome: 'reject', reason });
    assert.equal(streams(), before, 'no stream was open while the reviewer decided');
    const flow = flowOf(page);
    assert.equal(await flow.getByText(/under review/i).count(), 1, 'still under review before the page reconnects');

    await until(() => held > 0, 'the page to try its stream again');
    release();
    await until(() => streams() > before, 'the stream to reconnect');
    await flow.getByText(/was rejected/i).waitFor();
    await flow.getByText(reason).waitFor();
    assert.ok(reads.length >= 1, 'the page read its workflow again after reconnecting');
    await assertNotReloaded(page);
  });
});
