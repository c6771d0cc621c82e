/**
 * Starts the BFF: `node --import tsx bff/server.ts` (PORT=0 picks a free port).
 * Prints where it listens; prints a reviewer key only when it made one itself.
 */
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { bankDemo } from './demo/bank.js';
import { loadConfig, type Config } from './config.js';
import { guardedCreateServer, serverOptions } from './connections.js';
import { scheduleExpiry } from './expiry.js';
import { createLineLogger, escapeControl } from './log.js';
import { serveStatic } from './static.js';
import { openStores } from './store/open.js';

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
  const stores = await openStores(config, log);
  const { store, blobs, bus } = stores;
  const { app, deps } = createApp({ config, store, blobs, bus, log });
  // The demo's bank (the integrator), when the server makes its key and webhook secret itself.
  const bank = config.demoApiKey && config.webhook && !config.webhook.url;
  if (bank) app.route('/bank/api', await bankDemo({ dataDir: config.dataDir, apiKey: config.demoApiKey!, webhookSecret: config.webhook!.secret, kycApi: (path, init) => Promise.resolve(app.request(path, init)), log }));
  extend?.(app, config);
  // The demo's pages and element bundles (npm start sets KYC_STATIC_DIR), after the API and any extension.
  if (config.staticDir) {
    // Source maps carry the full sources: served only when asked for (KYC_SOURCE_MAPS=on).
    if (!config.sourceMaps) app.get('*', (c, next) => (c.req.path.endsWith('.map') ? c.notFound() : next()));
    serveStatic(app, { dir: config.staticDir });
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: serverOptions(config),
        createServer: guardedCreateServer(config, (line) => log(escapeControl(line))),
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (bank) deps.webhooks?.setUrl(`${url}/bank/api/webhooks`);
  // The demo identity provider's key set is fetched from this very server, as a portal's provider's would be.
  if (config.demoIdp && config.reviewerJwt && !config.reviewerJwt.jwksUrl) config.reviewerJwt.jwksUrl = `${url}/idp/jwks.json`;
  const stopExpiry = scheduleExpiry(store, config.abandonedAfterMs, (line) => log(escapeControl(line)));
  if (store.setAside.length) log(`${store.setAside.length} workflow file(s) set aside at start; see the lines above.`);
  logger.flush();
  return {
    url,
    config,
    close: async () => {
      stopExpiry();
      for (const close of deps.streams) close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The streams just told to end finish a moment later, and only then are their
      // keep-alive connections idle: close() alone would wait for the clients to drop them.
      const sweep = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 25);
      await closed;
      clearInterval(sweep);
      await deps.webhooks?.stop();
      await stores.close();
    },
  };
}

/**
 * The server as a program (`npm start`, `npx kyc-review-kit serve`): starts it, prints where it listens
 * (and the demo key it made, the only secret it ever prints), and stops it cleanly on SIGINT / SIGTERM.
 */
export async function runServer(config: Config = loadConfig()): Promise<void> {
  const server = await startServer(config);
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
  runServer().catch((error) => {
    console.error(`The BFF could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
