import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { bff, button, buttons, clearKycStorage, decide, field, heading, recordFetch, smallPhoto, waitForHeading, waitForState } from './fixtures/flow.js';
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

  it('continues on another device: a QR code and a one-time link in the fragment only; the first device then says so', async () => {
    const first = await mount();
    const { el } = first;
    await waitForState(el, 'welcome');
    button(el, 'Start KYC').click();
    await waitForState(el, 'personal_details');
    const workflowId = el.workflow!.getState().workflowId!;
    const oldToken = el.workflow!.memo()!.token;
    const details = el.shadowRoot!.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).to.equal('Continue on another device');
    details.open = true;
    await waitUntil(() => field(el, 'Link to continue').value !== '', 'link shown');
    const link = new URL(field(el, 'Link to continue').value);
    expect(link.search).to.not.contain('kyc-');
    expect(link.href).to.not.contain(oldToken);
    const fragment = new URLSearchParams(link.hash.slice(1));
    expect(fragment.get('kyc-token')).to.equal(null);
    const [id, code] = fragment.get('kyc-handoff')!.split('.');
    expect(id).to.equal(workflowId);
    expect(code).to.match(/^[A-Za-z0-9_-]{22,}$/);
    const canvas = el.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.qr')!;
    await waitUntil(() => canvas.width > 100, 'QR drawn');
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 0) dark++;
    expect(dark).to.be.greaterThan(canvas.width * 4);
    await expect(el).to.be.accessible();
    button(el, 'Copy link').click();
    await waitUntil(() => /Link copied/.test(el.shadowRoot!.querySelector('[part=copied][role=status]')!.textContent!), 'copied');

    // The other device: nothing in its storage, the link's fragment in the address bar.
    clearKycStorage();
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}${location.search}${link.hash}`);
    const other = await mount();
    await waitForState(other.el, 'personal_details');
    expect(other.el.workflow!.getState().workflowId).to.equal(workflowId);
    expect(other.el.workflow!.memo()!.token).to.not.equal(oldToken);
    expect(location.hash).to.not.contain('kyc-handoff');
    expect(location.href.split('#')[0]).to.equal(before.split('#')[0]);
    expect(heading(other.el)!.textContent).to.equal('Your personal details');

    // The first device's token is dead: it says where the application went (not a generic error) and fires handed_off.
    await waitUntil(() => /continues on another device/.test(heading(el)?.textContent ?? ''), 'first device handed off', { timeout: 8000 });
    expect(heading(el)!.textContent).to.equal('This application continues on another device');
    expect(first.events.filter((e) => e.type === 'kyc-error').map((e) => e.detail.code)).to.deep.equal(['handed_off']);
    expect(el.shadowRoot!.querySelector('[part=error]')!.textContent!.trim()).to.equal('');
    expect(el.shadowRoot!.querySelector('details')).to.equal(null);
    expect(buttons(el, 'Continue')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a used or expired link says so plainly and offers to start here; the old #kyc-workflow/#kyc-token fragment is not read', async () => {
    const owner = await mount();
    await waitForState(owner.el, 'welcome');
    button(owner.el, 'Start KYC').click();
    await waitForState(owner.el, 'personal_details');
    const workflowId = owner.el.workflow!.getState().workflowId!;
    const link = new URL((await owner.el.workflow!.handoffLink())!.link);
    owner.el.remove();
    // Used once (as by another device)…
    const [id, code] = new URLSearchParams(link.hash.slice(1)).get('kyc-handoff')!.split('.');
    await bff('/handoffs', { method: 'POST', json: { workflowId: id, code } });
    clearKycStorage();
    history.replaceState(null, '', `${location.pathname}${location.search}${link.hash}`);
    const late = await mount();
    await waitUntil(() => late.events.some((e) => e.type === 'kyc-error'), 'refusal reported');
    expect(late.events.find((e) => e.type === 'kyc-error')!.detail.code).to.equal('handoff_invalid');
    expect(late.el.shadowRoot!.querySelector('[part=error]')!.textContent).to.contain('This link has expired or was already used');
    expect(location.hash).to.not.contain('kyc-handoff');
    await waitForState(late.el, 'welcome');
    expect(late.el.workflow!.getState().workflowId).to.equal(null);
    await expect(late.el).to.be.accessible();
    button(late.el, 'Start KYC').click();
    await waitForState(late.el, 'personal_details');
    expect(late.el.workflow!.getState().workflowId).to.not.equal(workflowId);
    late.el.remove();

    // A link in the old form, with a (still valid) token: ignored, nothing of that workflow is opened.
    clearKycStorage();
    const fresh = await bff<{ id: string; token: string }>('/workflows', { method: 'POST', json: {} });
    history.replaceState(null, '', `${location.pathname}${location.search}#kyc-workflow=${fresh.id}&kyc-token=${fresh.token}`);
    const network = recordFetch();
    try {
      const old = await mount();
      await waitForState(old.el, 'welcome');
      expect(old.el.workflow!.getState().workflowId).to.equal(null);
      expect(network.calls.filter((call) => call.url.includes(fresh.id))).to.deep.equal([]);
    } finally {
      network.restore();
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
  });
});
