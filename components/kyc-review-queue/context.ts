/**
 * What the element hands its parts (list, case view, document viewer,
 * dialogs): its words, the headless client's state and commands, and one
 * another. Parts render into the element's one shadow root and never call
 * `fetch` themselves: data goes through the reviewer client.
 */
import type { ReactiveElement } from 'lit';
import type { ReviewQueueController } from '../review-client/review-queue-controller.js';
import type { CaseView } from './case-view.js';
import type { DecisionDialogs } from './decision-dialogs.js';
import type { DocumentViewer } from './document-viewer.js';
import type { ImageStore } from './image-store.js';
import type { KeyboardController } from './keyboard-controller.js';
import type { QueueRouter } from './router.js';
import type { ReviewerStrings } from './reviewers.strings.js';
import type { QueueStrings } from './strings.js';

export interface QueueContext {
  readonly host: ReactiveElement;
  /** The reviewer client: `client.state` its latest snapshot, `client.queue` its commands. */
  readonly client: ReviewQueueController;
  /** The words, the locale for Intl (dates, countries) and the clock of the "waited" column, as of the last update. */
  s: QueueStrings;
  /** The words of notes and the second review (reviewers.strings.ts). */
  r: ReviewerStrings;
  locale: string;
  now: number;
  readonly router: QueueRouter;
  keyboard: KeyboardController;
  readonly images: ImageStore;
  caseView: CaseView;
  viewer: DocumentViewer;
  dialogs: DecisionDialogs;
  /** Moves focus to `selector` (in the shadow root) after the next render. */
  focusAfterRender(selector: string): void;
  /** Fires one of the element's events. */
  emit(event: Event): void;
}
