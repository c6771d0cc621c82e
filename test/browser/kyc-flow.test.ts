import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import {
  adult,
  bff,
  button,
  buttons,
  clearKycStorage,
  errorText,
  field,
  heading,
  recordFetch,
  setValue,
  smallPhoto,
  waitForHeading,
  waitForState,
} from './fixtures/flow.js';
import { chooseDocument, fillDetails, mount, start, toFinal, uploadSide } from './fixtures/drive.js';
import { pickFile } from './fixtures/images.js';

describe('<kyc-flow>', () => {
  let after: (() => Promise<void>) | null = null;
  beforeEach(() => clearKycStorage());
  afterEach(async () => {
    await after?.();
    after = null;
  });
  /** A 320 px phone, with the host page's own 8 px body margin; restored after the test. */
  const onPhone = async () => {
    await setViewport({ width: 320, height: 800 });
    document.body.style.margin = '8px';
    after = async () => {
      await setViewport({ width: 800, height: 600 });
      document.body.style.margin = '';
    };
  };

  it('welcome: says what is needed, is accessible, and fires kyc-state-change once on start', async () => {
    const network = recordFetch();
    after = async () => network.restore();
    const { el, events } = await mount();
    await waitForState(el, 'welcome');
    // Nothing is stored for a visit: no call to the BFF at all while the welcome screen waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(network.calls).to.deep.equal([]);
    expect(el.workflow!.getState().workflowId).to.equal(null);
    expect(el.shadowRoot!.querySelector('details'), 'no link to another device without a workflow').to.equal(null);
    expect(heading(el)!.textContent).to.match(/verify your identity/i);
    expect(el.shadowRoot!.textContent).to.match(/about 5 minutes/);
    expect(el.shadowRoot!.querySelector('li[aria-current]') === null).to.equal(true);
    await expect(el).to.be.accessible();
    expect(events).to.deep.equal([{ type: 'kyc-state-change', detail: { state: 'welcome', status: 'in_progress' } }]);
    button(el, 'Start KYC').click();
    const change = await oneEvent(el, 'kyc-state-change');
    expect(change.detail).to.deep.equal({ state: 'personal_details', status: 'in_progress' });
    expect(network.creations(), 'Start creates one workflow').to.equal(1);
    expect(events.map((e) => e.type)).to.deep.equal(['kyc-state-change', 'kyc-state-change']);
    await el.updateComplete;
    // Focus moves to the new step's heading.
    expect(el.shadowRoot!.activeElement === heading(el), 'focus on the heading').to.equal(true);
    expect(el.shadowRoot!.querySelector('li[aria-current=step]')!.textContent).to.equal('Your details');
  });

  it('personal details: rule violations are shown, announced per field and tied to the field', async () => {
    const { el } = await mount();
    await start(el);
    await expect(el).to.be.accessible();
    setValue(field(el, 'First name'), '  ');
    setValue(field(el, 'Date of birth'), '2020-01-01');
    button(el, 'Continue').click();
    await el.updateComplete;
    const first = field(el, 'First name');
    expect(first.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById(first.getAttribute('aria-describedby')!)!.textContent).to.equal('First name is required');
    const dob = field(el, 'Date of birth');
    expect(el.shadowRoot!.getElementById(dob.getAttribute('aria-describedby')!)!.textContent).to.equal('You must be at least 18 years old');
    const country = field<HTMLSelectElement>(el, 'Country');
    expect(country.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement === first, 'focus on the first invalid field').to.equal(true);
    expect(el.currentState).to.equal('personal_details');
    await expect(el).to.be.accessible();
    // Country names come from Intl.DisplayNames.
    expect([...country.options].find((o) => o.value === 'DE')!.textContent).to.equal('Germany');
    await fillDetails(el);
  });

  it('document choice: a radio group, issuing country defaulting to the country of residence, and Back', async () => {
    const { el } = await mount();
    await start(el);
    await fillDetails(el, { ...adult, country: 'FR' });
    await expect(el).to.be.accessible();
    for (const name of ['Passport', 'ID card', "Driver's license", 'Residence permit']) expect(field(el, name).type).to.equal('radio');
    expect(field<HTMLSelectElement>(el, 'Issuing country').value).to.equal('FR');
    button(el, 'Continue').click();
    await el.updateComplete;
    expect(errorOf(el)).to.equal('Choose a document type');
    button(el, 'Back').click();
    await waitForState(el, 'personal_details');
    expect(field(el, 'First name').value).to.equal('Ada');
    button(el, 'Continue').click();
    await waitForState(el, 'document_selection');
    await chooseDocument(el, 'ID card');
    await waitForHeading(el, /ID card: front side/);
  });

  it('goes from welcome to final by uploads, firing events in order, every screen accessible', async () => {
    const { el, events } = await mount();
    await start(el);
    await fillDetails(el);
    await chooseDocument(el, 'ID card');
    await waitForHeading(el, /front/);
    expect(buttons(el, 'Back')).to.have.length(1);
    await expect(el).to.be.accessible();
    await uploadSide(el, /front/);
    await waitForHeading(el, /ID card: back side/);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement === heading(el), 'focus on the new side').to.equal(true);
    await expect(el).to.be.accessible();
    await uploadSide(el, /back/);
    await waitForState(el, 'document_review');
    await waitUntil(() => el.shadowRoot!.querySelectorAll('img.photo').length === 2, 'both sides shown');
    expect(buttons(el, 'Retake')).to.have.length(2);
    await expect(el).to.be.accessible();
    // Retake one side: back to document_photo for exactly that side.
    buttons(el, 'Retake')[1].click();
    await waitForState(el, 'document_photo');
    await waitForHeading(el, /back side/);
    await uploadSide(el, /back/, await smallPhoto(3));
    await waitForState(el, 'document_review');
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    await expect(el).to.be.accessible();
    pickFile(field(el, 'Upload selfie'), await smallPhoto(5));
    await waitForState(el, 'selfie_review');
    await waitUntil(() => el.shadowRoot!.querySelector('img.photo'), 'selfie shown');
    await expect(el).to.be.accessible();
    button(el, 'Retake').click();
    await waitForState(el, 'selfie');
    pickFile(field(el, 'Upload selfie'), await smallPhoto(6));
    await waitForState(el, 'selfie_review');
    button(el, 'Submit').click();
    await waitForState(el, 'final');
    expect(el.shadowRoot!.textContent).to.match(/under review/);
    await expect(el).to.be.accessible();

    const states = events.filter((e) => e.type === 'kyc-state-change').map((e) => `${e.detail.state}/${e.detail.status}`);
    expect(states).to.deep.equal([
      'welcome/in_progress',
      'personal_details/in_progress',
      'document_selection/in_progress',
      'document_photo/in_progress',
      'document_review/in_progress',
      'document_photo/in_progress',
      'document_review/in_progress',
      'selfie/in_progress',
      'selfie_review/in_progress',
      'selfie/in_progress',
      'selfie_review/in_progress',
      'final/pending_review',
    ]);
    const submitted = events.findIndex((e) => e.type === 'kyc-submitted');
    expect(events[submitted].detail).to.deep.equal({ workflowId: el.workflow!.getState().workflowId });
    expect(submitted).to.be.greaterThan(events.length - 3);
    expect(events.filter((e) => e.type === 'kyc-error')).to.deep.equal([]);
  });

  it('resumes after a reload (a new element with the same storage) at the last persisted step', async () => {
    const first = await mount();
    await start(first.el);
    await fillDetails(first.el);
    await chooseDocument(first.el, 'Passport');
    const id = first.el.workflow!.getState().workflowId;
    first.el.remove();

    const { el, events } = await mount();
    await waitForState(el, 'document_selection');
    expect(el.workflow!.getState().workflowId).to.equal(id);
    expect(events[0]).to.deep.equal({ type: 'kyc-state-change', detail: { state: 'document_selection', status: 'in_progress' } });
    expect(field<HTMLSelectElement>(el, 'Issuing country').value).to.equal('GB');
    button(el, 'Back').click();
    await waitForState(el, 'personal_details');
    expect(field(el, 'Last name').value).to.equal('Lovelace');
    expect(field<HTMLSelectElement>(el, 'Country').value).to.equal('GB');
  });

  it('keeps an unsaved step when moved in the DOM (disconnect + reconnect)', async () => {
    const { el } = await mount();
    await toFinalSelfie(el);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await waitForState(el, 'selfie');
    await waitForHeading(el, /selfie/i);
  });

  it('a BFF error yields kyc-error and a visible message', async () => {
    const { el, events } = await mount({ workflowId: 'no-such-workflow', token: 'not-a-valid-token-0000000000000000' });
    await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error');
    const error = events.find((e) => e.type === 'kyc-error')!.detail;
    expect(error.code).to.be.oneOf(['unauthorized', 'not_found', 'forbidden']);
    expect(error.message).to.be.a('string').and.not.equal('');
    await el.updateComplete;
    expect(errorText(el)).to.equal(error.message);
    expect(heading(el)!.textContent).to.equal('Your application could not be loaded.');
    await expect(el).to.be.accessible();
  });

  it('an unreachable BFF: the welcome screen shows; Start yields a network kyc-error with Try again', async () => {
    const { el, events } = await mount({ api: 'http://127.0.0.1:9/api/v1' });
    await waitForState(el, 'welcome');
    expect(events.filter((e) => e.type === 'kyc-error')).to.deep.equal([]);
    button(el, 'Start KYC').click();
    await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error');
    expect(events.find((e) => e.type === 'kyc-error')!.detail.code).to.equal('network');
    await el.updateComplete;
    expect(el.currentState).to.equal('welcome');
    expect(errorText(el)).to.match(/connection failed/i);
    expect(buttons(el, 'Try again')).to.have.length(1);
  });

  it('Start pressed twice creates one workflow; a kept one is resumed with a GET, never a POST', async () => {
    const network = recordFetch();
    after = async () => network.restore();
    const first = await mount();
    await waitForState(first.el, 'welcome');
    const start = button(first.el, 'Start KYC');
    start.click();
    start.click();
    await waitForState(first.el, 'personal_details');
    expect(network.creations()).to.equal(1);
    first.el.remove();

    const { el } = await mount();
    await waitForState(el, 'personal_details');
    expect(network.creations()).to.equal(1);
    // Now there is a workflow: the link to another device is offered.
    expect(el.shadowRoot!.querySelector('details summary')!.textContent).to.match(/another device/i);
  });

  it('stays in document_photo when the submission fails on the network, and Try again goes on', async () => {
    const { el, events } = await mount();
    await start(el);
    await fillDetails(el);
    await chooseDocument(el, 'Passport');
    const realFetch = window.fetch;
    // The network drops exactly the submission (the browser API, not the element, is made to fail).
    window.fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith('/events')
        ? Promise.reject(new TypeError('Failed to fetch'))
        : realFetch(input, init);
    try {
      await uploadSide(el, /Passport/);
      // The photo is prepared and uploaded first (re-encoded by the BFF too): more than waitUntil's default second on a busy machine.
      await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error', { timeout: 15_000 });
    } finally {
      window.fetch = realFetch;
    }
    await el.updateComplete;
    expect(events.find((e) => e.type === 'kyc-error')!.detail.code).to.equal('network');
    expect(el.currentState).to.equal('document_photo');
    expect(errorText(el)).to.match(/connection failed/i);
    button(el, 'Try again').click();
    await waitForState(el, 'document_review');
    expect(errorText(el)).to.equal('');
  });

  it('shows German when locale="de"', async () => {
    const { el } = await mount({ locale: 'de' });
    await waitForState(el, 'welcome');
    await waitUntil(() => buttons(el, 'KYC starten').length === 1, 'German strings');
    expect(heading(el)!.textContent).to.equal('Identität bestätigen');
    await expect(el).to.be.accessible();
  });

  it('can be used with the keyboard alone', async () => {
    const { el } = await mount();
    await waitForState(el, 'welcome');
    // Compare ids, not elements: a failing comparison of DOM nodes is costly to report.
    const active = () => el.shadowRoot!.activeElement?.id || el.shadowRoot!.activeElement?.textContent?.trim() || '';
    button(el, 'Start KYC').focus();
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'personal_details');
    expect(el.shadowRoot!.activeElement === heading(el)).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal('kyc-firstName');
    await sendKeys({ type: 'Ada' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Lovelace' });
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal('kyc-dateOfBirth');
    await sendKeys({ type: '12101990' });
    // Tab walks through the date's segments, then on.
    for (let i = 0; i < 3 && active() === 'kyc-dateOfBirth'; i++) await sendKeys({ press: 'Tab' });
    expect(active()).to.equal('kyc-country');
    await sendKeys({ type: 'United Kingdom' });
    await sendKeys({ press: 'Tab' });
    expect(active()).to.equal('Continue');
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'document_selection');
    expect(el.workflow!.getSnapshot().context.applicant).to.deep.equal(adult);
    // The radio group: Tab into it, arrows to choose, Enter submits the form.
    await sendKeys({ press: 'Tab' });
    expect((el.shadowRoot!.activeElement as HTMLInputElement).value).to.equal('passport');
    await sendKeys({ press: 'ArrowDown' });
    expect((field(el, 'ID card') as HTMLInputElement).checked).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'document_photo');
    expect(el.shadowRoot!.activeElement === heading(el)).to.equal(true);
    expect(heading(el)!.textContent).to.match(/ID card: front side/);
  });

  it('works 320 px wide without horizontal overflow', async () => {
    await onPhone();
    const { el } = await mount();
    await start(el);
    button(el, 'Continue').click(); // field errors too
    await el.updateComplete;
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part=base]')!;
    const right = base.getBoundingClientRect().right;
    const overflowing = [...el.shadowRoot!.querySelectorAll<HTMLElement>('input, select, button, label, h2, p')]
      .filter((node) => node.getBoundingClientRect().right > right + 0.5)
      .map((node) => node.id || node.textContent?.trim());
    expect(overflowing).to.deep.equal([]);
    expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
    expect(el.getBoundingClientRect().width).to.be.at.most(304);
  });

  it('step indicator: "Step n of 5" and bars on a phone, full labels from 30rem wide; nothing truncated', async () => {
    await onPhone();
    const visible = (node: Element) => node.getBoundingClientRect().width > 1 && getComputedStyle(node).display !== 'none';
    const truncated = (el: HTMLElement) =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('.progress *')]
        .filter((node) => visible(node) && node.scrollWidth > node.clientWidth + 1)
        .map((node) => node.textContent!.trim());
    const stepText = (el: HTMLElement) => el.shadowRoot!.querySelector('[part=step-text]');
    const labels = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll('li[part=step]')];

    for (const width of [320, 390]) {
      await setViewport({ width, height: 800 });
      const { el } = await mount();
      await waitForState(el, 'welcome');
      expect(stepText(el), 'no step yet on welcome').to.equal(null);
      await start(el);
      expect(stepText(el)!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Step 1 of 5: Your details');
      expect(visible(stepText(el)!)).to.equal(true);
      // The labels are not shown (no "Your de…") but stay in the list for assistive technology.
      expect(labels(el).map((li) => visible(li.querySelector('.step-label')!))).to.deep.equal([false, false, false, false, false]);
      expect(labels(el).map((li) => li.textContent)).to.deep.equal(['Your details', 'Document', 'Photos', 'Selfie', 'Review']);
      expect(el.shadowRoot!.querySelector('li[aria-current=step]')!.textContent).to.equal('Your details');
      expect(truncated(el), `${width} px`).to.deep.equal([]);
      await expect(el).to.be.accessible();
      await fillDetails(el);
      expect(stepText(el)!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Step 2 of 5: Document');
      expect(labels(el).map((li) => li.className)).to.deep.equal(['done', '', '', '', '']);
      el.remove();
      clearKycStorage();
    }

    // German on a 320 px phone.
    await setViewport({ width: 320, height: 800 });
    const german = await mount({ locale: 'de' });
    await waitUntil(() => buttons(german.el, 'KYC starten').length === 1, 'German strings');
    buttons(german.el, 'KYC starten')[0].click();
    await waitForState(german.el, 'personal_details');
    expect(stepText(german.el)!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Schritt 1 von 5: Ihre Angaben');
    expect(truncated(german.el)).to.deep.equal([]);
    german.el.remove();
    clearKycStorage();

    // Wide: the labels under the bars, whole, and no separate line.
    await setViewport({ width: 800, height: 600 });
    const wide = await mount();
    await start(wide.el);
    expect(stepText(wide.el)!.getBoundingClientRect().height).to.equal(0);
    expect(labels(wide.el).map((li) => visible(li.querySelector('.step-label')!))).to.deep.equal([true, true, true, true, true]);
    expect(truncated(wide.el)).to.deep.equal([]);
  });

  it('the country select shows its prompt whole on a 320 px phone, even with a larger themed font', async () => {
    await onPhone();
    const { el } = await mount();
    // As the demo's themed page sets them.
    el.style.setProperty('--kyc-font-size', '1.05rem');
    el.style.setProperty('--kyc-spacing', '1.25rem');
    await start(el);
    const select = field<HTMLSelectElement>(el, 'Country');
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = style.font;
    const text = select.selectedOptions[0].textContent!.trim();
    // Room for the text: the content box less the drop-down arrow (about 1.5em).
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
    expect(context.measureText(text).width, `"${text}" fits`).to.be.at.most(room);
    // A long country name chosen later ends in an ellipsis rather than under the arrow.
    expect(style.textOverflow).to.equal('ellipsis');
  });

  it('the BFF has the stored applicant after a full run', async () => {
    const { el } = await mount();
    await toFinal(el);
    const { workflowId } = el.workflow!.getState();
    const { token } = el.workflow!.memo()!;
    const stored = await bff(`/workflows/${workflowId}`, { token });
    expect(stored.status).to.equal('pending_review');
    expect(stored.context.applicant).to.deep.equal(adult);
  });
});

function errorOf(el: HTMLElement) {
  return el.shadowRoot!.querySelector('.field-error')?.textContent;
}

async function toFinalSelfie(el: any) {
  await start(el);
  await fillDetails(el);
  await chooseDocument(el, 'Passport');
  await uploadSide(el, /Passport/);
  await waitForState(el, 'document_review');
  button(el, 'Continue').click();
  await waitForState(el, 'selfie');
}
