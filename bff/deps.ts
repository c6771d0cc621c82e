/** What every route sub-app is built from; one set per app, so tests build their own. */
import type { Authenticator } from './auth.js';
import type { BodyBudget } from './body.js';
import type { EventBus } from './bus.js';
import type { Config } from './config.js';
import type { RateLimiter } from './rate-limit.js';
import type { BlobStore, WorkflowStore } from './store/types.js';
import type { WebhookSender } from './webhooks/sender.js';

export interface Deps {
  config: Config;
  store: WorkflowStore;
  blobs: BlobStore;
  bus: EventBus;
  auth: Authenticator;
  limiter: RateLimiter;
  log: (line: string) => void;
  /** Closes every open stream (on shutdown). */
  streams: Set<() => void>;
  /** Delivers the outbox (KYC_WEBHOOK_URL); null when webhooks are off. */
  webhooks: WebhookSender | null;
  /** Bytes that request bodies hold at once, across the app (KYC_MAX_BODY_BYTES_IN_FLIGHT). */
  bodyBudget: BodyBudget;
}
