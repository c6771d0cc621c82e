/**
 * The file store's in-memory indexes for the integrator's API: externalRef →
 * workflow ids, and which workflows hold webhook outbox entries not yet
 * delivered. Rebuilt at start from the records, kept current on each write.
 */
import type { WorkflowRecord } from './types.js';

export class IntegrationIndex {
  /** externalRef → workflow ids, oldest first (the integrator's customers). */
  private readonly byExternalRef = new Map<string, string[]>();
  /** Workflows whose record holds webhook outbox entries not yet delivered (pending or failed). */
  private readonly withOutbox = new Set<string>();

  add(record: WorkflowRecord): void {
    if (record.externalRef) {
      const ids = this.byExternalRef.get(record.externalRef) ?? [];
      if (!ids.includes(record.id)) {
        ids.push(record.id);
        this.byExternalRef.set(record.externalRef, ids);
      }
    }
    if (record.outbox?.some((entry) => entry.status !== 'delivered')) this.withOutbox.add(record.id);
    else this.withOutbox.delete(record.id);
  }

  remove(record: WorkflowRecord): void {
    this.withOutbox.delete(record.id);
    if (!record.externalRef) return;
    const ids = (this.byExternalRef.get(record.externalRef) ?? []).filter((other) => other !== record.id);
    if (ids.length) this.byExternalRef.set(record.externalRef, ids);
    else this.byExternalRef.delete(record.externalRef);
  }

  idsForExternalRef(externalRef: string): string[] {
    return [...(this.byExternalRef.get(externalRef) ?? [])];
  }

  withPendingOutbox(): string[] {
    return [...this.withOutbox];
  }
}
