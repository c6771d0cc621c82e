/**
 * Abandoned workflows: one still in progress and unchanged for
 * KYC_ABANDONED_AFTER (30 days by default) is removed, at start and then
 * every hour, with a log line for each. Its images are no longer referenced
 * by it; a blob no other workflow uses is left for the orphan sweep, which
 * alone knows every reference.
 */
import type { WorkflowRecord, WorkflowStore } from './store/types.js';

/** What a store offers for this (the file store has it; others may add it). */
export interface AbandonedRemoval {
  removeAbandoned(before: string, limit: number): Promise<WorkflowRecord[]>;
}

export const EXPIRY_INTERVAL_MS = 60 * 60_000;
/** Workflows removed per sweep at most: a first sweep over years of data does not stall the server. */
export const EXPIRY_BATCH = 1_000;

export async function expireAbandoned(store: WorkflowStore, abandonedAfterMs: number, log: (line: string) => void, now = Date.now()): Promise<number> {
  if (!('removeAbandoned' in store)) return 0;
  const before = new Date(now - abandonedAfterMs).toISOString();
  const removed = await (store as WorkflowStore & AbandonedRemoval).removeAbandoned(before, EXPIRY_BATCH);
  for (const record of removed)
    log(`expired abandoned workflow ${record.id}: in progress (${record.state}), unchanged since ${record.updatedAt}, ${record.documents.length} image(s)`);
  return removed.length;
}

/** Sweeps now and every EXPIRY_INTERVAL_MS; returns the stop function. */
export function scheduleExpiry(store: WorkflowStore, abandonedAfterMs: number, log: (line: string) => void): () => void {
  const sweep = () => void expireAbandoned(store, abandonedAfterMs, log).catch((error) => log(`expiry sweep failed: ${(error as Error).message}`));
  sweep();
  const timer = setInterval(sweep, EXPIRY_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
