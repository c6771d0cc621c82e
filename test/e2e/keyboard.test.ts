/**
 * The applicant flow with the keyboard only: every control is reached with
 * Tab (and arrow keys inside the radio group) and used with Enter, Space or
 * typing; files are chosen through the file dialog a key press opens. No
 * click, no fill(), no setInputFiles() on an element.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DESKTOP, scenario, useDemo } from './harness.js';
import type { ImageFile } from './images.js';
import { flowOf, tabTo } from './steps.js';

const suite = useDemo();

/** Space on a focused file input opens the file dialog; the "person" picks `file` in it. */
async function chooseFileWithKeyboard(page: Page, file: ImageFile) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(file);
}

test('keyboard only: from Start KYC to "under review"', async () => {
  await scenario('keyboard only', suite, async (s) => {
    const page = await s.page(await s.context({ ...DESKTOP, locale: 'en-US' }));
    // Playwright intercepts file dialogs only while a 'filechooser' listener exists, and switches that on
    // asynchronously when the first one is added: a key press right after waitForEvent() could beat it
    // (the dialog then opened unseen: 3 runs in 5 here). This listener keeps it on for the whole test.
    page.on('filechooser', () => undefined);
    await page.goto('/kyc/');
    const flow = flowOf(page);
    const key = (name: string) => page.keyboard.press(name);

    await tabTo(page, flow.getByRole('button', { name: 'Start KYC' }));
    await key('Enter');

    await tabTo(page, flow.getByLabel('First name'));
    await page.keyboard.type('Hedy');
    await key('Tab');
    await page.keyboard.type('Lamarr');
    await key('Tab');
    // A date field in en-US: month, day, year.
    await page.keyboard.type('11091984');
    // Type-ahead in the closed country list.
    await tabTo(page, flow.getByLabel('Country', { exact: true }));
    await page.keyboard.type('Austria');
    assert.equal(await flow.getByLabel('Country', { exact: true }).inputValue(), 'AT');
    assert.equal(await flow.getByLabel('Date of birth').inputValue(), '1984-11-09');
    await tabTo(page, flow.getByRole('button', { name: 'Continue' }));
    await key('Enter');

    // The radio group: Tab into it, arrows to choose.
    await tabTo(page, flow.getByRole('radio', { name: 'Passport' }));
    await key('ArrowDown');
    assert.equal(await flow.getByRole('radio', { name: 'ID card' }).isChecked(), true);
    await tabTo(page, flow.getByRole('button', { name: 'Continue' }));
    await key('Enter');

    await flow.getByRole('heading', { name: /front|page with your photo/i }).waitFor();
    await tabTo(page, flow.getByLabel('Upload photo'));
    await chooseFileWithKeyboard(page, suite.files.front);
    await flow.getByRole('heading', { name: /back/i }).waitFor();
    await tabTo(page, flow.getByLabel('Upload photo'));
    await chooseFileWithKeyboard(page, suite.files.back);

    await flow.getByRole('heading', { name: /check your document/i }).waitFor();
    await tabTo(page, flow.getByRole('button', { name: 'Continue' }));
    await key('Enter');

    await tabTo(page, flow.getByLabel('Upload selfie'));
    await chooseFileWithKeyboard(page, suite.files.selfie);
    await tabTo(page, flow.getByRole('button', { name: 'Submit' }));
    await key('Enter');

    await flow.getByText(/under review/i).waitFor();
  });
});
