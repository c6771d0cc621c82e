/**
 * A reload on the photo step. `document_photo` is not a persisted state, so
 * the BFF still holds `document_selection`; but it also holds the sides the
 * applicant uploaded since (`documents`). This offers them back: the moves
 * that took them, replayed on the local actor only (nothing is saved, the
 * next save carries them, and moves.ts accepts PHOTO_TAKEN for uploads of
 * this workflow).
 */
import { documentItems, isDocumentType, type KycContext, type KycEvent } from '../workflow/index.js';
import type { DocumentInfo } from './types.js';

const itemOf = (doc: DocumentInfo) => (doc.side ? `${doc.type}/${doc.side}` : doc.type);

/**
 * The moves back to the photo step, or none: only when the newest document
 * photo is not one the saved snapshot already holds (after Back the applicant
 * chose to be on the document choice, and stays there).
 */
export function photoMovesAfterReload(context: KycContext, documents: readonly DocumentInfo[]): KycEvent[] {
  const held = new Set(Object.values(context.uploads));
  const photos = documents
    .filter((doc) => isDocumentType(doc.type))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const newest = photos[0];
  if (!newest || held.has(newest.id) || !isDocumentType(newest.type)) return [];
  const documentType = newest.type;
  const events: KycEvent[] = [
    {
      type: 'SELECT_DOCUMENT',
      documentType,
      // The issuing country chosen with it was not saved; one saved with this type was.
      ...(context.documentType === documentType && context.issuingCountry ? { issuingCountry: context.issuingCountry } : {}),
    },
  ];
  for (const item of documentItems(documentType)) {
    const side = photos.find((doc) => itemOf(doc) === item);
    if (side) events.push({ type: 'PHOTO_TAKEN', item, upload: side.id });
  }
  return events;
}
