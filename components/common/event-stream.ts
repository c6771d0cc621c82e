/**
 * Server-sent events read with fetch (so the token travels in a header,
 * never in a URL as EventSource would need), reconnecting with backoff.
 */
import { apiUrl, authHeaders, errorFromResponse, type KycApiError } from './http.js';

export interface StreamMessage {
  event: string;
  data: string;
  id?: string;
}

export interface EventStreamOptions {
  api: string;
  path: string;
  token: string;
  onMessage(message: StreamMessage): void;
  /** After every (re)connection: the caller catches up with a GET here. */
  onOpen?(reconnected: boolean): void;
  /** A refusal (401/403/404) ends the stream for good; anything else retries. */
  onFatal?(error: KycApiError): void;
  /** Backoff bounds in ms. */
  minDelay?: number;
  maxDelay?: number;
}

/** Parses an SSE byte stream into messages. */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let message: StreamMessage = { event: 'message', data: '' };
  let hasData = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
        if (line === '') {
          if (hasData) yield message;
          message = { event: 'message', data: '' };
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          message.data = hasData ? `${message.data}\n${value}` : value;
          hasData = true;
        } else if (field === 'event') message.event = value;
        else if (field === 'id') message.id = value;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Opens the stream and keeps it open until the returned function is called. */
export function openEventStream(options: EventStreamOptions): () => void {
  const controller = new AbortController();
  const minDelay = options.minDelay ?? 500;
  const maxDelay = options.maxDelay ?? 15_000;
  let attempt = 0;

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(apiUrl(options.api, options.path), {
          headers: { accept: 'text/event-stream', ...authHeaders(options.token) },
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
        if (!response.ok) {
          const error = await errorFromResponse(response);
          if ([401, 403, 404].includes(response.status)) {
            options.onFatal?.(error);
            return;
          }
          throw error;
        }
        options.onOpen?.(attempt > 0);
        attempt = 0;
        for await (const message of parseEventStream(response.body!)) options.onMessage(message);
      } catch {
        if (controller.signal.aborted) return;
      }
      // Full jitter backoff, so many clients do not come back at once.
      const ceiling = Math.min(maxDelay, minDelay * 2 ** attempt++);
      await new Promise((resolve) => setTimeout(resolve, minDelay / 2 + Math.random() * ceiling));
    }
  };
  void run();
  return () => controller.abort();
}
