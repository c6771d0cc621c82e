/**
 * A lit ReactiveController around the headless reviewer client: starts it
 * when the host connects (at the host's next update, once its attributes are
 * in), restarts it when the BFF or the key change, stops it when the host
 * leaves the page, and re-renders the host on every change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createReviewQueue, type ReviewNotice, type ReviewQueue, type ReviewQueueOptions, type ReviewQueueState } from './review-queue.js';

export interface ReviewQueueControllerOptions {
  /** Read at every host update: a changed `api` or `token` restarts the client. */
  options(): ReviewQueueOptions;
  onNotice?(notice: ReviewNotice): void;
}

export class ReviewQueueController implements ReactiveController {
  readonly queue: ReviewQueue;
  state: ReviewQueueState;
  private pending = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: ReviewQueueControllerOptions,
  ) {
    this.queue = createReviewQueue(config.options());
    this.state = this.queue.getSnapshot();
    this.queue.subscribe((state) => {
      this.state = state;
      host.requestUpdate();
    });
    this.queue.onNotice((notice) => config.onNotice?.(notice));
    host.addController(this);
  }

  hostConnected(): void {
    this.restart();
  }

  hostUpdate(): void {
    const next = this.config.options();
    const { api, token } = this.queue.options;
    this.queue.configure(next);
    if (this.pending || next.api !== api || next.token !== token) {
      this.pending = false;
      this.queue.start();
    }
  }

  hostDisconnected(): void {
    this.pending = false;
    this.queue.stop();
  }

  /** Reloads everything (after a failure) at the next update. */
  restart(): void {
    this.pending = true;
    this.host.requestUpdate();
  }
}
