/**
 * The webhook outbox: an event is added to the workflow record inside the
 * very `store.update` change that causes it, so the event is durable exactly
 * when the change is (one atomic write), and a 2xx answer implies both.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { OutboxEntry, WorkflowRecord } from '../store/types.js';

export type WebhookType = OutboxEntry['type'];

/** The body of a delivery (integrator.md § Webhooks). */
export function webhookBody(type: WebhookType, record: WorkflowRecord, version: number, at: string): string {
  const decision = record.decision && {
    outcome: record.decision.outcome,
    reason: record.decision.reason,
    items: record.decision.items,
    decidedAt: record.decision.decidedAt,
  };
  return JSON.stringify({
    type,
    timestamp: at,
    data: { id: record.id, externalRef: record.externalRef ?? null, status: record.status, decision: type === 'workflow.decided' ? decision : null, version },
  });
}

/**
 * Adds `type` to `next`'s outbox; call it inside a `store.update` change, after the change itself.
 * Nothing when webhooks are off. The store bumps the version after the change: the event carries
 * the version the write will have.
 */
export function addToOutbox(config: Config, next: WorkflowRecord, type: WebhookType): void {
  if (!config.webhook) return;
  const at = new Date().toISOString();
  const version = next.version + 1;
  const entry: OutboxEntry = {
    id: `msg_${randomBytes(16).toString('base64url')}`,
    type,
    workflowVersion: version,
    payload: webhookBody(type, next, version, at),
    createdAt: at,
    status: 'pending',
    attempts: 0,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: at,
    deliveredAt: null,
  };
  next.outbox = [...(next.outbox ?? []), entry];
}
