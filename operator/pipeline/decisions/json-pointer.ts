import { hasOwn, isRecord } from './json.js';

/** A path as unescaped reference tokens; `[]` is the whole document. */
export type Tokens = readonly string[];

export type PointerParse = { ok: true; tokens: string[] } | { ok: false; problem: string };

/** Parses an RFC 6901 JSON Pointer, rejecting `~` escapes other than `~0` and `~1`. */
export function parsePointer(pointer: string): PointerParse {
  if (pointer === '') return { ok: true, tokens: [] };
  if (!pointer.startsWith('/'))
    return { ok: false, problem: `"${pointer}" is not a JSON Pointer (must start with /)` };
  if (/~(?![01])/.test(pointer)) return { ok: false, problem: `"${pointer}" has a ~ not followed by 0 or 1` };
  const tokens = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { ok: true, tokens };
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(tokens: Tokens): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** True when `prefix` equals `path` or is one of its ancestors (segment-aware). */
export function isPrefixOf(prefix: Tokens, path: Tokens): boolean {
  return prefix.length <= path.length && prefix.every((t, i) => t === path[i]);
}

/** The array index a token names (RFC 6901: digits without leading zeros), or undefined. */
export function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]{0,8})$/.test(token) ? Number(token) : undefined;
}

export type Lookup = { found: true; value: unknown } | { found: false };

/** The value at `tokens`, following own properties and in-range array indexes only. */
export function lookup(doc: unknown, tokens: Tokens): Lookup {
  let node = doc;
  for (const token of tokens) {
    const step = child(node, token);
    if (!step.found) return step;
    node = step.value;
  }
  return { found: true, value: node };
}

export function child(node: unknown, token: string): Lookup {
  if (Array.isArray(node)) {
    const index = arrayIndex(token);
    return index !== undefined && index < node.length
      ? { found: true, value: node[index] }
      : { found: false };
  }
  if (isRecord(node) && hasOwn(node, token)) return { found: true, value: node[token] };
  return { found: false };
}
