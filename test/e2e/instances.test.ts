/**
 * The demo's story across two instances (issue 10 § 5): the applicant's page
 * is served by instance A, the backoffice by instance B, two `bff/server.ts`
 * processes on one throwaway PostgreSQL database and nothing else shared.
 * Every push the story relies on (a new case in B's queue, a resubmission
 * request and an approval on A's page) crosses instances through the
 * database's LISTEN/NOTIFY. Each page's requests are checked to go to its own
 * instance only, so the story cannot pass through one server by accident.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startCluster, type Cluster } from '../node/pg/cluster.js';
import { DESKTOP, launchChromium, PHONE, REVIEWER_KEY, scenario, startDemo, type Demo } from './harness.js';
import { applicantImages, type ApplicantImages } from './images.js';
import { assertNotReloaded, caseLink, completeFlow, flowOf, loadedCaseImages, markNoReload, openBackoffice, queueOf, reloadChangedCaseAndApprove, requestFrontAgain, retakeFrontAndSubmit, type Person } from './steps.js';

let cluster: Cluster | undefined;
let a: Demo | undefined;
let b: Demo | undefined;
let browser: Browser | undefined;
let files: ApplicantImages;

before(async () => {
  cluster = await startCluster({ settings: { fsync: 'off' } });
  // An empty database: the two instances start together and migrate it once between them (advisory lock).
  const env = { KYC_DATABASE_URL: await cluster.createDatabase() };
  [a, b, browser] = await Promise.all([startDemo(env), startDemo(env), launchChromium()]);
  files = await applicantImages(browser);
});

// Each step on its own: a failed start still removes what did start, the cluster last.
after(async () => {
  await browser?.close().catch(() => undefined);
  await Promise.all([a?.close(), b?.close()].map((closing) => closing?.catch(() => undefined)));
  cluster?.destroy();
});

const grace: Person = {
  firstName: 'Grace',
  lastName: 'Hopper',
  dateOfBirth: '1986-12-09',
  country: 'US',
  countryName: 'United States',
};

/** Fails the test later if `page` sends a request to any origin but `origin` (the other instance). */
function onlyTo(page: Page, origin: string, strays: string[]) {
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) strays.push(`${page.url()} → ${url.origin}${url.pathname}`);
  });
}

test('the story across instances: the applicant on A, the reviewer on B, every change pushed between them', { timeout: 180_000 }, async () => {
  const [applicantServer, reviewerServer] = [a!, b!];
  assert.notEqual(applicantServer.url, reviewerServer.url);
  for (const demo of [applicantServer, reviewerServer]) {
    const health = await (await fetch(`${demo.url}/api/v1/health`)).json();
    assert.deepEqual(health, { status: 'ok', store: 'postgres' }, `${demo.url} runs on PostgreSQL`);
  }
  // The scenario's contexts open on B (the backoffice's relative URLs); its failure log holds both servers'.
  const both: Demo = {
    ...reviewerServer,
    log: () => `# --- instance A (${applicantServer.url}) ---\n${applicantServer.log()}\n# --- instance B (${reviewerServer.url}) ---\n${reviewerServer.log()}`,
  };
  const strays: string[] = [];

  await scenario('instances story', { demo: both, browser: browser! }, async (s) => {
    // The reviewer has B's queue open.
    const reviewer = await s.page(await s.context(DESKTOP));
    onlyTo(reviewer, reviewerServer.url, strays);
    await openBackoffice(reviewer, REVIEWER_KEY);
    await markNoReload(reviewer);

    // 1. The applicant, on a phone, completes the flow on A.
    const applicant = await s.page(await s.context(PHONE));
    onlyTo(applicant, applicantServer.url, strays);
    await applicant.goto(`${applicantServer.url}/kyc/`);
    await completeFlow(applicant, grace, files);
    await markNoReload(applicant);

    // 2. The case appears in B's open queue without a reload.
    await caseLink(reviewer, grace).waitFor();
    await assertNotReloaded(reviewer);

    // 3. The reviewer opens it on B: the images A stored load from B; asks for a new front.
    await caseLink(reviewer, grace).click();
    const queue = queueOf(reviewer);
    await queue.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await queue.getByRole('region', { name: 'Personal details' }).getByText(grace.countryName).first().waitFor();
    const images = await loadedCaseImages(reviewer, 3);
    assert.equal(images.length, 3, `three images: ${images.join(' | ')}`);
    const reason = 'The front photo is blurred: the card number cannot be read';
    await requestFrontAgain(reviewer, reason);

    // 4. A's open page shows the reason without a reload; the applicant re-takes the front and submits on A.
    const flow = flowOf(applicant);
    await flow.getByText(reason).waitFor();
    await assertNotReloaded(applicant);
    await flow.getByRole('button', { name: 'Continue' }).click();
    await retakeFrontAndSubmit(applicant, files.frontRetake);

    // 5. B's open case says it changed; reload it, approve, confirm.
    await reloadChangedCaseAndApprove(reviewer);
    await queue.getByText(/approved/i).first().waitFor();
    await assertNotReloaded(reviewer);

    // 6. A's page says approved, without a reload.
    await flow.getByText(/approved/i).first().waitFor();
    await assertNotReloaded(applicant);
  });

  assert.deepEqual(strays, [], 'each page talks only to its own instance');
});
