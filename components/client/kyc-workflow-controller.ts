/**
 * A lit ReactiveController around the headless client. A stopped xstate
 * actor cannot restart, so on disconnect the controller keeps the client's
 * memo (persisted snapshot, version, …) and destroys the client; on
 * reconnect it creates a new client from that memo.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  createKycWorkflow,
  type KycNotice,
  type KycWorkflow,
  type KycWorkflowMemo,
  type KycWorkflowOptions,
  type KycWorkflowState,
} from './kyc-workflow.js';

export interface KycWorkflowControllerOptions {
  /** Read on every (re)connection, so attributes set before connecting count. */
  options(): KycWorkflowOptions;
  onNotice?(notice: KycNotice): void;
  onChange?(state: KycWorkflowState): void;
}

export class KycWorkflowController implements ReactiveController {
  workflow: KycWorkflow | null = null;
  state: KycWorkflowState | null = null;
  private memo: KycWorkflowMemo | null = null;
  private pending = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: KycWorkflowControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Start at the next update, once the host's attributes and properties are all in.
    this.pending = true;
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (!this.pending) return;
    this.pending = false;
    this.start(this.memo ?? undefined);
  }

  hostDisconnected(): void {
    this.pending = false;
    this.memo = this.workflow?.memo() ?? this.memo;
    this.stop();
  }

  /** Starts over with new options (e.g. another `api` or `workflow-id`), forgetting the memo. */
  restart(): void {
    this.memo = null;
    this.stop();
    this.pending = true;
    this.host.requestUpdate();
  }

  private start(memo?: KycWorkflowMemo): void {
    const workflow = createKycWorkflow({ ...this.config.options(), ...(memo ? { memo } : {}) });
    this.workflow = workflow;
    this.state = workflow.getState();
    this.unsubscribe = [
      workflow.subscribe((state) => {
        this.state = state;
        this.config.onChange?.(state);
        this.host.requestUpdate();
      }),
      workflow.onNotice((notice) => this.config.onNotice?.(notice)),
    ];
    this.config.onChange?.(this.state);
    this.host.requestUpdate();
  }

  private stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.workflow?.destroy();
    this.workflow = null;
  }
}
