/**
 * Push across instances: every bus publication also goes out as a small
 * NOTIFY (origin, topic, event, workflow id, version); every other instance
 * that has a stream on that topic reads the record and publishes the same
 * event to its own streams. One dedicated connection LISTENs; when it drops
 * (the database restarted) it comes back by itself and catches up: every
 * workflow changed since the last check (change_seq) is announced again.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { casesTopic, workflowTopic, type BusMessage, type EventBus } from '../../bus.js';
import type { WorkflowRecord, WorkflowStore } from '../types.js';

const CHANNEL = 'kyc_events';
const HEARTBEAT_MS = 1000;
const RECONNECT_MS = 500;
const DECIDED = new Set(['approved', 'rejected', 'resubmission_requested']);

interface Notice {
  /** The instance that published it (it has told its own streams already). */
  o: string;
  t: string;
  e: string;
  id: string;
  v: number;
}

export interface NoticeOptions {
  url: string;
  pool: pg.Pool;
  bus: EventBus;
  store: WorkflowStore;
  /** What an applicant's stream carries for a record (views.ts workflowView). */
  view: (record: WorkflowRecord) => unknown;
  log: (line: string) => void;
}

const SEQ = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS seq FROM workflow_changes`;

export class PgNotices {
  private readonly origin = randomBytes(8).toString('hex');
  private client: pg.Client | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  /** Changes up to here were heard (one heartbeat behind the newest, so a notice in flight is not skipped). */
  private heard: number | null = null;
  private pending: number | null = null;
  /** Deliveries one after another, in the order heard. */
  private chain = Promise.resolve();
  /** How many times the listening connection was established (tests wait for a reconnect). */
  connected = 0;

  constructor(private readonly options: NoticeOptions) {}

  static async start(options: NoticeOptions): Promise<PgNotices> {
    const notices = new PgNotices(options);
    options.bus.relay = (topic, message) => notices.send(topic, message);
    await notices.connect();
    return notices;
  }

  private send(topic: string, message: BusMessage): void {
    const data = message.data as { id?: string; version?: number };
    if (typeof data?.id !== 'string') return;
    const notice: Notice = { o: this.origin, t: topic, e: message.event, id: data.id, v: data.version ?? 0 };
    this.options.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]).catch((error: Error) => {
      // The write itself is stored; other instances' streams learn of it when their connection catches up.
      this.options.log(`notice not sent (${error.message}); other instances catch up after reconnecting`);
    });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 2000, application_name: 'kyc-notices' });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as Notice;
        if (notice.o !== this.origin) this.enqueue(() => this.deliver(notice.t, notice.e, notice.id));
      } catch {
        // not ours
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    const { rows } = await client.query<{ seq: string }>(SEQ);
    const now = Number(rows[0].seq);
    const since = this.heard;
    this.client = client;
    this.heard = now;
    this.pending = now;
    this.connected++;
    if (since !== null) await this.catchUp(since);
    this.timer = setInterval(() => void this.beat(client), HEARTBEAT_MS);
    this.timer.unref();
  }

  private async beat(client: pg.Client): Promise<void> {
    try {
      const { rows } = await client.query<{ seq: string }>(SEQ);
      if (this.pending !== null) this.heard = this.pending;
      this.pending = Number(rows[0].seq);
    } catch {
      this.lost(client);
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.timer) clearInterval(this.timer);
    client.removeAllListeners('notification');
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.stopped) return;
    this.options.log('notification connection lost; reconnecting');
    const retry = () => {
      if (this.stopped) return;
      this.connect().then(
        () => this.options.log('notification connection back; caught up'),
        () => setTimeout(retry, RECONNECT_MS).unref(),
      );
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }

  /** Announces every workflow changed after `since` to the streams open here. */
  private async catchUp(since: number): Promise<void> {
    const { rows } = await this.options.pool.query<{ id: string; status: string }>(
      'SELECT id, status FROM workflows WHERE change_seq > $1 ORDER BY change_seq LIMIT 10000',
      [since],
    );
    for (const row of rows) {
      const decided = DECIDED.has(row.status);
      this.enqueue(() => this.deliver(workflowTopic(row.id), decided ? 'workflow.decided' : 'workflow.updated', row.id));
      if (row.status !== 'in_progress') this.enqueue(() => this.deliver(casesTopic, decided ? 'case.decided' : 'case.updated', row.id));
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: Error) => this.options.log(`notice not delivered: ${error.message}`));
  }

  private async deliver(topic: string, event: string, id: string): Promise<void> {
    const { bus, store, view } = this.options;
    if (!bus.listenerCount(topic)) return; // nobody here listens: no read
    const record = await store.get(id);
    if (!record) return;
    bus.deliver(topic, { event, data: topic === casesTopic ? store.summaryOf(record) : view(record) });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const client = this.client;
    this.client = null;
    this.options.bus.relay = undefined;
    await client?.end().catch(() => {});
    await this.chain;
  }
}
