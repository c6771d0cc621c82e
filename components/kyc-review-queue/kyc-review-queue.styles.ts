/** The element's styles: base and list rules first, then the case and its dialogs. */
import { caseStyles } from './case.styles.js';
import { listStyles } from './list.styles.js';

export const styles = [listStyles, caseStyles];
