/**
 * Line splitting for child-process output. Pure (no `node:` imports): it gets decoded
 * text chunks as they arrive and hands out complete lines, so callers see one line per
 * callback no matter how the pipe happened to cut the bytes.
 *
 * A line longer than `maxLineChars` is handed out in pieces of that size: a program that
 * prints megabytes without a newline must not make the server buffer all of it.
 */

/** LineSplitter accumulates text and emits complete lines (without their "\n"). */
export interface LineSplitter {
  /** push adds a chunk; complete lines go to the callback given at creation. */
  push(text: string): void;
  /** flush emits the pending partial line, if any (call once the stream ends). */
  flush(): void;
}

/** createLineSplitter returns a splitter that calls `onLine` for each complete line. */
export function createLineSplitter(onLine: (line: string) => void, maxLineChars = 64 * 1024): LineSplitter {
  let pending = '';
  return {
    push(text: string): void {
      pending += text;
      let start = 0;
      for (;;) {
        const nl = pending.indexOf('\n', start);
        if (nl === -1) break;
        // Windows-built tools print "\r\n"; the "\r" is noise in an event. (The character
        // before a line's start is the previous "\n", or none, so an empty line has no "\r".)
        const end = pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(pending.slice(start, end));
        start = nl + 1;
      }
      pending = pending.slice(start);
      // A piece is cut only once the line is longer than the limit: a line of exactly the
      // limit arrives whole with its "\n", not as itself and an empty line after it.
      while (pending.length > maxLineChars) {
        onLine(pending.slice(0, maxLineChars));
        pending = pending.slice(maxLineChars);
      }
    },
    flush(): void {
      if (pending.length > 0) onLine(pending);
      pending = '';
    },
  };
}
