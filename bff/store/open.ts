/**
 * The stores a server runs on: PostgreSQL when KYC_DATABASE_URL is set (many
 * instances share it; push crosses instances), else the embedded files in
 * KYC_DATA_DIR, which this process locks for itself.
 */
import { EventBus } from '../bus.js';
import type { Config } from '../config.js';
import { workflowView } from '../views.js';
import { FileBlobStore } from './blob-store.js';
import { FileWorkflowStore } from './file-store.js';
import { ensureDirs } from './durable-file.js';
import { lockDataDir } from './lock.js';
import { PgBlobStore } from './pg/blob-store.js';
import { PgNotices } from './pg/notices.js';
import { PgWorkflowStore } from './pg/workflow-store.js';
import type { BlobStore, WorkflowStore } from './types.js';

export interface Stores {
  store: WorkflowStore;
  blobs: BlobStore;
  bus: EventBus;
  /** After the server stopped: stores closed, lock released. */
  close(): Promise<void>;
}

export async function openStores(config: Config, log: (line: string) => void): Promise<Stores> {
  const bus = new EventBus();
  if (config.databaseUrl) {
    const store = await PgWorkflowStore.open({ url: config.databaseUrl, log });
    try {
      const notices = await PgNotices.start({ url: config.databaseUrl, pool: store.pool, bus, store, view: workflowView, log });
      return {
        store,
        blobs: new PgBlobStore(store.pool),
        bus,
        close: async () => {
          await notices.stop();
          await store.close();
        },
      };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  await ensureDirs(config.dataDir);
  const release = lockDataDir(config.dataDir);
  try {
    const store = await FileWorkflowStore.open(config.dataDir, log);
    const blobs = await FileBlobStore.open(config.dataDir);
    // Images left by an upload that kill -9 cut short (written, never referenced): gone once an hour old.
    await blobs.sweepOrphans(store.takeBlobReferences(), { log });
    return {
      store,
      blobs,
      bus,
      close: async () => {
        await store.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
