/**
 * `<kyc-flow start-code="…">`: the integrator's server started the check
 * (POST /applicants, with the bank's details), the element redeems the code
 * through the hand-off route and shows the details filled in. A code that
 * was used or replaced fires `kyc-expired`, so the host page can fetch a new one.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { KycFlow } from '../../components/kyc-flow/kyc-flow.js';
import '../../components/kyc-flow/kyc-flow.js';
import { adult, api, bff, button, clearKycStorage, errorText, field, recordFetch, waitForState } from './fixtures/flow.js';

const CONFIG_MODULE = '/__kyc-test-config.js';
const { integratorKey } = (await import(CONFIG_MODULE)) as { integratorKey: string };

const startCheck = (externalRef: string, applicant?: object) =>
  bff<{ id: string; startCode: string }>('/applicants', { method: 'POST', token: integratorKey, json: { externalRef, ...(applicant ? { applicant } : {}) } });

describe('<kyc-flow start-code>', () => {
  beforeEach(() => clearKycStorage());

  it('redeems the start code once and shows the bank’s details filled in, for the applicant to correct', async () => {
    const ref = `cust-${Math.random()}`;
    const started = await startCheck(ref, adult);
    const fetches = recordFetch();
    try {
      const el = await fixture<KycFlow>(html`<kyc-flow api=${api} start-code=${started.startCode}></kyc-flow>`);
      await waitForState(el, 'welcome');
      expect(el.workflow!.getState().workflowId).to.equal(started.id);
      await expect(el).to.be.accessible();
      button(el, 'Start KYC').click();
      await waitForState(el, 'personal_details');
      expect(field(el, 'First name').value).to.equal('Ada');
      expect(field(el, 'Last name').value).to.equal('Lovelace');
      expect(field<HTMLSelectElement>(el, 'Country').value).to.equal('GB');
      expect(field(el, 'Date of birth').value).to.equal('1990-12-10');
      // Redeemed at POST /handoffs, never in a URL; no anonymous workflow was made.
      expect(fetches.calls.filter((call) => call.method === 'POST' && call.url.endsWith('/handoffs'))).to.have.length(1);
      expect(fetches.creations()).to.equal(0);
      expect(fetches.calls.some((call) => call.url.includes(started.startCode.split('.')[1]))).to.equal(false);

      // Reconnecting does not redeem the same code again.
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      await waitForState(el, 'personal_details');
      expect(fetches.calls.filter((call) => call.url.endsWith('/handoffs'))).to.have.length(1);
    } finally {
      fetches.restore();
    }
  });

  it('a used or replaced start code says so and fires kyc-expired; a new start-code continues the same workflow', async () => {
    const ref = `cust-${Math.random()}`;
    const first = await startCheck(ref);
    const second = await startCheck(ref); // replaces the first code: same workflow
    expect(second.id).to.equal(first.id);
    const el = await fixture<KycFlow>(html`<kyc-flow api=${api}></kyc-flow>`);
    await waitForState(el, 'welcome');
    const expired = oneEvent(el, 'kyc-expired');
    el.startCode = first.startCode;
    const event = await expired;
    expect(event.detail.code).to.equal('handoff_invalid');
    await waitUntil(() => /expired/.test(errorText(el)), 'said in words');

    el.startCode = second.startCode;
    await waitUntil(() => el.workflow?.getState().workflowId === second.id, 'the new code opened the workflow');
    await waitForState(el, 'welcome');
  });
});
