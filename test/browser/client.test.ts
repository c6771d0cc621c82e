import { expect, waitUntil } from '@open-wc/testing';
import { createKycWorkflow, storageKey, type KycWorkflow } from '../../components/client/kyc-workflow.js';
import { documentItems } from '../../components/workflow/index.js';
import { adult, api, bff, clearKycStorage, decide, smallPhoto } from './fixtures/flow.js';

const open: KycWorkflow[] = [];
function client(options: Partial<Parameters<typeof createKycWorkflow>[0]> = {}) {
  const workflow = createKycWorkflow({ api, ...options });
  open.push(workflow);
  return workflow;
}

/** Drives a client from welcome to final with real uploads. */
async function toFinal(workflow: KycWorkflow) {
  expect(await workflow.send({ type: 'START' })).to.equal(true);
  expect(await workflow.send({ type: 'SUBMIT_DETAILS', applicant: adult })).to.equal(true);
  expect(await workflow.send({ type: 'SELECT_DOCUMENT', documentType: 'id_card' })).to.equal(true);
  for (const item of documentItems('id_card')) expect(await workflow.capture(item, await smallPhoto())).to.equal(true);
  expect(await workflow.submitPhotos()).to.equal(true);
  expect(await workflow.send({ type: 'CONFIRM_DOCUMENT' })).to.equal(true);
  expect(await workflow.capture('selfie', await smallPhoto(9))).to.equal(true);
  expect(await workflow.send({ type: 'CONFIRM_SELFIE' })).to.equal(true);
}

describe('headless client (createKycWorkflow)', () => {
  beforeEach(() => clearKycStorage());
  afterEach(() => {
    for (const workflow of open.splice(0)) workflow.destroy();
  });

  it('creates a workflow, keeps id and token keyed by the API origin, and a second client resumes it', async () => {
    const first = client();
    await first.ready;
    const { workflowId } = first.getState();
    expect(first.getState().phase).to.equal('ready');
    expect(first.getSnapshot().value).to.equal('welcome');
    const kept = JSON.parse(localStorage.getItem(storageKey(api))!);
    expect(kept.id).to.equal(workflowId);
    expect(kept.token).to.be.a('string').with.length.greaterThan(20);
    expect(storageKey(api)).to.equal(`kyc-flow:${new URL(api).origin}`);

    await first.send({ type: 'START' });
    await first.send({ type: 'SUBMIT_DETAILS', applicant: adult });
    first.destroy();

    const second = client();
    await second.ready;
    expect(second.getState().workflowId).to.equal(workflowId);
    expect(second.getSnapshot().value).to.equal('document_selection');
    expect(second.getSnapshot().context.applicant).to.deep.equal(adult);
  });

  it('saves each persisted state to the BFF before moving, and tracks the version through uploads', async () => {
    const workflow = client({ storage: null });
    await workflow.ready;
    const { workflowId } = workflow.getState();
    const token = new URLSearchParams(new URL(workflow.resumeLink('http://x/')!).hash.slice(1)).get('kyc-token')!;
    await workflow.send({ type: 'START' });
    let stored = await bff(`/workflows/${workflowId}`, { token });
    expect(stored.state).to.equal('personal_details');
    await workflow.send({ type: 'SUBMIT_DETAILS', applicant: adult });
    await workflow.send({ type: 'SELECT_DOCUMENT', documentType: 'passport' });
    expect(workflow.getSnapshot().value).to.equal('document_photo');
    stored = await bff(`/workflows/${workflowId}`, { token });
    expect(stored.state).to.equal('document_selection'); // document_photo is not persisted
    expect(stored.context.applicant).to.deep.equal(adult);

    const progress: number[] = [];
    const off = workflow.subscribe((state) => state.upload && progress.push(state.upload.loaded));
    expect(await workflow.capture('passport/front', await smallPhoto())).to.equal(true);
    off();
    expect(progress.length).to.be.greaterThan(0);
    // Leaving document_photo goes through the events route; the next save uses the version the upload returned.
    expect(await workflow.submitPhotos()).to.equal(true);
    stored = await bff(`/workflows/${workflowId}`, { token });
    expect(stored.state).to.equal('document_review');
    expect(stored.context.uploads['passport/front']).to.equal(workflow.getSnapshot().context.uploads['passport/front']);
    expect(stored.context.issuingCountry).to.equal('GB');
  });

  it('stays in document_photo and reports the error when the BFF refuses the submission', async () => {
    const workflow = client({ storage: null });
    await workflow.ready;
    await workflow.send({ type: 'START' });
    await workflow.send({ type: 'SUBMIT_DETAILS', applicant: adult });
    await workflow.send({ type: 'SELECT_DOCUMENT', documentType: 'passport' });
    // An upload id that is not this workflow's: the local machine accepts it, the BFF must not.
    await workflow.send({ type: 'PHOTO_TAKEN', item: 'passport/front', upload: 'not-an-upload-of-ours' });
    const errors: string[] = [];
    workflow.onNotice((notice) => notice.type === 'error' && errors.push(notice.error.code));
    expect(await workflow.submitPhotos()).to.equal(false);
    expect(workflow.getSnapshot().value).to.equal('document_photo');
    expect(workflow.getState().error?.status).to.equal(422);
    expect(errors).to.deep.equal(['invalid']);
  });

  it('on a 409 restores the snapshot another device saved', async () => {
    const a = client({ storage: null });
    await a.ready;
    await a.send({ type: 'START' });
    const link = new URL(a.resumeLink('http://example.test/page')!);
    expect(link.search).to.equal('');
    const fragment = new URLSearchParams(link.hash.slice(1));
    const b = client({ storage: null, workflowId: fragment.get('kyc-workflow')!, token: fragment.get('kyc-token')! });
    await b.ready;
    expect(b.getSnapshot().value).to.equal('personal_details');
    // Device B moves on; device A, still on personal_details with an old version, tries too.
    await b.send({ type: 'SUBMIT_DETAILS', applicant: adult });
    expect(await a.send({ type: 'SUBMIT_DETAILS', applicant: { ...adult, firstName: 'Augusta' } })).to.equal(false);
    expect(a.getState().error?.code).to.equal('conflict');
    expect(a.getSnapshot().value).to.equal('document_selection');
    expect(a.getSnapshot().context.applicant?.firstName).to.equal('Ada');
  });

  it('receives a decision on the stream and hands it to the machine', async () => {
    const workflow = client({ storage: null });
    await workflow.ready;
    const notices: string[] = [];
    workflow.onNotice((notice) => notices.push(notice.type));
    await toFinal(workflow);
    expect(workflow.getSnapshot().value).to.equal('final');
    expect(notices).to.include('submitted');
    await decide(workflow.getState().workflowId!, { outcome: 'reject', reason: 'Document expired' });
    await waitUntil(() => workflow.getSnapshot().context.review !== null, 'decision pushed', { timeout: 10000 });
    expect(workflow.getSnapshot().context.review).to.deep.include({ outcome: 'reject', reason: 'Document expired' });
    expect(workflow.getState().status).to.equal('rejected');
    expect(notices).to.include('decided');
  });
});
