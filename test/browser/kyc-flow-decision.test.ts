import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { button, buttons, clearKycStorage, decide, field, heading, smallPhoto, waitForHeading, waitForState } from './fixtures/flow.js';
import { mount, toFinal, uploadSide } from './fixtures/drive.js';
import { pickFile } from './fixtures/images.js';

const screenText = (el: HTMLElement) => (el.shadowRoot!.querySelector('[part=screen]')!.textContent ?? '').replace(/\s+/g, ' ');

describe('<kyc-flow> decisions and other devices', () => {
  beforeEach(() => clearKycStorage());

  it('shows an approval pushed by the BFF, with no reload', async () => {
    const { el, events } = await mount();
    await toFinal(el);
    expect(screenText(el)).to.match(/under review/);
    const workflowId = el.workflow!.getState().workflowId!;
    const decided = oneEvent(el, 'kyc-decision');
    await decide(workflowId, { outcome: 'approve' });
    const event = await decided;
    expect(event.detail).to.deep.equal({ workflowId, outcome: 'approve', reason: null, items: [] });
    await waitUntil(() => /approved/.test(screenText(el)), 'approved shown');
    await expect(el).to.be.accessible();
    const last = events.filter((e) => e.type === 'kyc-state-change').at(-1)!;
    expect(last.detail).to.deep.equal({ state: 'final', status: 'approved' });
    expect(buttons(el, 'Continue')).to.have.length(0);
  });

  it('shows a rejection with its reason, live and on a later visit', async () => {
    const first = await mount();
    await toFinal(first.el);
    await decide(first.el.workflow!.getState().workflowId!, { outcome: 'reject', reason: 'The document has expired' });
    await waitUntil(() => /rejected/.test(screenText(first.el)), 'rejected shown');
    expect(screenText(first.el)).to.contain('Reason: The document has expired');
    first.el.remove();

    const later = await mount();
    await waitForState(later.el, 'final');
    await waitUntil(() => later.events.some((e) => e.type === 'kyc-decision'), 'decision on resume');
    expect(later.events.map((e) => e.type)).to.deep.equal(['kyc-state-change', 'kyc-decision']);
    expect(later.events[0].detail).to.deep.equal({ state: 'final', status: 'rejected' });
    expect(screenText(later.el)).to.match(/rejected.*Reason: The document has expired/);
  });

  it('lists the items to resubmit with reasons; Continue redoes them and submits again', async () => {
    const { el, events } = await mount();
    await toFinal(el, 'ID card');
    const workflowId = el.workflow!.getState().workflowId!;
    await decide(workflowId, {
      outcome: 'request_resubmission',
      items: [
        { document: 'id_card/back', reason: 'The back is cut off' },
        { document: 'selfie', reason: 'Your face is not visible' },
      ],
    });
    await waitUntil(() => /resubmit/.test(screenText(el)), 'resubmission shown');
    expect(screenText(el)).to.contain('ID card (back): The back is cut off');
    expect(screenText(el)).to.contain('Selfie: Your face is not visible');
    await expect(el).to.be.accessible();
    expect(el.status).to.equal('resubmission_requested');

    button(el, 'Continue').click();
    await waitForState(el, 'document_photo');
    await waitForHeading(el, /ID card: back side/);
    expect(screenText(el)).to.contain('The back is cut off');
    expect(buttons(el, 'Back')).to.have.length(0); // the machine forbids Back while resubmitting
    await uploadSide(el, /back/, await smallPhoto(11));
    await waitForState(el, 'document_review');
    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    pickFile(field(el, 'Upload selfie'), await smallPhoto(12));
    await waitForState(el, 'selfie_review');
    const submitted = oneEvent(el, 'kyc-submitted');
    button(el, 'Submit').click();
    expect((await submitted).detail).to.deep.equal({ workflowId });
    await waitForState(el, 'final');
    expect(el.status).to.equal('pending_review');
    expect(screenText(el)).to.match(/under review/);
    expect(events.filter((e) => e.type === 'kyc-submitted')).to.have.length(2);
  });

  it('continues on another device: a QR code and a link with id and token in the fragment only', async () => {
    const { el } = await mount();
    await waitForState(el, 'welcome');
    button(el, 'Start KYC').click();
    await waitForState(el, 'personal_details');
    const details = el.shadowRoot!.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).to.equal('Continue on another device');
    details.open = true;
    await waitUntil(() => field(el, 'Link to continue').value !== '', 'link shown');
    const link = new URL(field(el, 'Link to continue').value);
    const fragment = new URLSearchParams(link.hash.slice(1));
    expect(link.search).to.not.contain(fragment.get('kyc-token'));
    expect(link.search).to.not.contain('kyc-');
    expect(fragment.get('kyc-workflow')).to.equal(el.workflow!.getState().workflowId);
    expect(fragment.get('kyc-token')).to.be.a('string').with.length.greaterThan(20);
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.qr')!;
    await waitUntil(() => canvas.width > 100, 'QR drawn');
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 0) dark++;
    expect(dark).to.be.greaterThan(canvas.width * 4);
    await expect(el).to.be.accessible();
    button(el, 'Copy link').click();
    await waitUntil(() => /Link copied/.test(el.shadowRoot!.querySelector('[role=status]')!.textContent!), 'copied');

    // The other device: nothing in its storage, the link's fragment in the address bar.
    el.remove();
    clearKycStorage();
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}${location.search}${link.hash}`);
    const other = await mount();
    await waitForState(other.el, 'personal_details');
    expect(other.el.workflow!.getState().workflowId).to.equal(fragment.get('kyc-workflow'));
    expect(location.hash).to.not.contain('kyc-token');
    expect(location.href.split('#')[0]).to.equal(before.split('#')[0]);
    expect(heading(other.el)!.textContent).to.equal('Your personal details');
  });
});
