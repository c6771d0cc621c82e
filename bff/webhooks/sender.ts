/**
 * The webhook sender: a loop inside the BFF that delivers outbox entries
 * (outbox.ts) to KYC_WEBHOOK_URL, signed with Standard Webhooks.
 *
 * - Wakes when a route wrote a new entry (`take`) and when a retry is due;
 *   nothing a route awaits: a slow receiver never slows an applicant or reviewer.
 * - One delivery in flight per workflow, oldest version first: a later event
 *   of a workflow waits while an earlier one is pending (failed ones no longer block).
 * - 2xx within 10 s is delivered; anything else is retried after
 *   retryBaseMs, doubling with ±20 % jitter, at most an hour apart, for 24 hours.
 *   Redirects are never followed (a 3xx is a failed attempt).
 * - Delivery state is written back into the record with `{ quiet: true }`, so a
 *   restart resumes exactly the pending entries and clients' versions stay valid.
 * - The delivery log (`list`) is this process's view: every pending and failed
 *   entry (also from before a restart) and the last DELIVERED_KEPT delivered ones.
 */
import { Webhook } from 'standardwebhooks';
import type { WebhookConfig } from '../config.js';
import type { DeliveryStatus, OutboxEntry, WorkflowRecord, WorkflowStore } from '../store/types.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_DELAY_MS = 60 * 60_000;
const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
const CONCURRENCY = 4;
/** How long a claimed attempt is this instance's (longer than the 10 s delivery timeout): another instance leaves it alone meanwhile. */
const CLAIM_MS = 20_000;
/** Delivered entries the log keeps in memory (pending and failed ones are always kept). */
const DELIVERED_KEPT = 10_000;

export interface DeliveryView {
  id: string;
  type: OutboxEntry['type'];
  workflowId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface SenderOptions {
  store: WorkflowStore;
  config: WebhookConfig;
  log: (line: string) => void;
}

export class WebhookSender {
  private readonly signer: Webhook;
  /** Every entry known (the delivery log): id → its workflow and its latest state. */
  private readonly deliveries = new Map<string, { workflowId: string; entry: OutboxEntry }>();
  private readonly inFlight = new Set<string>();
  /** Ids of delivered entries, oldest first (the log's window). */
  private readonly delivered: string[] = [];
  private readonly aborts = new Set<AbortController>();
  private url: string | null;
  private timer: NodeJS.Timeout | null = null;
  private woken = false;
  private stopped = false;

  constructor(private readonly options: SenderOptions) {
    this.signer = new Webhook(options.config.secret);
    this.url = options.config.url;
  }

  /** Reads the records holding outbox entries: pending ones resume (also after kill -9). */
  async start(): Promise<void> {
    for (const id of await this.options.store.outboxWorkflowIds()) {
      const record = await this.options.store.get(id);
      if (record) this.take(record);
    }
    this.wake();
  }

  /** The demo bank's receiver, once the server knows its own address. */
  setUrl(url: string): void {
    this.url ??= url;
    this.wake();
  }

  /** After a write that may have added outbox entries: learn them and wake the loop. */
  take(record: WorkflowRecord): void {
    for (const entry of record.outbox ?? []) {
      const known = this.deliveries.get(entry.id);
      if (entry.status === 'delivered' && (!known || known.entry.status === 'delivered')) {
        if (known) known.entry = entry;
        continue; // delivered before this process knew it, or already counted: not news
      }
      this.deliveries.set(entry.id, { workflowId: record.id, entry });
      if (entry.status === 'delivered') this.delivered.push(entry.id);
    }
    // The log is a window: the oldest delivered entries leave it (the records keep them).
    while (this.delivered.length > DELIVERED_KEPT) this.deliveries.delete(this.delivered.shift()!);
    this.wake();
  }

  list(status?: DeliveryStatus): DeliveryView[] {
    return [...this.deliveries.values()]
      .filter(({ entry }) => !status || entry.status === status)
      .sort((a, b) => (a.entry.createdAt < b.entry.createdAt ? 1 : a.entry.createdAt > b.entry.createdAt ? -1 : b.entry.workflowVersion - a.entry.workflowVersion))
      .map(({ workflowId, entry }) => ({
        id: entry.id,
        type: entry.type,
        workflowId,
        status: entry.status,
        attempts: entry.attempts,
        lastStatusCode: entry.lastStatusCode,
        lastError: entry.lastError,
        nextAttemptAt: entry.nextAttemptAt,
        createdAt: entry.createdAt,
        deliveredAt: entry.deliveredAt,
      }));
  }

  /** Attempt `id` again now (also a failed or delivered one); false when unknown. */
  async retry(id: string): Promise<boolean> {
    const known = this.deliveries.get(id);
    if (!known) return false;
    await this.changeEntry(known.workflowId, id, (entry) => Object.assign(entry, { status: 'pending', nextAttemptAt: new Date().toISOString() }));
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const controller of this.aborts) controller.abort();
  }

  private wake(): void {
    if (this.woken || this.stopped) return;
    this.woken = true;
    setImmediate(() => {
      this.woken = false;
      this.pump();
    });
  }

  /** Starts every due head entry (per workflow, its oldest pending version) and sleeps until the next one. */
  private pump(): void {
    if (this.stopped || !this.url) return;
    const heads = new Map<string, OutboxEntry>();
    for (const { workflowId, entry } of this.deliveries.values()) {
      if (entry.status !== 'pending') continue;
      const head = heads.get(workflowId);
      if (!head || entry.workflowVersion < head.workflowVersion) heads.set(workflowId, entry);
    }
    const now = Date.now();
    let nextDue = Infinity;
    for (const [workflowId, entry] of heads) {
      if (this.inFlight.has(workflowId)) continue;
      const due = Date.parse(entry.nextAttemptAt ?? entry.createdAt);
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      if (this.inFlight.size >= CONCURRENCY) break;
      this.inFlight.add(workflowId);
      void this.attempt(workflowId, entry).finally(() => {
        this.inFlight.delete(workflowId);
        this.wake();
      });
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (nextDue < Infinity) {
      this.timer = setTimeout(() => this.wake(), Math.min(Math.max(nextDue - now, 0), 2 ** 31 - 1));
      this.timer.unref();
    }
  }

  private async attempt(workflowId: string, entry: OutboxEntry): Promise<void> {
    // Several instances on one database each read pending entries at start: one claims an attempt, the others skip it.
    // (The embedded store belongs to one process, so it needs no claim.)
    if (this.options.store.kind === 'postgres' && !(await this.claim(workflowId, entry))) return;
    const { statusCode, error } = await this.send(entry);
    if (this.stopped) return; // not an attempt the receiver failed: it resumes after the restart
    const delivered = error === null;
    const attempts = entry.attempts + 1;
    const now = Date.now();
    const delay = Math.min(this.options.config.retryBaseMs * 2 ** (attempts - 1), MAX_DELAY_MS) * (0.8 + Math.random() * 0.4);
    const givenUp = !delivered && now + delay - Date.parse(entry.createdAt) > GIVE_UP_AFTER_MS;
    const outcome: Partial<OutboxEntry> = {
      attempts,
      lastStatusCode: statusCode,
      lastError: error,
      status: delivered ? 'delivered' : givenUp ? 'failed' : 'pending',
      nextAttemptAt: delivered || givenUp ? null : new Date(now + delay).toISOString(),
      deliveredAt: delivered ? new Date(now).toISOString() : null,
    };
    this.options.log(
      `webhook ${entry.id} ${entry.type} attempt ${attempts}: ${delivered ? 'delivered' : `${error}; ${givenUp ? 'failed for good' : `next in ${(delay / 1000).toFixed(1)} s`}`}`,
    );
    try {
      await this.changeEntry(workflowId, entry.id, (stored) => Object.assign(stored, outcome));
    } catch (failure) {
      // The state stays pending on disk: after a restart the event goes out again (at least once).
      Object.assign(entry, outcome);
      this.options.log(`webhook ${entry.id}: could not record the attempt (${(failure as Error).message})`);
    }
  }

  /** Changes one outbox entry in a quiet write (the workflow's version stays: a client's version is not made stale), then learns the record. */
  private async changeEntry(workflowId: string, id: string, change: (entry: OutboxEntry) => void): Promise<void> {
    const record = await this.options.store.update(
      workflowId,
      undefined,
      (next) => {
        const entry = next.outbox?.find((e) => e.id === id);
        if (entry) change(entry);
        return next;
      },
      { quiet: true },
    );
    this.take(record);
  }

  /** Marks the entry's next attempt as taken for CLAIM_MS, if it is still due and unattempted since `entry` was read. */
  private async claim(workflowId: string, entry: OutboxEntry): Promise<boolean> {
    let claimed = false;
    try {
      await this.changeEntry(workflowId, entry.id, (stored) => {
        claimed = stored.status === 'pending' && stored.attempts === entry.attempts && Date.parse(stored.nextAttemptAt ?? stored.createdAt) <= Date.now();
        if (claimed) stored.nextAttemptAt = new Date(Date.now() + CLAIM_MS).toISOString();
      });
    } catch (failure) {
      this.options.log(`webhook ${entry.id}: could not claim the attempt (${(failure as Error).message})`);
      return false;
    }
    return claimed;
  }

  private async send(entry: OutboxEntry): Promise<{ statusCode: number | null; error: string | null }> {
    const controller = new AbortController();
    this.aborts.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), DELIVERY_TIMEOUT_MS);
    try {
      const sentAt = new Date();
      const response = await fetch(this.url!, {
        method: 'POST',
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'kyc-review-kit-webhooks/1',
          'webhook-id': entry.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(entry.id, sentAt, entry.payload),
        },
        body: entry.payload,
      });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) return { statusCode: response.status, error: null };
      const redirect = response.status >= 300 && response.status < 400;
      return { statusCode: response.status, error: redirect ? `redirect (${response.status}) not followed` : `answered ${response.status}` };
    } catch (error) {
      if (controller.signal.aborted) return { statusCode: null, error: this.stopped ? 'server stopping' : `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` };
      const cause = (error as { cause?: { code?: string } }).cause;
      return { statusCode: null, error: cause?.code ?? (error as Error).message };
    } finally {
      clearTimeout(timeout);
      this.aborts.delete(controller);
    }
  }
}
