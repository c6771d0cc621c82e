/**
 * Limits on connections, before Hono sees a request (README § Limits):
 * - at most `maxConnections` sockets (Node drops the ones past it);
 * - request headers within `headersTimeoutMs` of the connection or of the
 *   previous answer, checked every second: a trickle of header bytes cannot
 *   extend it;
 * - at most `maxPipelined` requests in flight on one connection: a client
 *   pipelining more is disconnected (no browser pipelines; a flood of 50,000
 *   pipelined GETs would otherwise all be in flight at once);
 * - a connection whose answers are not being read is not read either.
 */
import type { IncomingMessage, RequestListener, Server, ServerOptions, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from './config.js';

type Limits = Pick<Config, 'maxConnections' | 'headersTimeoutMs' | 'maxPipelined'>;

export function serverOptions(limits: Limits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: 1000,
    keepAliveTimeout: 5000,
  };
}

/** Bytes of one read the HTTP parser takes at a time. */
const PARSE_SLICE = 4096;

type Parser = { execute(data: Buffer): number | Error };

/**
 * Node hands the parser a whole read (64 KB: 1,700 pipelined GETs) and makes a request object
 * for each before anything can stop it, even on a socket closed by the first excess one
 * (measured: 300 ms to 1.5 s of event loop per read). Parsed in JS, in 4 KB slices, the parse
 * of a closed socket stops within a slice. Node consumes the socket in C++ unless its handle
 * says it is consumed already; it then feeds `parser.execute` from the socket's 'data' events.
 */
function parseInSlices(socket: Socket & { _handle?: { _consumed?: boolean } | null; parser?: Parser | null }): void {
  if (socket._handle) socket._handle._consumed = true;
  queueMicrotask(() => {
    const parser = socket.parser;
    if (!parser) return;
    const execute = parser.execute;
    parser.execute = function (data: Buffer) {
      if (data.length <= PARSE_SLICE) return execute.call(this, data);
      for (let at = 0; at < data.length; at += PARSE_SLICE) {
        if (socket.destroyed) break;
        const parsed = execute.call(this, data.subarray(at, at + PARSE_SLICE));
        if (parsed instanceof Error) return parsed;
      }
      return data.length;
    };
  });
}

/** A createServer for @hono/node-server's serve() whose listener first applies the per-connection limits. */
export function guardedCreateServer(limits: Limits, log: (line: string) => void) {
  const inFlight = new WeakMap<Socket, number>();
  return ((options: ServerOptions, listener: RequestListener) => {
    const server: Server = createServer(options, (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      if (socket.destroyed) return; // the rest of a flood already parsed from the same chunk
      const count = (inFlight.get(socket) ?? 0) + 1;
      inFlight.set(socket, count);
      if (count > limits.maxPipelined) {
        log(`closed a connection with more than ${limits.maxPipelined} pipelined requests in flight`);
        socket.destroy();
        return;
      }
      // Answers piling up unread: stop reading requests until the client takes them.
      if (socket.writableNeedDrain && !socket.isPaused()) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
      res.once('close', () => inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1));
      listener(req, res);
    });
    server.maxConnections = limits.maxConnections;
    server.prependListener('connection', parseInSlices);
    return server;
  }) as unknown as typeof createServer;
}
