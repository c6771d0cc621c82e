/**
 * Name search that ignores case and diacritics, as a reviewer types names:
 * "nunez" finds "Ñúñez", "grossmann" and "groessmann" find "Größmann",
 * "muller" and "mueller" find "Müller". Both stores index `searchText` and
 * match `foldQuery(q)` as a substring of it.
 */

/** Strips marks after NFKD, lower-cases, ß → ss, æ → ae, ø → o, ł → l (letters NFKD does not split). */
function stripMarks(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** German transliteration first (ä → ae, ö → oe, ü → ue), then the marks stripped. */
function transliterate(text: string): string {
  return stripMarks(text.normalize('NFC').replace(/[äÄ]/g, 'ae').replace(/[öÖ]/g, 'oe').replace(/[üÜ]/g, 'ue'));
}

/** What a name is searched by: both foldings, separated so that no match spans them. */
export function searchText(firstName: string, lastName: string): string {
  const name = `${firstName} ${lastName}`;
  const plain = stripMarks(name);
  const german = transliterate(name);
  return plain === german ? plain : `${plain}\u0000${german}`;
}

/** The query folded the same way (a query holding "ü" is transliterated-or-stripped like the names). */
export function foldQuery(q: string): string {
  return stripMarks(q);
}
