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
