/**
 * A least-recently-used map of JSON texts bounded by their size rather than
 * their count: records grow with their history, so a count says little about
 * memory. Size is counted as the string's length (V8 stores JSON of Latin-1
 * text at one byte a character, two for anything else).
 */
export class TextCache<K> {
  private readonly entries = new Map<K, string>();
  private size = 0;

  constructor(readonly maxChars: number) {}

  get(key: K): string | undefined {
    const text = this.entries.get(key);
    if (text !== undefined) {
      // Least recently used first: a hit moves the entry to the end.
      this.entries.delete(key);
      this.entries.set(key, text);
    }
    return text;
  }

  set(key: K, text: string): void {
    this.delete(key);
    // One text larger than the whole budget is not kept at all.
    if (text.length > this.maxChars) return;
    this.entries.set(key, text);
    this.size += text.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= old.length;
    }
  }

  delete(key: K): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.size -= old.length;
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** Characters held now. */
  get chars(): number {
    return this.size;
  }
}
