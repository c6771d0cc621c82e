/**
 * The element's words, per locale. `en` and `de` are complete; a host
 * overrides any of them through the `strings` property (a partial table).
 */
import { de } from './strings.de.js';
import { en, type QueueStrings } from './strings.en.js';

export { de, en, type QueueStrings };
export type { HistoryWords } from './strings.en.js';

export const LOCALES: Record<string, QueueStrings> = { en, de };

/** The table for `locale` (its language part; English when unknown), with overrides on top. */
export function stringsFor(locale: string | undefined, overrides?: Partial<QueueStrings>): QueueStrings {
  const base = LOCALES[(locale ?? 'en').toLowerCase().split('-')[0]] ?? en;
  return overrides ? { ...base, ...overrides } : base;
}
