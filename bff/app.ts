/**
 * The BFF as a Hono app: one sub-app per resource under /api/v1, one
 * onError answering problem+json. Built from its dependencies so that tests
 * (and the server) each make their own.
 */
import { Hono, type Context, type Next } from 'hono';
import { cors } from 'hono/cors';
import { createAuthenticator } from './auth.js';
import { createDemoIdp } from './demo/idp.js';
import { BodyBudget, readWholeBody } from './body.js';
import { EventBus } from './bus.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { escapeControl } from './log.js';
import { conflict, notFound, onError, problemResponse } from './problem.js';
import { RateLimiter } from './rate-limit.js';
import { applicants } from './routes/applicants.js';
import { cases } from './routes/cases.js';
import { definitions } from './routes/definitions.js';
import { reviewers } from './routes/reviewers.js';
import { documents } from './routes/documents.js';
import { webhookDeliveries } from './routes/webhook-deliveries.js';
import { handoffs, workflows } from './routes/workflows.js';
import { VersionConflict, WorkflowNotFound, type BlobStore, type WorkflowStore } from './store/types.js';
import { WebhookSender } from './webhooks/sender.js';

export interface AppOptions {
  config: Config;
  store: WorkflowStore;
  blobs: BlobStore;
  log?: (line: string) => void;
  bus?: EventBus;
}

export const API_BASE = '/api/v1';

export function createApp(options: AppOptions) {
  const sink = options.log ?? ((line: string) => console.log(line));
  // Everything logged is escaped here, once: a path with %0A or ESC cannot forge or colour a line.
  const log = (line: string) => sink(escapeControl(line));
  const limiter = new RateLimiter(options.config.rateLimit, undefined, undefined, options.config.trustedProxies);
  const idp = options.config.demoIdp ? createDemoIdp(options.config.demoTokenSeconds) : undefined;
  const deps: Deps = {
    config: options.config,
    store: options.store,
    blobs: options.blobs,
    bus: options.bus ?? new EventBus(),
    limiter,
    auth: createAuthenticator({ config: options.config, store: options.store, limiter, localKeys: idp?.localKeys }),
    log,
    streams: new Set(),
    webhooks: options.config.webhook ? new WebhookSender({ store: options.store, config: options.config.webhook, log }) : null,
    bodyBudget: new BodyBudget(options.config.maxBodyBytesInFlight),
  };
  deps.webhooks?.start().catch((error: Error) => log(`webhook sender could not start: ${error.message}`));
  const handleError = onError(log, (path) => deps.auth.redact(path));

  /** Reads a JSON body under the body limits (body.ts) into Hono's body cache, where c.req.json() finds it. */
  const jsonLimit = async (c: Context, next: Next) => {
    const { bytes, release } = await readWholeBody(
      c.req.raw.body,
      c.req.header('content-length'),
      deps.config.maxJsonBytes,
      deps.config,
      deps.bodyBudget,
      `JSON bodies may be at most ${deps.config.maxJsonBytes} bytes`,
    );
    (c.req.bodyCache as { arrayBuffer?: Promise<ArrayBuffer> }).arrayBuffer = Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    try {
      await next();
    } finally {
      release();
    }
  };
  const api = new Hono()
    // Only requests that carry a body are limited (on a GET, bodyLimit would make the node adapter build a
    // full Request); uploads have their own, larger limit (KYC_MAX_UPLOAD_BYTES) on their route.
    .use((c, next) =>
      (c.req.method !== 'POST' && c.req.method !== 'PUT') || c.req.path.endsWith('/documents') ? next() : jsonLimit(c, next),
    )
    // 503 with Retry-After while the database cannot be reached (the store's ping throws it).
    .get('/health', async (c) => {
      await options.store.ping();
      return c.json({ status: 'ok', store: options.store.kind });
    })
    .route('/definitions', definitions())
    .route('/workflows', workflows(deps))
    .route('/handoffs', handoffs(deps))
    .route('/documents', documents(deps))
    .route('/cases', cases(deps))
    .route('/applicants', applicants(deps))
    .route('/webhook-deliveries', webhookDeliveries(deps))
    .route('/reviewers', reviewers(deps));

  const app = new Hono();
  app.use('*', async (c, next) => {
    const started = performance.now();
    // Set before the handler answers (a route may override them): changing headers of a finished
    // response takes it off the node adapter's fast path and cost ~3x the CPU of a whole GET.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (c.req.path.startsWith(API_BASE)) {
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      c.header('Cache-Control', 'no-store');
    }
    await next();
    // A body refused before it was read (413) leaves unread bytes on the socket: do not let the client reuse it.
    if (c.res.status === 413 || c.res.status === 408 || (c.res.status === 503 && c.req.method !== 'GET')) c.header('Connection', 'close');
    // Method, path and status only: ids are not secrets; a token a client wrongly put in the path is redacted.
    log(`${c.req.method} ${deps.auth.redact(c.req.path)} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });
  const crossOrigin = cors({
    origin: (origin) => (deps.config.allowedOrigins.includes(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type'],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  // Requests without an Origin (same-origin GETs, servers) need no CORS headers (API answers are never cached).
  app.use(`${API_BASE}/*`, (c, next) => (c.req.header('origin') ? crossOrigin(c, next) : next()));
  app.route(API_BASE, api);
  // The demo's identity provider (bff/demo/idp.ts), beside the API as a portal's provider would be.
  if (idp) app.route('/idp', idp.app);
  app.notFound((c) => problemResponse(c, 404, 'No such route'));
  app.onError((error, c) => {
    if (error instanceof VersionConflict) return handleError(conflict('The workflow changed since you loaded it', error.current), c);
    if (error instanceof WorkflowNotFound) return handleError(notFound('No such workflow'), c);
    return handleError(error, c);
  });
  return { app, deps };
}

export type AppType = ReturnType<typeof createApp>['app'];
