/**
 * An upper bound on how deeply a YAML (or JSON) text nests, found in one linear pass before any
 * parser sees it. The YAML parser's memory grows steeply with nesting (250,000 `[` exhaust a
 * 160 MiB heap), so user text is measured first and refused when it nests deeper than it may.
 * Counts open flow collections (`[`, `{`, quoted or not: over-counting is safe), the block
 * indentation levels, and compact block indicators on one line (`- - - x`).
 */
export function yamlNestingBound(text: string): number {
  let max = 0;
  let flow = 0;
  const indents: number[] = [];
  let i = 0;
  while (i < text.length) {
    // Line start: indentation, then a run of block indicators ("- ", "? ", ": ").
    let indent = 0;
    while (text[i] === ' ') {
      indent++;
      i++;
    }
    let indicators = 0;
    while (
      (text[i] === '-' || text[i] === '?' || text[i] === ':') &&
      (text[i + 1] === ' ' || text[i + 1] === '\t')
    ) {
      indicators++;
      i += 2;
      while (text[i] === ' ' || text[i] === '\t') i++;
    }
    if (i < text.length && text[i] !== '\n' && text[i] !== '#') {
      while (indents.length > 0 && (indents.at(-1) ?? 0) > indent) indents.pop();
      if (indents.length === 0 || (indents.at(-1) ?? 0) < indent) indents.push(indent);
    }
    for (; i < text.length && text[i] !== '\n'; i++) {
      const c = text[i];
      if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      max = Math.max(max, indents.length + indicators + flow);
    }
    max = Math.max(max, indents.length + indicators + flow);
    i++;
  }
  return max;
}
