import { expect, waitUntil } from '@open-wc/testing';
import { createKycWorkflow, storageKey, type KycWorkflow } from '../../components/client/kyc-workflow.js';
import { documentItems } from '../../components/workflow/index.js';
import { adult, api, bff, clearKycStorage, decide, recordFetch, smallPhoto } from './fixtures/flow.js';

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

  it('creates nothing before START; START creates one workflow, kept by API origin, and a second client resumes it', async () => {
    const network = recordFetch();
    try {
      const first = client();
      await first.ready;
      // Ready at welcome without a workflow: the BFF has not been called at all.
      expect(first.getState()).to.deep.include({ phase: 'ready', workflowId: null, status: 'in_progress', error: null });
      expect(first.getSnapshot().value).to.equal('welcome');
      expect(localStorage.getItem(storageKey(api))).to.equal(null);
      expect(await first.handoffLink('http://x/')).to.equal(null);
      expect(network.calls).to.deep.equal([]);

      expect(await first.send({ type: 'START' })).to.equal(true);
      expect(network.creations()).to.equal(1);
      const { workflowId } = first.getState();
      expect(workflowId).to.be.a('string');
      const kept = JSON.parse(localStorage.getItem(storageKey(api))!);
      expect(kept.id).to.equal(workflowId);
      expect(kept.token).to.be.a('string').with.length.greaterThan(20);
      expect(storageKey(api)).to.equal(`kyc-flow:${new URL(api).origin}`);
      // START was saved on the new workflow.
      const stored = await bff(`/workflows/${workflowId}`, { token: kept.token });
      expect(stored.state).to.equal('personal_details');

      await first.send({ type: 'SUBMIT_DETAILS', applicant: adult });
      first.destroy();

      const second = client();
      await second.ready;
      expect(second.getState().workflowId).to.equal(workflowId);
      expect(second.getSnapshot().value).to.equal('document_selection');
      expect(second.getSnapshot().context.applicant).to.deep.equal(adult);
      expect(network.creations(), 'resuming creates nothing').to.equal(1);
    } finally {
      network.restore();
    }
  });

  it('a kept workflow that is gone is forgotten without creating another; a failed creation is retried once', async () => {
    localStorage.setItem(storageKey(api), JSON.stringify({ id: 'gone-workflow', token: 'not-a-valid-token-0000000000000000' }));
    const network = recordFetch();
    const recording = window.fetch;
    let refuse = true;
    // The network drops the first creation (the browser API fails, not the client); the rest pass.
    window.fetch = (input, init) => {
      if (refuse && init?.method === 'POST' && String(input).endsWith('/workflows')) {
        refuse = false;
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return recording(input, init);
    };
    try {
      const workflow = client();
      await workflow.ready;
      expect(workflow.getState()).to.deep.include({ phase: 'ready', workflowId: null });
      expect(workflow.getSnapshot().value).to.equal('welcome');
      expect(network.calls.map((call) => call.method)).to.deep.equal(['GET']);
      expect(localStorage.getItem(storageKey(api))).to.equal(null);

      expect(await workflow.send({ type: 'START' })).to.equal(false);
      expect(workflow.getState().error?.retryable).to.equal(true);
      expect(workflow.getSnapshot().value).to.equal('welcome');
      expect(workflow.getState().workflowId).to.equal(null);
      expect(await workflow.retry()).to.equal(true);
      expect(workflow.getSnapshot().value).to.equal('personal_details');
      expect(network.creations(), 'one workflow reached the BFF').to.equal(1);
      expect(workflow.getState().error).to.equal(null);
    } finally {
      network.restore();
    }
  });

  it('saves each persisted state to the BFF before moving, and tracks the version through uploads', async () => {
    const workflow = client({ storage: null });
    await workflow.ready;
    await workflow.send({ type: 'START' });
    const { workflowId } = workflow.getState();
    const { token } = workflow.memo()!;
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
    // The integrator's own page passing id and token (workflow-id + token) is trusted: both clients share one token.
    const b = client({ storage: null, workflowId: a.getState().workflowId, token: a.memo()!.token });
    await b.ready;
    expect(b.getSnapshot().value).to.equal('personal_details');
    // Device B moves on; device A, still on personal_details with an old version, tries too.
    await b.send({ type: 'SUBMIT_DETAILS', applicant: adult });
    expect(await a.send({ type: 'SUBMIT_DETAILS', applicant: { ...adult, firstName: 'Augusta' } })).to.equal(false);
    expect(a.getState().error?.code).to.equal('conflict');
    expect(a.getSnapshot().value).to.equal('document_selection');
    expect(a.getSnapshot().context.applicant?.firstName).to.equal('Ada');
  });

  it('hands off with a one-time code: the new device gets its own token, the old one stops with handed_off', async () => {
    const a = client({ storage: null });
    await a.ready;
    await a.send({ type: 'START' });
    const oldToken = a.memo()!.token;
    const made = (await a.handoffLink('http://example.test/page?x=1#section=2'))!;
    const link = new URL(made.link);
    expect(link.origin + link.pathname + link.search).to.equal('http://example.test/page?x=1');
    const fragment = new URLSearchParams(link.hash.slice(1));
    expect(fragment.get('section')).to.equal('2');
    const [id, code] = fragment.get('kyc-handoff')!.split('.');
    expect(id).to.equal(a.getState().workflowId);
    expect(code).to.match(/^[A-Za-z0-9_-]{22,}$/);
    expect(made.link).to.not.contain(oldToken);
    expect(Date.parse(made.expiresAt) - Date.now()).to.be.within(9 * 60_000, 10 * 60_000 + 5000);
    // Making the code moved the version; the client follows, so its next save needs no retry.
    const network = recordFetch();
    try {
      expect(await a.send({ type: 'SUBMIT_DETAILS', applicant: adult })).to.equal(true);
      expect(network.calls.filter((call) => /snapshot/.test(call.url))).to.have.length(1);
    } finally {
      network.restore();
    }

    const errors: string[] = [];
    a.onNotice((notice) => notice.type === 'error' && errors.push(notice.error.code));
    const storage = new Map<string, string>();
    const b = client({
      handoff: { workflowId: id, code },
      storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) } as Storage,
    });
    await b.ready;
    expect(b.getState()).to.deep.include({ phase: 'ready', workflowId: id, error: null });
    expect(b.getSnapshot().value).to.equal('document_selection');
    const kept = JSON.parse(storage.get(storageKey(api))!);
    expect(kept.id).to.equal(id);
    expect(kept.token).to.not.equal(oldToken);

    // The old device: its stream ends and cannot come back; it says handed_off, once, and stops.
    await waitUntil(() => a.getState().phase === 'handed_off', 'the old client learns it was handed off', { timeout: 8000 });
    expect(errors).to.deep.equal(['handed_off']);
    expect(a.getState().error?.code).to.equal('handed_off');
    expect(await a.send({ type: 'BACK' })).to.equal(false);
    expect(await b.send({ type: 'SELECT_DOCUMENT', documentType: 'passport' })).to.equal(true);

    // The code is used up: a third device is told so and can start afresh.
    const c = client({ storage: null, handoff: { workflowId: id, code } });
    await c.ready;
    expect(c.getState()).to.deep.include({ phase: 'ready', workflowId: null });
    expect(c.getState().error?.code).to.equal('handoff_invalid');
    expect(c.getSnapshot().value).to.equal('welcome');
    expect(await c.send({ type: 'START' })).to.equal(true);
    expect(c.getState().workflowId).to.not.equal(id);
  });

  it('a saving client whose token was handed off reports handed_off, not a generic error', async () => {
    const a = client({ storage: null, stream: false });
    await a.ready;
    await a.send({ type: 'START' });
    const made = (await a.handoffLink('http://example.test/'))!;
    const [workflowId, code] = new URLSearchParams(new URL(made.link).hash.slice(1)).get('kyc-handoff')!.split('.');
    await bff('/handoffs', { method: 'POST', json: { workflowId, code } });
    expect(await a.send({ type: 'SUBMIT_DETAILS', applicant: adult })).to.equal(false);
    expect(a.getState().phase).to.equal('handed_off');
    expect(a.getState().error).to.deep.include({ code: 'handed_off', retryable: false });
  });

  it('a decision made while the stream was down is caught up after it comes back, even after a clean end', async () => {
    // The browser's fetch is wrapped: the stream's bytes pass through until the test ends it cleanly
    // (as a proxy or a restarting server may), and the next connection waits until the reviewer decided.
    const real = window.fetch;
    let cut: (() => void) | null = null;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reconnecting = false;
    let reads = 0;
    window.fetch = async (input, init) => {
      const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
      if (!path.endsWith('/stream')) {
        if (/\/workflows\/[^/]+$/.test(path) && (init?.method ?? 'GET') === 'GET') reads++;
        return real(input, init);
      }
      if (cut) {
        reconnecting = true;
        await released;
        return real(input, init);
      }
      const response = await real(input, init);
      const upstream = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          cut = () => {
            controller.close();
            void upstream.cancel();
          };
          void (async () => {
            for (;;) {
              const { value, done } = await upstream.read().catch(() => ({ value: undefined, done: true }));
              if (done || !value) return;
              controller.enqueue(value);
            }
          })();
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    try {
      const workflow = client({ storage: null });
      await workflow.ready;
      await toFinal(workflow);
      await waitUntil(() => cut !== null, 'the stream open');
      cut!();
      await waitUntil(() => reconnecting, 'the client to reconnect');
      await decide(workflow.getState().workflowId!, { outcome: 'approve' });
      const before = reads;
      release();
      await waitUntil(() => workflow.getSnapshot().context.review !== null, 'decision caught up', { timeout: 10000 });
      expect(workflow.getSnapshot().context.review).to.deep.include({ outcome: 'approve' });
      expect(workflow.getState().status).to.equal('approved');
      expect(reads, 'a GET after reconnecting').to.be.greaterThan(before);
    } finally {
      window.fetch = real;
    }
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
