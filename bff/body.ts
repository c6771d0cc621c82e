/**
 * Request bodies read under three limits (README § Limits):
 * - a size per body: past it, 413 — after reading and discarding the rest, up
 *   to a bound, so that clients which send the whole body before reading the
 *   answer (Node's fetch, browsers) receive the 413 instead of EPIPE;
 * - progress: no byte for `bodyIdleMs` is a 408 (a half-sent body is not held
 *   for the socket's five minutes);
 * - the bytes all requests hold at once (`maxBodyBytesInFlight`): past it, 503
 *   with Retry-After.
 */
import type { Config } from './config.js';
import { ApiProblem } from './problem.js';

/** The bytes that request bodies hold right now, across the whole app. */
export class BodyBudget {
  held = 0;
  constructor(readonly max: number) {}

  /** Takes `bytes` or throws 503 (nothing taken). */
  take(bytes: number): void {
    if (this.held + bytes > this.max)
      throw new ApiProblem(503, 'The server is busy receiving other uploads; try again shortly.', { retryAfter: 2 });
    this.held += bytes;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}

/** While draining a refused body: a pause this long means the client is not sending any more. */
const DRAIN_IDLE_MS = 500;

export type BodyLimits = Pick<Config, 'bodyIdleMs' | 'drainMaxBytes' | 'drainMaxMs'>;

export class BodyReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private done = false;
  private idleMs: number;
  /**
   * One timer and one promise per body, not per chunk: a drain may take 150 chunks in one turn
   * of the event loop (libuv reads up to 2 MB at once), and a setTimeout and a race of fresh
   * promises per chunk made that a 100+ ms stall.
   */
  private timer: NodeJS.Timeout | undefined;
  private stalled: Promise<never> | undefined;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly limits: BodyLimits,
  ) {
    this.reader = body.getReader();
    this.idleMs = limits.bodyIdleMs;
  }

  private arm(): Promise<never> {
    if (this.timer && this.stalled) {
      this.timer.refresh();
      return this.stalled;
    }
    this.stalled = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => reject(new ApiProblem(408, `The request body stalled: no bytes for ${this.idleMs / 1000} s.`)), this.idleMs);
      this.timer.unref();
    });
    this.stalled.catch(() => {}); // answered by whoever awaits next(); never unhandled
    return this.stalled;
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stalled = undefined;
  }

  /** The next chunk, or undefined at the end; 408 when the client sends nothing for `bodyIdleMs`. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.done) return undefined;
    try {
      const { done, value } = await Promise.race([this.reader.read(), this.arm()]);
      if (done) {
        this.done = true;
        this.disarm();
      }
      return done ? undefined : value;
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /**
   * Reads and discards what is left (up to `drainMaxBytes` and `drainMaxMs`) so that the client,
   * still sending, gets to read the refusal; then stops. Never throws.
   */
  async drain(): Promise<void> {
    const until = Date.now() + this.limits.drainMaxMs;
    let discarded = 0;
    try {
      // A client that stops sending is not waited for: it is not one that is still writing its body.
      this.idleMs = Math.min(this.limits.bodyIdleMs, DRAIN_IDLE_MS);
      this.disarm();
      while (!this.done && discarded <= this.limits.drainMaxBytes && Date.now() < until) {
        const chunk = await this.next();
        discarded += chunk?.length ?? 0;
      }
    } catch {
      // stalled or aborted: nothing more to wait for
    }
    this.stop();
  }

  /** Stops reading (the connection closes after the answer: app.ts sends Connection: close on 4xx bodies left unread). */
  stop(): void {
    this.disarm();
    if (this.done) return;
    this.done = true;
    this.reader.cancel().catch(() => {});
  }
}

/**
 * The whole body (at most `limit` bytes) under the budget. Past `limit`:
 * drains, then 413 `tooLarge`.
 */
export async function readWholeBody(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | undefined,
  limit: number,
  limits: BodyLimits,
  budget: BodyBudget,
  tooLarge: string,
): Promise<{ bytes: Uint8Array; release: () => void }> {
  let held = 0;
  const release = () => {
    budget.give(held);
    held = 0;
  };
  if (!body) return { bytes: new Uint8Array(0), release };
  const reader = new BodyReader(body, limits);
  const declared = declaredLength === undefined ? undefined : Number(declaredLength);
  if (declared !== undefined && declared > limit) {
    if (declared <= limits.drainMaxBytes) await reader.drain();
    else reader.stop();
    throw new ApiProblem(413, tooLarge);
  }
  const chunks: Uint8Array[] = [];
  try {
    for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
      if (held + chunk.length > limit) {
        release();
        chunks.length = 0;
        await reader.drain();
        throw new ApiProblem(413, tooLarge);
      }
      budget.take(chunk.length);
      held += chunk.length;
      chunks.push(chunk);
    }
  } catch (error) {
    release();
    reader.stop();
    throw error;
  }
  const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  return { bytes, release };
}
