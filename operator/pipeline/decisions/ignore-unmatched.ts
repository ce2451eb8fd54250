import { child, lookup, type Tokens } from './json-pointer.js';
import { isRecord } from './json.js';
import type { FieldPath } from './ignore-fields.js';

/** An ignore-fields path that names nothing, and the existing field closest to what was meant. */
export interface UnmatchedPath {
  path: string;
  /** The nearest existing field (dotted), or undefined when not even the first segment exists. */
  nearest: string | undefined;
}

/** Longer tokens and wider maps are not compared: the cost of a suggestion stays small. */
const MAX_TOKEN = 64;
const MAX_CANDIDATES = 500;

/** Levenshtein distance of two short strings (one row of the table at a time). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The key among `nodes`' members spelled most like `token`, when close enough to be a typo. */
function closestKey(nodes: unknown[], token: string): string | undefined {
  if (token.length > MAX_TOKEN) return undefined;
  const keys = new Set<string>();
  for (const node of nodes)
    if (isRecord(node)) for (const key of Object.keys(node).slice(0, MAX_CANDIDATES)) keys.add(key);
  let best: { key: string; distance: number } | undefined;
  for (const key of keys) {
    if (key.length > MAX_TOKEN) continue;
    const distance = editDistance(token.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  const tolerance = Math.max(2, Math.floor(token.length / 3));
  return best && best.distance <= tolerance ? best.key : undefined;
}

/** The deepest existing prefix of `path` in either document, plus a likely typo fix one level below. */
function nearestField(docs: unknown[], path: Tokens): string | undefined {
  let nodes = docs;
  const found: string[] = [];
  for (const token of path) {
    const next = nodes
      .map((n) => child(n, token))
      .filter((c) => c.found)
      .map((c) => c.value);
    if (next.length === 0) {
      const guess = closestKey(nodes, token);
      if (guess !== undefined) found.push(guess);
      break;
    }
    found.push(token);
    nodes = next;
  }
  return found.length > 0 ? found.join('.') : undefined;
}

/** How many ignore-fields paths match nothing, and the first few of them with their nearest fields. */
export interface UnmatchedReport {
  count: number;
  first: UnmatchedPath[];
}

/**
 * The ignore-fields paths that match nothing in the desired or the live object (a typo such as
 * `spec.minHealty`): counted, and the first `shown` reported with the nearest existing field
 * (only those are searched for one). Never counted as a customisation.
 */
export function unmatchedReport(
  desired: unknown,
  live: unknown,
  paths: readonly FieldPath[],
  shown: number,
): UnmatchedReport {
  const docs = live === undefined ? [desired] : [desired, live];
  const unmatched = paths.filter((path) => docs.every((doc) => !lookup(doc, path).found));
  const first = unmatched
    .slice(0, shown)
    .map((path) => ({ path: path.join('.'), nearest: nearestField(docs, path) }));
  return { count: unmatched.length, first };
}

/** Every unmatched path with its nearest existing field. */
export function unmatchedIgnorePaths(
  desired: unknown,
  live: unknown,
  paths: readonly FieldPath[],
): UnmatchedPath[] {
  return unmatchedReport(desired, live, paths, paths.length).first;
}
