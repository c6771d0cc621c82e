/** What the integrator's tests share: the bank's API key and redeeming a start code as the element does. */
import type { Api } from '../bff/harness.js';

export const BANK_KEY = 'northwind-0123456789abcdef0123456789abcdef';
export const integratorEnv = { KYC_API_KEYS: `northwind:${BANK_KEY}` };

/** Redeems a start code exactly as the element does: POST /handoffs {workflowId, code}. */
export async function redeem(api: Api, startCode: string) {
  const dot = startCode.indexOf('.');
  return api.send('POST', '/handoffs', { json: { workflowId: startCode.slice(0, dot), code: startCode.slice(dot + 1) } });
}

/** Polls `read` until `done` holds (deliveries are recorded just after the receiver answers). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
