import { parseAllDocuments, type ParseOptions, type DocumentOptions, type SchemaOptions } from 'yaml';
import { isRecord } from './json.js';

export const MAX_RENDERED_BYTES = 10 * 1024 * 1024;
export const MAX_DEPTH = 100;

// YAML 1.1 as Kubernetes tooling reads it (`0644` is 420, `yes` is true), minus the tags whose JS
// values are not JSON: timestamps and sexagesimal numbers stay strings, as in go-yaml, and
// binary/set/omap/pairs are refused.
const NOT_JSON = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

export const YAML_1_1: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  customTags: (tags) =>
    tags.filter((t) => typeof t !== 'string' && !NOT_JSON.has(t.tag) && t.format !== 'TIME'),
};

/**
 * Parses rendered text that must hold at most one YAML document. Returns undefined when there is
 * no content (whitespace or comments only); throws an Error with a one-line message otherwise.
 */
export function parseSingleDocument(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_RENDERED_BYTES) {
    throw new Error(`output is larger than ${MAX_RENDERED_BYTES} bytes`);
  }
  const docs = parseAllDocuments(text, YAML_1_1);
  const withContent = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (withContent.length === 0) return undefined;
  if (withContent.length !== 1) {
    throw new Error(`output holds ${withContent.length} YAML documents; exactly one is allowed`);
  }
  const doc = withContent[0]!;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new Error(`invalid YAML: ${firstLine(problem.message)}`);
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  checkJson(value);
  return value;
}

/** Rejects nesting deeper than MAX_DEPTH and values JSON cannot carry (NaN, Infinity). */
export function checkJson(root: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`output holds ${String(value)}, which JSON cannot carry`);
    }
    if (!Array.isArray(value) && !isRecord(value)) continue;
    if (depth >= MAX_DEPTH) throw new Error(`output nests deeper than ${MAX_DEPTH} levels`);
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
}

export function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').trim();
}
