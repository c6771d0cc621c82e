/**
 * What a person does in the demo, step by step, through the host pages and
 * the accessible names of elements.md (getByRole / getByLabel only).
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { ImageFile } from './images.js';

export interface Person {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** ISO code, and how the country list names it. */
  country: string;
  countryName: string;
}

export const flowOf = (page: Page) => page.locator('kyc-flow');
export const queueOf = (page: Page) => page.locator('kyc-review-queue');

/** A mark on the page's window: still there later means the page was not reloaded. */
export async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as unknown as { e2eMark: number }).e2eMark = 42));
}
export async function assertNotReloaded(page: Page) {
  assert.equal(await page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark), 42, 'the page was reloaded');
}

export async function startAndFillDetails(page: Page, person: Person) {
  const flow = flowOf(page);
  await flow.getByRole('button', { name: 'Start KYC' }).click();
  await flow.getByLabel('First name').fill(person.firstName);
  await flow.getByLabel('Last name').fill(person.lastName);
  await flow.getByLabel('Date of birth').fill(person.dateOfBirth);
  await flow.getByLabel('Country', { exact: true }).selectOption(person.country);
  await flow.getByRole('button', { name: 'Continue' }).click();
}

export async function chooseIdCard(page: Page) {
  const flow = flowOf(page);
  await flow.getByRole('radio', { name: 'ID card' }).check();
  await flow.getByRole('button', { name: 'Continue' }).click();
}

/** Uploads the photo the current document_photo screen asks for, after checking its heading names `side`. */
export async function uploadSide(page: Page, side: 'front' | 'back', file: ImageFile) {
  const flow = flowOf(page);
  await flow.getByRole('heading', { name: new RegExp(`\\b${side}\\b`, 'i') }).waitFor();
  await flow.getByLabel('Upload photo').setInputFiles(file);
}

export async function confirmDocumentAndSelfie(page: Page, selfie: ImageFile) {
  const flow = flowOf(page);
  await flow.getByRole('heading', { name: /check your document/i }).waitFor();
  await flow.getByRole('button', { name: 'Continue' }).click();
  await flow.getByLabel('Upload selfie').setInputFiles(selfie);
  await flow.getByRole('button', { name: 'Submit' }).click();
}

type FlowFiles = { front: ImageFile; back: ImageFile; selfie: ImageFile };

/** From the document choice to "under review": an ID card, both sides, the selfie, Submit. */
export async function submitIdCardAndSelfie(page: Page, files: FlowFiles) {
  await chooseIdCard(page);
  await uploadSide(page, 'front', files.front);
  await uploadSide(page, 'back', files.back);
  await confirmDocumentAndSelfie(page, files.selfie);
  await flowOf(page).getByText(/under review/i).waitFor();
}

/** Runs the whole applicant flow from the welcome screen to "under review". */
export async function completeFlow(page: Page, person: Person, files: FlowFiles) {
  await startAndFillDetails(page, person);
  await submitIdCardAndSelfie(page, files);
}

/** Opens the backoffice with the key in the fragment and goes to the portal's KYC section. */
export async function openBackoffice(page: Page, key: string) {
  await page.goto(`/backoffice/#token=${encodeURIComponent(key)}`);
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'KYC reviews' }).click();
  await page.getByRole('heading', { name: 'KYC reviews', level: 1 }).waitFor();
}

export function caseLink(page: Page, person: Person): Locator {
  return queueOf(page).getByRole('link', { name: `${person.firstName} ${person.lastName}` });
}

/** At least `expected` images inside `tag`'s shadow root, all decoded with a size; returns their alt texts. */
export async function loadedImages(page: Page, tag: 'kyc-flow' | 'kyc-review-queue', expected: number): Promise<string[]> {
  await page.waitForFunction(
    ({ tag, expected }) => {
      const imgs = [...(document.querySelector(tag)?.shadowRoot?.querySelectorAll('img') ?? [])];
      return imgs.length >= expected && imgs.every((img) => img.complete && img.naturalWidth > 0);
    },
    { tag, expected },
    { timeout: 10_000 },
  );
  const names: string[] = [];
  for (const image of await page.locator(tag).getByRole('img').all()) names.push((await image.getAttribute('alt')) ?? '');
  return names;
}

/** Every image of the open case has loaded (decoded, non-zero size); returns their accessible names. */
export function loadedCaseImages(page: Page, expected: number): Promise<string[]> {
  return loadedImages(page, 'kyc-review-queue', expected);
}

/** Presses Tab until `target` has focus (at most `limit` times). */
export async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i <= limit; i++) {
    const focused = await target.evaluate((element) => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active === element;
    });
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Waits until `button` can be pressed. */
export async function assertEnabled(button: Locator) {
  await button.waitFor();
  await button.page().waitForFunction((element) => !(element as HTMLButtonElement).disabled, await button.elementHandle(), {
    timeout: 10_000,
  });
}

/** Polls `read` until it returns a truthy value (locators cannot wait for an input's value). */
export async function eventually<T>(read: () => Promise<T>, what: string, timeout = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens "Continue on another device" and returns the link it offers. */
export async function resumeLinkOf(page: Page): Promise<string> {
  const flow = flowOf(page);
  await flow.getByRole('group').filter({ hasText: 'Continue on another device' }).getByText('Continue on another device').click();
  const input = flow.getByLabel('Link to continue');
  return eventually(() => input.inputValue(), 'the resume link');
}

/** The reviewer asks for the ID card's front again with `reason`, in the open case's dialog. */
export async function requestFrontAgain(page: Page, reason: string) {
  const queue = queueOf(page);
  await queue.getByRole('button', { name: 'Request resubmission' }).click();
  const dialog = queue.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: 'ID card front' }).check();
  await dialog.getByLabel('Reason', { exact: true }).fill(reason);
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** The applicant, on the photo step of the front again, takes it, confirms and submits: under review. */
export async function retakeFrontAndSubmit(page: Page, file: ImageFile) {
  const flow = flowOf(page);
  await uploadSide(page, 'front', file);
  await flow.getByRole('heading', { name: /check your document/i }).waitFor();
  await flow.getByRole('button', { name: 'Continue' }).click();
  await flow.getByRole('button', { name: 'Submit' }).click();
  await flow.getByText(/under review/i).waitFor();
}

/**
 * The open case says it changed (it does not change under the reviewer's eyes): reload it, see the
 * new front, approve, and confirm with Enter (approving asks first, issue 16 item 5).
 */
export async function reloadChangedCaseAndApprove(page: Page) {
  const queue = queueOf(page);
  await queue.getByText(/changed since you opened it/i).waitFor();
  await queue.getByRole('button', { name: 'Reload the case' }).click();
  await queue.getByText('Version 2', { exact: false }).first().waitFor(); // the new front is there
  const approve = queue.getByRole('button', { name: 'Approve' });
  await assertEnabled(approve);
  await approve.click();
  await queue.getByRole('dialog', { name: 'Approve this case?' }).waitFor();
  await page.keyboard.press('Enter');
}
