// Issue 11 in the queue: the bank's details (POST /applicants) against what the applicant submitted.
// A field the applicant changed is marked in the case's personal details, with what the bank sent.
import { expect, fixture, html } from '@open-wc/testing';
import { documentItems } from '../../components/workflow/catalogue.js';
import '../../components/kyc-review-queue/kyc-review-queue.js';
import { eventually, makeImage, rememberUrl, reviewerKey, uniqueName } from './review-helpers.js';

const CONFIG_MODULE = '/__kyc-test-config.js';
const { api, integratorKey } = (await import(CONFIG_MODULE)) as { api: string; integratorKey: string };

async function call<T = any>(path: string, token: string | null, init: { method?: string; json?: unknown; body?: BodyInit } = {}): Promise<T> {
  const headers = new Headers();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${api}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The integrator starts the check with the bank's details; the applicant redeems the start code
 * (the real hand-off route), goes through the flow with `applicant` as they corrected it, and submits.
 */
async function startedByTheBank(bank: Record<string, string>, applicant: Record<string, string>): Promise<string> {
  const started = await call<{ id: string; startCode: string }>('/applicants', integratorKey, { method: 'POST', json: { externalRef: `cust-${Math.random()}`, applicant: bank } });
  const [workflowId, code] = started.startCode.split('.');
  const redeemed = await call<{ token: string; version: number }>('/handoffs', null, { method: 'POST', json: { workflowId, code } });
  const { token } = redeemed;
  let version = redeemed.version;
  const put = async (state: string, context: unknown) => (version = (await call(`/workflows/${workflowId}/snapshot`, token, { method: 'PUT', json: { state, context, version } })).version);
  const upload = async (type: string, side: string | null) => {
    const form = new FormData();
    form.set('file', await makeImage(`${applicant.lastName} ${type}`), 'p.png');
    form.set('type', type);
    if (side) form.set('side', side);
    const doc = await call(`/workflows/${workflowId}/documents`, token, { method: 'POST', body: form });
    version = doc.version;
    return doc.id as string;
  };
  await put('personal_details', { applicant: bank, uploads: {} });
  await put('document_selection', { applicant, uploads: {} });
  const front = await upload('passport', 'front');
  const [item] = documentItems('passport');
  version = (await call(`/workflows/${workflowId}/events`, token, { method: 'POST', json: { type: 'PHOTOS_SUBMITTED', documentType: 'passport', uploads: { [item]: front }, version } })).version;
  await put('document_review', { applicant, documentType: 'passport', issuingCountry: 'GB', uploads: { [item]: front } });
  const selfie = await upload('selfie', null);
  await put('final', { applicant, documentType: 'passport', issuingCountry: 'GB', uploads: { [item]: front, selfie } });
  return workflowId;
}

describe('<kyc-review-queue> prefilled details', () => {
  let restoreUrl: () => void;
  beforeEach(() => (restoreUrl = rememberUrl()));
  afterEach(() => restoreUrl());

  it('marks the last name the applicant changed, with what the bank sent; unchanged fields carry no mark', async () => {
    const bankName = uniqueName('Bank');
    const given = uniqueName('Married');
    const bank = { firstName: 'Ada', lastName: bankName, dateOfBirth: '1990-12-10', country: 'GB' };
    const id = await startedByTheBank(bank, { ...bank, lastName: given });
    const detail = await call(`/cases/${id}`, reviewerKey);
    expect(detail.changedFields).to.deep.equal(['lastName']);

    history.replaceState(null, '', `/review/cases/${id}`);
    const el = await fixture<HTMLElement>(html`<kyc-review-queue api=${api} token=${reviewerKey} base-path="/review" locale="en"></kyc-review-queue>`);
    const details = await eventually(() => el.shadowRoot!.querySelector<HTMLElement>('.details dl'), 'personal details');
    const marks = [...details.querySelectorAll<HTMLElement>('.changed')];
    expect(marks.map((mark) => mark.dataset.field)).to.deep.equal(['lastName']);
    expect(marks[0].textContent).to.equal(`Changed by the applicant; the bank sent: ${bankName}`);
    // The mark sits in the Name's value: a screen reader reads it with the name.
    expect(marks[0].closest('dd')!.textContent).to.contain(`Ada ${given}`);
    await expect(el).to.be.accessible();
  });

  it('a case whose details match what the bank sent shows no marks', async () => {
    const bank = { firstName: 'Ada', lastName: uniqueName('Same'), dateOfBirth: '1990-12-10', country: 'GB' };
    const id = await startedByTheBank(bank, bank);
    history.replaceState(null, '', `/review/cases/${id}`);
    const el = await fixture<HTMLElement>(html`<kyc-review-queue api=${api} token=${reviewerKey} base-path="/review" locale="en"></kyc-review-queue>`);
    await eventually(() => el.shadowRoot!.querySelector('.details dl'), 'personal details');
    expect(el.shadowRoot!.querySelectorAll('.changed')).to.have.length(0);
  });
});
