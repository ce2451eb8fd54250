/**
 * Splits a stream of text into lines, one chunk at a time: the complete lines the chunk ends
 * (`\n`-terminated, a `\r` before the `\n` dropped) and the unterminated rest to carry into the
 * next chunk. The watch stream reads its newline-delimited JSON with this instead of node:readline,
 * which loads readline, its promises API and the REPL history modules for nothing (~0.6 MiB
 * resident: bench/README.md, "Memory"). Only a chunk holding a newline is scanned or joined.
 */
export function splitLines(rest: string, chunk: string): { lines: string[]; rest: string } {
  const last = chunk.lastIndexOf('\n');
  if (last < 0) return { lines: [], rest: rest + chunk };
  const lines = (rest + chunk.slice(0, last))
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  return { lines, rest: chunk.slice(last + 1) };
}
