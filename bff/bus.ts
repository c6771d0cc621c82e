/**
 * The event bus feeding the streams. In one process it is all there is; on
 * PostgreSQL a relay (store/pg/notices.ts) also sends each publication to
 * the other instances, which `deliver` it to their own streams.
 */
export interface BusMessage {
  event: string;
  data: unknown;
}

type Listener = (message: BusMessage) => void;

export class EventBus {
  private readonly topics = new Map<string, Set<Listener>>();
  /** Set by a cross-instance relay: hears every local publication. */
  relay?: (topic: string, message: BusMessage) => void;

  subscribe(topic: string, listener: Listener): () => void {
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (!listeners.size) this.topics.delete(topic);
    };
  }

  /** To this instance's listeners, and through the relay to every other instance's. */
  publish(topic: string, message: BusMessage): void {
    this.deliver(topic, message);
    this.relay?.(topic, message);
  }

  /** To this instance's listeners only (what the relay heard from another instance). */
  deliver(topic: string, message: BusMessage): void {
    for (const listener of this.topics.get(topic) ?? []) listener(message);
  }

  listenerCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }
}

export const casesTopic = 'cases';
export const workflowTopic = (id: string) => `workflow:${id}`;
