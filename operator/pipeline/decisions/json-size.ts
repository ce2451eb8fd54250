/**
 * The size of a JSON value as compact JSON text in UTF-8 bytes (what `JSON.stringify` would
 * produce), measured without building the text and without recursion. The walk stops as soon as
 * the running total passes `limit`, so measuring costs at most about `limit` bytes of work.
 */
export function jsonSize(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  for (let node = stack.pop(); stack.length > 0 || node !== undefined; node = stack.pop()) {
    total += nodeSize(node, stack);
    if (total > limit) return Number.POSITIVE_INFINITY;
  }
  return total;
}

/** Bytes of this node itself (brackets, commas, keys, scalars); its children go on the stack. */
function nodeSize(node: unknown, stack: unknown[]): number {
  if (typeof node !== 'object' || node === null) return scalarSize(node);
  if (Array.isArray(node)) {
    for (const item of node) stack.push(item === undefined ? null : item);
    return 2 + Math.max(0, node.length - 1);
  }
  let size = 2;
  let members = 0;
  for (const [key, child] of Object.entries(node)) {
    if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
    size += scalarSize(key) + 1;
    members += 1;
    stack.push(child);
  }
  return size + Math.max(0, members - 1);
}

function scalarSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(JSON.stringify(value), 'utf8');
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 4 : text.length;
}
