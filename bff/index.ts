/**
 * `kyc-review-kit/server`: the BFF as a library.
 *
 * - `startServer(config?)` runs it as `npx kyc-review-kit serve` does (its
 *   own Node HTTP server, configured by `loadConfig()` from the environment);
 * - `openApp(config?)` opens the file stores and returns the Hono app, to
 *   mount inside a server you already have (see README § Embedding);
 * - `createApp({config, store, blobs})` builds the app from stores you open.
 */
import { createApp, type AppOptions } from './app.js';
import { loadConfig, type Config } from './config.js';
import { FileBlobStore } from './store/blob-store.js';
import { FileWorkflowStore } from './store/file-store.js';

export { API_BASE, createApp, type AppOptions, type AppType } from './app.js';
export { loadConfig, type Config, type Reviewer } from './config.js';
export { startServer, type StartedServer } from './server.js';
export { serveStatic, PAGE_CSP, type StaticOptions } from './static.js';
export { FileBlobStore } from './store/blob-store.js';
export { FileWorkflowStore } from './store/file-store.js';
export type { BlobStore, WorkflowStore } from './store/types.js';

export interface OpenedApp {
  app: ReturnType<typeof createApp>['app'];
  config: Config;
  /** Ends the app's event streams and closes its store (call before the process exits). */
  close(): Promise<void>;
}

/** The BFF's Hono app on the file stores in `config.dataDir`, for `app.fetch` in your own server. */
export async function openApp(config: Config = loadConfig(), log?: AppOptions['log']): Promise<OpenedApp> {
  const store = await FileWorkflowStore.open(config.dataDir, log);
  const blobs = await FileBlobStore.open(config.dataDir);
  const { app, deps } = createApp({ config, store, blobs, log });
  return {
    app,
    config,
    async close() {
      for (const close of deps.streams) close();
      await store.close();
    },
  };
}
