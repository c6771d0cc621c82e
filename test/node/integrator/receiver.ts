/**
 * A webhook receiver on a loopback port, as an integrator would write it: every
 * delivery is verified with the `standardwebhooks` package's own verifier
 * (never with the BFF's code). Its answers are scripted per attempt.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { Webhook } from 'standardwebhooks';

export const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

/** What the receiver does with one delivery: answer a status, or never answer (the sender's timeout). */
export type Answer = number | 'hang';

export interface Received {
  id: string;
  verified: boolean;
  body: any;
  at: number;
  answer: Answer;
}

export class Receiver {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  private readonly hanging = new Set<ServerResponse>();
  /** Answers for the next deliveries, in order; then `otherwise`. */
  script: Answer[] = [];
  otherwise: Answer = 200;
  /** Where a 3xx answer points. */
  redirectTo = '';
  url = '';

  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(SECRET).verify(payload, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const answer = this.script.shift() ?? this.otherwise;
      this.received.push({ id: String(req.headers['webhook-id']), verified, body: JSON.parse(payload), at: Date.now(), answer });
      for (const wake of this.waiters.splice(0)) wake();
      if (answer === 'hang') this.hanging.add(res);
      else res.writeHead(answer, { 'content-type': 'text/plain', ...(answer >= 300 && answer < 400 ? { location: this.redirectTo } : {}) }).end('ok');
    });
  });

  static async start(t: TestContext): Promise<Receiver> {
    const receiver = new Receiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks`;
    t.after(() => receiver.close());
    return receiver;
  }

  /** Waits until `count` deliveries matching `where` arrived. */
  async waitFor(count: number, where: (r: Received) => boolean = () => true, timeoutMs = 30_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter(where);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`${matching.length} of ${count} deliveries within ${timeoutMs} ms: ${JSON.stringify(this.received.map((r) => [r.body.type, r.answer]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
