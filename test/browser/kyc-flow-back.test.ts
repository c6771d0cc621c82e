/**
 * Issue 16 item 2: every Back the element offers is a move the BFF accepts, from
 * each screen that offers one, and a refusal never shows a developer's message.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { KycFlow } from '../../components/kyc-flow/kyc-flow.js';
import { bff, button, buttons, clearKycStorage, errorText, field, heading, smallPhoto, waitForHeading, waitForState } from './fixtures/flow.js';
import { chooseDocument, fillDetails, mount, start, uploadSide, type Recorded } from './fixtures/drive.js';
import { pickFile } from './fixtures/images.js';

/** What the BFF holds for the element's workflow. */
async function stored(el: KycFlow): Promise<{ state: string; context: { documentType?: string; uploads: Record<string, string> } }> {
  const memo = el.workflow!.memo()!;
  return bff(`/workflows/${memo.workflowId}`, { token: memo.token });
}

/** Presses the one Back button and checks that the element and the BFF both moved to `to`, with no error. */
async function back(el: KycFlow, events: Recorded, to: string) {
  const from = el.currentState;
  expect(buttons(el, 'Back'), `Back offered in ${from}`).to.have.length(1);
  const errors = events.filter((e) => e.type === 'kyc-error').length;
  button(el, 'Back').click();
  await waitUntil(
    () => el.currentState === to || events.filter((e) => e.type === 'kyc-error').length > errors,
    `Back from ${from}`,
  );
  await el.updateComplete;
  expect(events.slice(errors).filter((e) => e.type === 'kyc-error'), `no error on Back from ${from}`).to.deep.equal([]);
  expect(el.currentState).to.equal(to);
  expect(errorText(el)).to.equal('');
  // Back into a persisted state saves it; back into an unsaved one leaves the BFF where it was.
  const persisted = ['personal_details', 'document_selection', 'document_review', 'final'];
  if (persisted.includes(to)) expect((await stored(el)).state).to.equal(to);
}

describe('<kyc-flow> Back', () => {
  beforeEach(() => clearKycStorage());

  it('every Back offered on the way to final is accepted by the BFF (ID card: after one side, after a retake, from the selfie)', async () => {
    const { el, events } = await mount();
    await start(el);
    expect(buttons(el, 'Back'), 'no Back on the first form').to.have.length(0);
    await fillDetails(el);
    await back(el, events, 'personal_details');
    button(el, 'Continue').click();
    await waitForState(el, 'document_selection');

    // document_photo before any upload.
    await chooseDocument(el, 'ID card');
    await back(el, events, 'document_selection');

    // document_photo after the front is uploaded: the seed story's 422.
    await chooseDocument(el, 'ID card');
    await uploadSide(el, /front/);
    await waitForHeading(el, /back side/);
    await back(el, events, 'document_selection');
    const held = await stored(el);
    expect(held.context.documentType).to.equal('id_card');
    expect(Object.keys(held.context.uploads)).to.deep.equal(['id_card/front']);
    // The same document again: the front is kept, the back is asked for.
    expect(field(el, 'ID card').checked).to.equal(true);
    button(el, 'Continue').click();
    await waitForState(el, 'document_photo');
    await waitForHeading(el, /ID card: back side/);
    await uploadSide(el, /back/);
    await waitForState(el, 'document_review');

    // A retake, a new photo of that side, then Back.
    buttons(el, 'Retake')[0].click(); // the front
    await waitForState(el, 'document_photo');
    await uploadSide(el, /front/, await smallPhoto(3));
    await waitForState(el, 'document_review');
    buttons(el, 'Retake')[1].click(); // the back
    await waitForState(el, 'document_photo');
    await waitForHeading(el, /back side/);
    await back(el, events, 'document_selection');
    button(el, 'Continue').click();
    await waitForState(el, 'document_photo');
    await uploadSide(el, /back/, await smallPhoto(4));
    await waitForState(el, 'document_review');

    // selfie, before and after a retaken selfie.
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    await back(el, events, 'document_review');
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    pickFile(field(el, 'Upload selfie'), await smallPhoto(5));
    await waitForState(el, 'selfie_review');
    expect(buttons(el, 'Back'), 'no Back on the selfie check').to.have.length(0);
    button(el, 'Retake').click();
    await waitForState(el, 'selfie');
    await back(el, events, 'document_review');
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    pickFile(field(el, 'Upload selfie'), await smallPhoto(6));
    await waitForState(el, 'selfie_review');
    button(el, 'Submit').click();
    await waitForState(el, 'final');
    expect(buttons(el, 'Back'), 'no Back once submitted').to.have.length(0);
    expect(events.filter((e) => e.type === 'kyc-error')).to.deep.equal([]);
  });

  it('a passport photographed, then Back and a different document: the passport is dropped, the BFF agrees', async () => {
    const { el, events } = await mount();
    await start(el);
    await fillDetails(el);
    await chooseDocument(el, 'Passport');
    // A passport has one side: its upload submits at once, so Back is offered from the review only by Retake.
    await uploadSide(el, /Passport/);
    await waitForState(el, 'document_review');
    button(el, 'Retake').click();
    await waitForState(el, 'document_photo');
    await back(el, events, 'document_selection');
    await chooseDocument(el, 'ID card');
    await waitForHeading(el, /ID card: front side/);
    await uploadSide(el, /front/);
    await waitForHeading(el, /back side/);
    await back(el, events, 'document_selection');
    expect(Object.keys((await stored(el)).context.uploads)).to.deep.equal(['id_card/front']);
  });
});

describe('<kyc-flow> refusals in words a person can act on', () => {
  beforeEach(() => clearKycStorage());

  it('a refused upload (422) shows the element\'s words, never the BFF\'s detail', async () => {
    const { el, events } = await mount();
    await start(el);
    await fillDetails(el);
    await chooseDocument(el, 'ID card');
    const memo = el.workflow!.memo()!;
    // The BFF keeps at most 10 uploads of one side: fill them up behind the element's back.
    const { api } = await import('./fixtures/flow.js');
    for (let i = 0; i < 10; i++) {
      const body = new FormData();
      body.set('type', 'id_card');
      body.set('side', 'front');
      body.set('file', await smallPhoto(10 + i), 'front.jpg');
      const answer = await fetch(`${api}/workflows/${memo.workflowId}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${memo.token}` },
        body,
      });
      expect(answer.status, await answer.clone().text()).to.equal(201);
    }
    await uploadSide(el, /front/);
    await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error');
    await el.updateComplete;
    const error = events.find((e) => e.type === 'kyc-error')!.detail;
    expect(error.code).to.equal('invalid');
    expect(errorText(el)).to.equal(error.message);
    expect(errorText(el)).not.to.match(/workflow|uploads of|id_card|"/);
    expect(errorText(el)).to.match(/try again|contact/i);
  });

  it('a link to a workflow that is gone: the element\'s words, not the BFF\'s', async () => {
    const { el, events } = await mount({ workflowId: 'no-such-workflow', token: 'not-a-valid-token-0000000000000000' });
    await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error');
    await el.updateComplete;
    expect(heading(el)!.textContent).to.equal('Your application could not be loaded.');
    expect(errorText(el)).not.to.match(/credentials|not found/i);
    expect(errorText(el)).to.match(/start again|new link/i);
  });
});

describe('<kyc-flow> reload on the photo step (issue 16 item 3)', () => {
  beforeEach(() => clearKycStorage());

  it('offers the side already uploaded back after a reload: same document, the next side asked for', async () => {
    const first = await mount();
    await start(first.el);
    await fillDetails(first.el);
    await chooseDocument(first.el, 'ID card');
    await uploadSide(first.el, /front/);
    await waitForHeading(first.el, /ID card: back side/);
    const front = first.el.workflow!.getSnapshot().context.uploads['id_card/front'];
    expect(front).to.be.a('string');
    // The BFF saved nothing since the document choice: the photo step is not a persisted state.
    expect((await stored(first.el)).state).to.equal('document_selection');
    first.el.remove();

    const { el, events } = await mount();
    await waitForState(el, 'document_photo');
    await waitForHeading(el, /ID card: back side/);
    expect(el.workflow!.getSnapshot().context.uploads).to.deep.equal({ 'id_card/front': front });
    expect((await stored(el)).state, 'nothing saved by the reload itself').to.equal('document_selection');
    await uploadSide(el, /back/);
    await waitForState(el, 'document_review');
    expect((await stored(el)).context.uploads['id_card/front']).to.equal(front);
    // Back from the resumed photo step is a move the BFF takes, too.
    expect(events.filter((e) => e.type === 'kyc-error')).to.deep.equal([]);
  });

  it('after Back to the document choice, a reload stays there (the applicant left the photo step)', async () => {
    const first = await mount();
    await start(first.el);
    await fillDetails(first.el);
    await chooseDocument(first.el, 'ID card');
    await uploadSide(first.el, /front/);
    await waitForHeading(first.el, /back side/);
    button(first.el, 'Back').click();
    await waitForState(first.el, 'document_selection');
    first.el.remove();

    const { el } = await mount();
    await waitForState(el, 'document_selection');
    expect(field(el, 'ID card').checked).to.equal(true);
    await chooseDocument(el, 'ID card');
    await waitForHeading(el, /ID card: back side/);
  });
});
