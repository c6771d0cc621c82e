/** text/event-stream fed by the bus, with a heartbeat comment so proxies keep it open. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Caller } from './auth.js';
import type { Deps } from './deps.js';
import { ApiProblem } from './problem.js';

export const HEARTBEAT_MS = 15_000;

/**
 * Streams one caller may hold open at once: an applicant's token (one workflow,
 * a few tabs or devices), a reviewer's key (one stream per open backoffice tab).
 */
export const MAX_STREAMS = { applicant: 5, reviewer: 10, integrator: 0 } as const;

/** Per app (its bus): caller → streams open. */
const openByCaller = new WeakMap<object, Map<string, number>>();

/** Bytes a stream may have queued for a client that does not read them (KYC_STREAM_BACKLOG_BYTES). */
export const DEFAULT_STREAM_BACKLOG_BYTES = 256 * 1024;

export function openStream(
  c: Context,
  deps: Pick<Deps, 'bus' | 'streams'> & { config?: Pick<Deps['config'], 'streamBacklogBytes'> },
  topic: string,
): Response {
  // A HEAD opens nothing: its answer has no body, so a stream slot it took would only come back
  // when the server noticed the socket gone (and a HEAD's socket may stay open).
  if (c.req.method === 'HEAD')
    return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
  const backlogLimit = deps.config?.streamBacklogBytes ?? DEFAULT_STREAM_BACKLOG_BYTES;
  const caller = c.get('caller') as Caller | undefined;
  const owner = caller && (caller.kind === 'applicant' ? `applicant:${caller.workflowId}` : `${caller.kind}:${caller.name}`);
  let open = openByCaller.get(deps.bus);
  if (!open) openByCaller.set(deps.bus, (open = new Map()));
  if (caller && owner) {
    const count = open.get(owner) ?? 0;
    if (count >= MAX_STREAMS[caller.kind])
      throw new ApiProblem(429, `At most ${MAX_STREAMS[caller.kind]} event streams open at once with these credentials; close one first.`, { retryAfter: 30 });
    open.set(owner, count + 1);
  }
  const release = () => {
    if (!owner) return;
    const left = (open.get(owner) ?? 1) - 1;
    if (left > 0) open.set(owner, left);
    else open.delete(owner);
  };
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  const response = streamSSE(c, async (stream) => {
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    // Writes go one after another, in the order the bus published them. Hono's write never
    // rejects (it swallows a closed connection's errors): a stream ends through onAbort
    // (the client went away) or through `deps.streams` (shutdown), nothing else.
    // What is queued and not yet taken by the socket is bounded: a client that stops reading while
    // events keep coming is cut off (its reconnect catches up from GET), instead of growing memory.
    let writing = Promise.resolve();
    let backlog = 0;
    const cutOff = () => {
      stream.abort(); // pending writes settle, the response ends
      (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy(); // and what the socket holds goes
      close();
    };
    const unsubscribe = deps.bus.subscribe(topic, (message) => {
      if (stream.aborted) return;
      const data = JSON.stringify(message.data);
      const size = data.length + message.event.length + 16;
      if (backlog + size > backlogLimit) return cutOff();
      backlog += size;
      writing = writing.then(() => stream.writeSSE({ event: message.event, data })).finally(() => (backlog -= size));
    });
    const heartbeat = setInterval(() => {
      if (backlog < backlogLimit) void stream.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    deps.streams.add(close);
    stream.onAbort(close);
    // A portal JWT's stream ends when the token does; the client reconnects with its refreshed token.
    const left = caller?.kind === 'reviewer' && caller.expiresAt ? caller.expiresAt - Date.now() : Infinity;
    // (setTimeout fires at once for delays past 2^31 ms; a token that lives longer than 24 days ends with the connection.)
    const expiry = left < 2 ** 31 ? setTimeout(close, Math.max(0, left)) : undefined;
    try {
      await stream.write(': connected\n\n');
      await closed;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
      deps.streams.delete(close);
      release();
    }
    if (!stream.aborted) await writing;
  });
  // streamSSE sets "no-cache" over ours; a stream of personal data is never stored.
  // Both: Hono merges the context's headers over the returned response's.
  c.header('Cache-Control', 'no-store');
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
