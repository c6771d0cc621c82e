/**
 * "Northwind Bank", the demo's integrator: a tiny back end of its own, served
 * by the same `npm start` server under /bank/api (never under /api/v1), that
 * uses the integrator's API exactly as a real bank's server would:
 *
 * - `POST /bank/api/start-code` starts (or continues) the check of one of its
 *   customers with its API key (`POST /api/v1/applicants`) and gives its page
 *   the start code for `<kyc-flow start-code>`;
 * - `POST /bank/api/webhooks` receives the webhooks and verifies each with the
 *   `standardwebhooks` verifier (a bad signature is refused, 401);
 * - `GET /bank/api/records` is "the bank's customer records": each customer's
 *   status as the webhooks reported it.
 *
 * Its records live in KYC_DATA_DIR/bank/records.json (written durably). It is
 * mounted only when KYC_API_KEYS is unset (the demo makes its key and webhook
 * secret for the run). A demo: the records page has no sign-in.
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { Hono } from 'hono';
import { Low } from 'lowdb';
import { Webhook } from 'standardwebhooks';
import * as v from 'valibot';
import { ApiProblem } from '../problem.js';
import { DurableJSONFile, ensureDirs } from '../store/durable-file.js';
import { jsonBody } from '../validate.js';

export interface BankRecord {
  customerId: string;
  workflowId: string | null;
  status: string;
  outcome: string | null;
  reason: string | null;
  /** The workflow version the last webhook reported: an older one (a retry arriving late) changes nothing. */
  version: number;
  signatureVerified: boolean;
  updatedAt: string;
  lastWebhookId: string | null;
}

interface BankData {
  customers: Record<string, BankRecord>;
}

export interface BankOptions {
  dataDir: string;
  apiKey: string;
  webhookSecret: string;
  /** Calls the KYC API (`/api/v1/…`) as any server would; in-process here. */
  kycApi: (path: string, init: RequestInit) => Promise<Response>;
  log: (line: string) => void;
}

const CUSTOMER_ID = /^NW-\d{6}$/;

export async function bankDemo(options: BankOptions) {
  const dir = join(options.dataDir, 'bank');
  await ensureDirs(dir);
  const db = new Low<BankData>(new DurableJSONFile(join(dir, 'records.json')), { customers: {} });
  await db.read();
  db.data ??= { customers: {} };
  const verifier = new Webhook(options.webhookSecret);

  const newCustomer = (): string => {
    for (;;) {
      const id = `NW-${String(randomInt(1_000_000)).padStart(6, '0')}`;
      if (!db.data.customers[id]) return id;
    }
  };

  return new Hono()
    .post('/start-code', jsonBody(v.strictObject({ customerId: v.optional(v.nullable(v.string())) })), async (c) => {
      const given = c.req.valid('json').customerId;
      // The bank knows its customer (here: an id its page keeps); an unknown id is a new customer.
      const customerId = given && CUSTOMER_ID.test(given) && db.data.customers[given] ? given : newCustomer();
      const answer = await options.kycApi('/api/v1/applicants', {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalRef: customerId }),
      });
      if (!answer.ok) throw new ApiProblem(502, 'The identity check could not be started; try again.');
      const started = (await answer.json()) as { id: string; status: string; version: number; startCode: string };
      const known = db.data.customers[customerId];
      if (!known || known.workflowId !== started.id) {
        db.data.customers[customerId] = {
          customerId,
          workflowId: started.id,
          status: 'check started',
          outcome: null,
          reason: null,
          version: 0,
          signatureVerified: false,
          updatedAt: new Date().toISOString(),
          lastWebhookId: null,
        };
        await db.write();
      }
      c.header('Cache-Control', 'no-store');
      return c.json({ customerId, startCode: started.startCode });
    })

    .post('/webhooks', async (c) => {
      const payload = await c.req.text();
      let event: { type: string; data: { id: string; externalRef: string | null; status: string; decision: { outcome: string; reason: string | null } | null; version: number } };
      try {
        event = verifier.verify(payload, {
          'webhook-id': c.req.header('webhook-id') ?? '',
          'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
          'webhook-signature': c.req.header('webhook-signature') ?? '',
        }) as typeof event;
      } catch {
        options.log('bank demo: refused a webhook whose signature did not verify');
        throw new ApiProblem(401, 'Signature did not verify');
      }
      const ref = event.data.externalRef;
      const known = ref ? db.data.customers[ref] : undefined;
      if (ref && CUSTOMER_ID.test(ref) && (!known || event.data.version > known.version)) {
        db.data.customers[ref] = {
          customerId: ref,
          workflowId: event.data.id,
          status: event.data.status,
          outcome: event.data.decision?.outcome ?? null,
          reason: event.data.decision?.reason ?? null,
          version: event.data.version,
          signatureVerified: true,
          updatedAt: new Date().toISOString(),
          lastWebhookId: c.req.header('webhook-id') ?? null,
        };
        await db.write();
      }
      return c.body(null, 204);
    })

    .get('/records', (c) => {
      c.header('Cache-Control', 'no-store');
      const items = Object.values(db.data.customers).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      return c.json({ items });
    });
}
