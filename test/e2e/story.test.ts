/**
 * The demo's story, end to end: an applicant on a phone and a reviewer in
 * the backoffice, each in their own browser context, through the host pages
 * of `npm start` and the real server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP, PHONE, REVIEWER_KEY, scenario, useDemo } from './harness.js';
import { magicOf } from './images.js';
import { assertNotReloaded, caseLink, completeFlow, flowOf, loadedCaseImages, markNoReload, openBackoffice, queueOf, reloadChangedCaseAndApprove, requestFrontAgain, retakeFrontAndSubmit, type Person } from './steps.js';

const suite = useDemo();

const ada: Person = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  dateOfBirth: '1990-12-10',
  country: 'GB',
  countryName: 'United Kingdom',
};

test('the story: submit on a phone, resubmission requested live, resubmit, approved live', async () => {
  assert.equal(magicOf(suite.files.front.buffer), 'jpeg');
  assert.equal(magicOf(suite.files.back.buffer), 'png');
  assert.equal(magicOf(suite.files.selfie.buffer), 'png');

  await scenario('story', suite, async (s) => {
    // The reviewer is already looking at the queue.
    const reviewer = await s.page(await s.context(DESKTOP));
    await openBackoffice(reviewer, REVIEWER_KEY);
    assert.equal(new URL(reviewer.url()).hash, '', 'the key is removed from the address bar');
    await markNoReload(reviewer);

    // 1. The applicant, on a phone, completes the flow and sees "under review".
    const applicant = await s.page(await s.context(PHONE));
    await applicant.goto('/kyc/');
    await completeFlow(applicant, ada, suite.files);
    await markNoReload(applicant);

    // 2. The case appears in the open backoffice without a reload.
    await caseLink(reviewer, ada).waitFor();
    await assertNotReloaded(reviewer);

    // 3. The reviewer opens it: details and three loaded images; asks for a new front.
    await caseLink(reviewer, ada).click();
    const queue = queueOf(reviewer);
    await queue.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    assert.match(reviewer.url(), /\/backoffice\/kyc\/cases\/[^/]+$/, 'a case is a deep link under base-path');
    const details = queue.getByRole('region', { name: 'Personal details' });
    await details.getByText('1990').waitFor();
    await details.getByText(ada.countryName).first().waitFor();
    const images = await loadedCaseImages(reviewer, 3);
    assert.equal(images.length, 3, `three images: ${images.join(' | ')}`);
    assert.ok(images.some((name) => /ID card front/.test(name)), `a front: ${images.join(' | ')}`);
    assert.ok(images.some((name) => /ID card back/.test(name)), `a back: ${images.join(' | ')}`);
    assert.ok(images.some((name) => /Selfie/.test(name)), `a selfie: ${images.join(' | ')}`);

    const reason = 'The front photo is too dark to read the date of birth';
    await requestFrontAgain(reviewer, reason);

    // 4. The applicant's open tab shows the reason, without a reload, and goes to re-take the front.
    const flow = flowOf(applicant);
    await flow.getByText(reason).waitFor();
    await assertNotReloaded(applicant);
    await flow.getByRole('button', { name: 'Continue' }).click();
    await flow.getByRole('heading', { name: /ID card.*front/i }).waitFor();
    await flow.getByText(reason).waitFor(); // the reason stays beside the camera

    // 5. The applicant resubmits; the reviewer sees it come back and approves.
    await retakeFrontAndSubmit(applicant, suite.files.frontRetake);

    // The open case says it changed (it does not change under the reviewer's eyes); reload it, then decide.
    await reloadChangedCaseAndApprove(reviewer);
    await queue.getByText(/approved/i).first().waitFor();
    await assertNotReloaded(reviewer);

    // 6. The applicant's tab says "approved".
    await flow.getByText(/approved/i).first().waitFor();
    await assertNotReloaded(applicant);
  });
});
