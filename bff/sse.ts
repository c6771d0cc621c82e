/** text/event-stream fed by the bus, with a heartbeat comment so proxies keep it open. */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Deps } from './deps.js';

export const HEARTBEAT_MS = 15_000;

export function openStream(c: Context, deps: Pick<Deps, 'bus' | 'streams'>, topic: string): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  const response = streamSSE(c, async (stream) => {
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    // Writes go one after another, in the order the bus published them.
    let writing = Promise.resolve();
    const unsubscribe = deps.bus.subscribe(topic, (message) => {
      writing = writing.then(() => stream.writeSSE({ event: message.event, data: JSON.stringify(message.data) })).catch(close);
    });
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(close), HEARTBEAT_MS);
    deps.streams.add(close);
    stream.onAbort(close);
    await stream.write(': connected\n\n');
    await closed;
    clearInterval(heartbeat);
    unsubscribe();
    deps.streams.delete(close);
    await writing;
  });
  // streamSSE sets "no-cache" over ours; a stream of personal data is never stored.
  // Both: Hono merges the context's headers over the returned response's.
  c.header('Cache-Control', 'no-store');
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
