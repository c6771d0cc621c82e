/**
 * Screenshots of the demo's pages for the README (docs/screenshots/*.png),
 * taken from the running demo: builds if needed, starts the demo server with
 * a throw-away data directory, plays a little of the story with Debian's
 * Chromium (three applicants, one case open in the backoffice) and saves:
 *
 *   landing.png            /            desktop
 *   kyc-details.png        /kyc/        phone, personal details
 *   kyc-review.png         /kyc/        phone, checking the document photos
 *   kyc-decision.png       /kyc/        phone, a resubmission request arrived
 *   backoffice-queue.png   /backoffice/kyc/          desktop
 *   backoffice-case.png    /backoffice/kyc/cases/…   desktop
 *   themed.png             /themed/     phone
 *
 * Run: node scripts/screenshots.mjs [output dir]
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';
import { ensureBuilt, REPO } from './build-if-needed.mjs';

const out = resolve(process.argv[2] ?? join(REPO, 'docs', 'screenshots'));
mkdirSync(out, { recursive: true });
await ensureBuilt();

register();
const { startDemo, launchChromium, PHONE, DESKTOP, REVIEWER_KEY } = await import('../test/e2e/harness.ts');
const { applicantImages } = await import('../test/e2e/images.ts');
const steps = await import('../test/e2e/steps.ts');

const demo = await startDemo();
const browser = await launchChromium();
const shots = [];
async function shot(page, name, options = {}) {
  const path = join(out, `${name}.png`);
  // Let fonts, images and transitions settle: this is a picture, not a test.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path, ...options });
  shots.push(path);
}

try {
  const files = await applicantImages(browser);
  const newPage = async (options) => (await browser.newContext({ ...options, baseURL: demo.url, locale: 'en-US' })).newPage();

  // The start page.
  const landing = await newPage({ ...DESKTOP, viewport: { width: 1280, height: 860 } });
  await landing.goto('/');
  await shot(landing, 'landing');

  // Two earlier applicants, so that the queue has a few rows.
  const people = [
    { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '1980-12-09', country: 'US' },
    { firstName: 'Alan', lastName: 'Turing', dateOfBirth: '1985-06-23', country: 'GB' },
  ];
  for (const person of people) {
    const page = await newPage(PHONE);
    await page.goto('/kyc/');
    await steps.completeFlow(page, person, files);
    await page.context().close();
  }

  // The applicant of the story, on a phone.
  const phone = await newPage(PHONE);
  await phone.goto('/kyc/');
  const flow = steps.flowOf(phone);
  await flow.getByRole('button', { name: 'Start KYC' }).click();
  await flow.getByLabel('First name').fill('Ada');
  await flow.getByLabel('Last name').fill('Lovelace');
  await flow.getByLabel('Date of birth').fill('1990-12-10');
  await flow.getByLabel('Country', { exact: true }).selectOption('GB');
  await shot(phone, 'kyc-details');
  await flow.getByRole('button', { name: 'Continue' }).click();
  await steps.chooseIdCard(phone);
  await steps.uploadSide(phone, 'front', files.front);
  await steps.uploadSide(phone, 'back', files.back);
  await flow.getByRole('heading', { name: /check your document/i }).waitFor();
  await steps.loadedImages(phone, 'kyc-flow', 2);
  await flow.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await shot(phone, 'kyc-review');
  await steps.confirmDocumentAndSelfie(phone, files.selfie);
  await flow.getByText(/under review/i).waitFor();

  // The reviewer: the queue, then Ada's case.
  const desk = await newPage({ ...DESKTOP, viewport: { width: 1280, height: 1000 } });
  await steps.openBackoffice(desk, REVIEWER_KEY);
  await steps.caseLink(desk, { firstName: 'Ada', lastName: 'Lovelace' }).waitFor();
  await shot(desk, 'backoffice-queue');
  await steps.caseLink(desk, { firstName: 'Ada', lastName: 'Lovelace' }).click();
  await steps.loadedCaseImages(desk, 3);
  await shot(desk, 'backoffice-case');

  // A resubmission request reaches the applicant's open page.
  const queue = steps.queueOf(desk);
  await queue.getByRole('button', { name: 'Request resubmission' }).click();
  const dialog = queue.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: 'ID card front' }).check();
  await dialog.getByLabel('Reason', { exact: true }).fill('The front photo is too dark to read the date of birth.');
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await flow.getByText(/too dark/).waitFor();
  await flow.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await shot(phone, 'kyc-decision');

  // The themed page.
  const themed = await newPage(PHONE);
  await themed.goto('/themed/');
  const themedFlow = steps.flowOf(themed);
  await themedFlow.getByRole('button', { name: 'Start KYC' }).click();
  await themedFlow.getByLabel('First name').fill('Hedy');
  await themedFlow.getByLabel('Last name').fill('Lamarr');
  await shot(themed, 'themed', { fullPage: true });

  console.log(`Saved ${shots.length} screenshots:\n${shots.map((path) => `  ${path}`).join('\n')}`);
} finally {
  await browser.close();
  await demo.close();
}
