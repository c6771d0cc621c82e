/** In-process event bus feeding the streams (a PostgreSQL store would use LISTEN/NOTIFY here). */
export interface BusMessage {
  event: string;
  data: unknown;
}

type Listener = (message: BusMessage) => void;

export class EventBus {
  private readonly topics = new Map<string, Set<Listener>>();

  subscribe(topic: string, listener: Listener): () => void {
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (!listeners.size) this.topics.delete(topic);
    };
  }

  publish(topic: string, message: BusMessage): void {
    for (const listener of this.topics.get(topic) ?? []) listener(message);
  }

  listenerCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }
}

export const casesTopic = 'cases';
export const workflowTopic = (id: string) => `workflow:${id}`;
