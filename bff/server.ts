/**
 * Starts the BFF: `node --import tsx bff/server.ts` (PORT=0 picks a free port).
 * Prints where it listens; prints a reviewer key only when it made one itself.
 */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { createLineLogger } from './log.js';
import { serveStatic } from './static.js';
import { FileBlobStore } from './store/blob-store.js';
import { FileWorkflowStore } from './store/file-store.js';

/** One logger per process; whatever is queued goes out before the process exits. */
const logger = createLineLogger();
process.on('exit', logger.flush);

export interface StartedServer {
  url: string;
  config: Config;
  close(): Promise<void>;
}

export async function startServer(
  config: Config = loadConfig(),
  extend?: (app: Hono, config: Config) => void,
  /** Where log lines go instead of the process's batched stdout (tests capture them). */
  log: (line: string) => void = logger.log,
): Promise<StartedServer> {
  const store = await FileWorkflowStore.open(config.dataDir, log);
  const blobs = await FileBlobStore.open(config.dataDir);
  // Images left by an upload that kill -9 cut short (written, never referenced): gone once an hour old.
  await blobs.sweepOrphans(store.takeBlobReferences(), { log });
  const { app, deps } = createApp({ config, store, blobs, log });
  extend?.(app, config);
  // The demo's pages and element bundles (npm start sets KYC_STATIC_DIR), after the API and any extension.
  if (config.staticDir) serveStatic(app, { dir: config.staticDir });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (store.setAside.length) log(`${store.setAside.length} workflow file(s) set aside at start; see the lines above.`);
  logger.flush();
  return {
    url,
    config,
    close: async () => {
      for (const close of deps.streams) close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The streams just told to end finish a moment later, and only then are their
      // keep-alive connections idle: close() alone would wait for the clients to drop them.
      const sweep = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 25);
      await closed;
      clearInterval(sweep);
      await store.close();
    },
  };
}

async function main() {
  const server = await startServer();
  logger.log(`KYC BFF listening on ${server.url}`);
  if (server.config.demoReviewerKey) {
    logger.log(`KYC_REVIEWERS is unset: made reviewer "demo" with key ${server.config.demoReviewerKey}`);
  }
  logger.flush();
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bff/server.ts')) {
  main().catch((error) => {
    console.error(`The BFF could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
