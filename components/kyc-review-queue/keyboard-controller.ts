/**
 * The queue's shortcuts: j/k move through the list, Enter opens, a/r/s
 * decide in a case, Esc goes back, ? shows them all. Keys belong to the
 * element only while focus is inside it (or nowhere in particular), never
 * while someone types or a dialog is open.
 */
import type { ReactiveController } from 'lit';
import type { QueueContext } from './context.js';

const NOT_TYPING = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'];

/** True when a key press in `node` is someone typing, not a shortcut. */
export function isTyping(node: EventTarget | undefined): boolean {
  if (!(node instanceof HTMLElement)) return false;
  if (node.isContentEditable || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement) return true;
  return node instanceof HTMLInputElement && !NOT_TYPING.includes(node.type);
}

/** The focused element, looking through open shadow roots. */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

export class KeyboardController implements ReactiveController {
  /** The row j/k last moved to (-1: none yet); the list marks it. */
  activeIndex = -1;

  constructor(private readonly ctx: QueueContext) {
    ctx.host.addController(this);
  }

  hostConnected() {
    window.addEventListener('keydown', this.onKeydown);
  }

  hostDisconnected() {
    window.removeEventListener('keydown', this.onKeydown);
  }

  /** Keeps the marked row within a list that got shorter. */
  clamp(count: number) {
    if (this.activeIndex >= count) this.activeIndex = count - 1;
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const path = event.composedPath();
    const active = document.activeElement;
    const { client, dialogs, router } = this.ctx;
    const { items, caseId, detail, busy, authFailed } = client.state;
    // Keys belong to us when focus is inside the element (or nowhere in particular).
    if (!path.includes(this.ctx.host) && active && active !== document.body) return;
    if (isTyping(path[0]) || dialogs.isOpen()) return;
    const inCase = caseId !== null;
    const decide = inCase && detail?.status === 'pending_review' && !busy && !authFailed;
    switch (event.key) {
      case '?':
        void dialogs.open('help');
        break;
      case 'j':
      case 'k':
        if (inCase) return;
        this.move(event.key === 'j' ? 1 : -1, path);
        break;
      case 'Enter': {
        const target = path[0];
        const item = items[this.activeIndex];
        if (inCase || target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement || !item) return;
        router.openCase(item.id);
        break;
      }
      case 'a':
      case 'r':
      case 's':
        if (!decide) return;
        // Each decision through its dialog: Approve too asks first (Enter confirms).
        void dialogs.open(event.key === 'a' ? 'approve' : event.key === 'r' ? 'reject' : 'resubmit');
        break;
      case 'Escape':
        if (!inCase) return;
        router.goBack();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  private move(delta: number, path: EventTarget[]) {
    const count = this.ctx.client.state.items.length;
    if (!count) return;
    const focused = path.find(
      (node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && node.dataset.index !== undefined,
    );
    const from = focused ? Number(focused.dataset.index) : this.activeIndex;
    this.activeIndex = from < 0 ? (delta > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, from + delta));
    this.ctx.focusAfterRender(`a[data-index="${this.activeIndex}"]`);
  }
}
