/**
 * Log lines written in batches: console.log writes synchronously to a file
 * or pipe, once per line, and the access log then cost a fifth of the CPU of
 * a GET. Lines queued in one turn of the event loop go out in one write.
 */
export interface LineLogger {
  log(line: string): void;
  /** Writes what is queued now (before exit, or before a line that must come first). */
  flush(): void;
}

export function createLineLogger(write: (text: string) => void = (text) => void process.stdout.write(text)): LineLogger {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    log(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/**
 * A line fit for a log: control characters (newline, ESC, NUL, DEL, C1) and
 * the bidirectional overrides become visible escapes, so no input can forge a
 * line, colour a terminal or reorder what a reader sees.
 */
export function escapeControl(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
