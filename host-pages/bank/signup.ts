/**
 * The bank's sign-up page: asks the bank's own server (bff/demo/bank.ts) for a
 * start code for this customer, sets it on <kyc-flow start-code>, and only then
 * loads the element, so that no anonymous check can start first. When the
 * element says the link expired (`kyc-expired`), it asks for a new code.
 */
const CUSTOMER_KEY = 'northwind-customer-id';
const ELEMENT = '/elements/kyc-flow.js';
const flow = document.querySelector('kyc-flow')!;
const customerLine = document.querySelector<HTMLElement>('#bank-customer')!;

function storedCustomer(): string | null {
  try {
    return localStorage.getItem(CUSTOMER_KEY);
  } catch {
    return null;
  }
}

async function newStartCode(): Promise<string> {
  const answer = await fetch('/bank/api/start-code', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId: storedCustomer() }),
  });
  if (!answer.ok) throw new Error(`the bank's server answered ${answer.status}`);
  const { customerId, startCode } = (await answer.json()) as { customerId: string; startCode: string };
  try {
    localStorage.setItem(CUSTOMER_KEY, customerId);
  } catch {
    /* storage blocked: a new customer number next time */
  }
  customerLine.textContent = `Your customer number: ${customerId}`;
  return startCode;
}

let refreshes = 0;
flow.addEventListener('kyc-expired', () => {
  // A few times at most: a code that keeps failing must not loop.
  if (++refreshes > 3) return;
  newStartCode().then(
    (code) => flow.setAttribute('start-code', code),
    () => (customerLine.textContent = 'We could not renew your link. Reload the page to try again.'),
  );
});

// A "continue on another device" link carries its own code: the element redeems that one.
if (!location.hash.includes('kyc-handoff=')) {
  try {
    flow.setAttribute('start-code', await newStartCode());
  } catch {
    customerLine.textContent = 'We could not start your identity check. Reload the page to try again.';
  }
}
await import(/* @vite-ignore */ ELEMENT);
export {};
