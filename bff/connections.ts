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
    return server;
  }) as unknown as typeof createServer;
}
