/**
 * The queue's order (submission time, then id) and its opaque cursors, the
 * same in both stores: a cursor from one instance pages on any other.
 */
import type { CaseSummary } from './types.js';

export type QueueKey = Pick<CaseSummary, 'submittedAt' | 'id'>;

export function compareQueueOrder(a: QueueKey, b: QueueKey): number {
  const left = a.submittedAt ?? '';
  const right = b.submittedAt ?? '';
  return left < right ? -1 : left > right ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function encodeCursor(summary: QueueKey): string {
  return Buffer.from(JSON.stringify([summary.submittedAt, summary.id])).toString('base64url');
}

export function decodeCursor(cursor: string): QueueKey | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { submittedAt: value[0], id: value[1] };
  } catch {
    // fall through: not a cursor we made
  }
  return undefined;
}
