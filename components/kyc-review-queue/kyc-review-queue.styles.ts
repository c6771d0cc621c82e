/** The element's styles: base and list rules first, then the case and its dialogs, notes and the second review. */
import { caseStyles } from './case.styles.js';
import { listStyles } from './list.styles.js';
import { notesPanelStyles } from './notes-panel.js';
import { secondReviewStyles } from './second-review.js';

export const styles = [listStyles, caseStyles, notesPanelStyles, secondReviewStyles];
