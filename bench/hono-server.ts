/**
 * A second floor for throughput: the BFF's own framework (Hono on
 * @hono/node-server) answering the same fixed bodies with no middleware,
 * no auth, no store. Shows which share of the gap to bare node:http is the
 * framework's and which is the BFF's own. Same ROUTES_FILE as bare-server.ts.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const routes = new Map<string, string>(Object.entries(JSON.parse(readFileSync(process.env.ROUTES_FILE!, 'utf8')) as Record<string, string>));
routes.set('/health', '{"status":"ok"}');

const app = new Hono();
app.get('*', (c) => {
  const url = new URL(c.req.url);
  const body = routes.get(`${url.pathname}${url.search}`);
  return body === undefined ? c.notFound() : c.body(body, 200, { 'content-type': 'application/json' });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST ?? '127.0.0.1' });

process.on('SIGTERM', () => process.exit(0));
