/** The part of a stream `exitAfterFlush` needs: a write whose callback runs once it was flushed. */
export interface FlushableStream {
  write(chunk: string, callback: () => void): unknown;
}

/**
 * Exits once every stream flushed what was written to it before. process.exit drops what a pipe
 * has not taken yet: a fully opted-in `render --output=json` (over 140 KB) was cut short.
 */
export function exitAfterFlush(
  code: number,
  streams: readonly FlushableStream[],
  exit: (code: number) => void,
): void {
  const [first, ...rest] = streams;
  if (!first) return exit(code);
  first.write('', () => exitAfterFlush(code, rest, exit));
}
