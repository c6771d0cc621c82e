/** Turning the BFF's data into words: names, items, dates, durations, history lines. */
import { parseItem, REJECT_REASON_CODES, RESUBMIT_REASON_CODES } from '../workflow/catalogue.js';
import type { QueueStrings } from './strings.js';
import type { CaseDocument, CaseItem, HistoryEntry } from './types.js';

export function fullName(applicant: CaseItem['applicant'] | undefined): string {
  if (!applicant) return '—';
  return `${applicant.firstName} ${applicant.lastName}`.trim() || '—';
}

/** `id_card/front` → "ID card front"; `selfie` → "Selfie"; unknown keys as they are. */
export function itemLabel(item: string, s: QueueStrings): string {
  const parsed = parseItem(item);
  if (!parsed) return item;
  if (parsed.type === 'selfie') return s.selfie;
  return parsed.side ? `${s.documentTypes[parsed.type]} ${s.sides[parsed.side]}` : s.documentTypes[parsed.type];
}

/** The upload item a stored document belongs to. */
export function itemOfDocument(doc: CaseDocument): string {
  return doc.type === 'selfie' ? 'selfie' : `${doc.type}/${doc.side}`;
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (YYYY-MM-DD) without shifting it through the local time zone. */
export function formatDate(isoDate: string | undefined, locale: string): string {
  if (!isoDate) return '—';
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function countryName(code: string | undefined, locale: string): string {
  if (!code) return '—';
  try {
    const name = new Intl.DisplayNames(locale, { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

export function minutesSince(iso: string | null, now: number): number {
  if (!iso) return 0;
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

/** The code of `text` when it is one of the common reasons word for word (then it travels as that code). */
export function codeOf<C extends string>(text: string, codes: readonly C[], words: string[]): C | undefined {
  const index = words.indexOf(text);
  return index >= 0 ? codes[index] : undefined;
}

/** A reason as the reviewer reads it: the free text as written, else the common reason's words. */
export function reasonWords(reason: unknown, code: unknown, s: QueueStrings, reject = false): string | undefined {
  if (typeof reason === 'string' && reason) return reason;
  const codes: readonly string[] = reject ? REJECT_REASON_CODES : RESUBMIT_REASON_CODES;
  const index = codes.indexOf(code as string);
  return index < 0 ? undefined : (reject ? s.rejectReasons : s.resubmitReasons)[index];
}

/** One history entry in readable words. */
export function historyLine(entry: HistoryEntry, s: QueueStrings): string {
  const details = entry.details ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const items = Array.isArray(details.items)
    ? (details.items as { document?: unknown; reason?: unknown; reasonCode?: unknown }[])
        .map((item) => {
          const label = itemLabel(String(item.document ?? ''), s);
          const reason = reasonWords(item.reason, item.reasonCode, s);
          return reason ? `${label} (${reason})` : label;
        })
        .join('; ')
    : undefined;
  const item = text(details.item);
  return s.action({
    action: entry.action,
    actor: s.actor(entry.actor.kind, entry.actor.id ?? ''),
    from: entry.from ? (s.stateNames[entry.from] ?? entry.from) : undefined,
    to: entry.to ? (s.stateNames[entry.to] ?? entry.to) : undefined,
    outcome: text(details.outcome),
    reason: reasonWords(details.reason, details.reasonCode, s, true),
    items: items || undefined,
    item: item ? itemLabel(item, s) : undefined,
  });
}
