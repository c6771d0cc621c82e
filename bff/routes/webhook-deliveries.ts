/** The webhook delivery log and replay (integrator.md § Webhooks): API keys only. */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AuthVariables } from '../auth.js';
import type { Deps } from '../deps.js';
import { notFound } from '../problem.js';
import { jsonBody, queryOf } from '../validate.js';

export function webhookDeliveries({ auth, webhooks }: Deps) {
  return new Hono<{ Variables: AuthVariables }>()
    .use(auth.integrator)
    .get('/', queryOf(v.strictObject({ status: v.optional(v.picklist(['pending', 'delivered', 'failed'], 'status is pending, delivered or failed')) })), (c) =>
      c.json({ items: webhooks?.list(c.req.valid('query').status) ?? [] }),
    )
    .post('/:id/retry', jsonBody(v.strictObject({})), async (c) => {
      if (!webhooks || !(await webhooks.retry(c.req.param('id')))) throw notFound('No such delivery');
      return c.json({ id: c.req.param('id'), status: 'pending' }, 202);
    });
}
