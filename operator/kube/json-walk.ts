/**
 * Walks over plain JSON values that never recurse on the call stack: the API server accepts
 * objects nested up to 10,000 levels, deeper than V8's JSON.stringify (about 4,500) or
 * structuredClone (about 1,600) can follow. Each has a native fast path where one exists.
 */

type Container = Record<string, unknown> | unknown[];

/** A native walk ran out of call stack (checked by name: the error may come from another realm). */
export function isStackOverflow(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'RangeError';
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Assigns an own property, also for `__proto__` (which `obj[key] = v` would turn into a prototype). */
function setOwn(target: Container, key: string | number, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? new Array<unknown>(value.length) : {};
}

/** A deep copy of a JSON value (objects, arrays, primitives) at any depth. */
export function cloneJson<T>(value: T): T {
  if (!isContainer(value)) return value;
  const root = emptyLike(value);
  const stack: [Container, Container][] = [[value, root]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [from, to] = pair;
    const keys = Array.isArray(from) ? from.keys() : Object.keys(from).values();
    for (const key of keys) {
      const child = (from as Record<string | number, unknown>)[key];
      if (isContainer(child)) {
        const copy = emptyLike(child);
        setOwn(to, key, copy);
        stack.push([child, copy]);
      } else {
        setOwn(to, key, child);
      }
    }
  }
  return root as T;
}

/** Deep equality of JSON values at any depth (key order ignored; 0 equals -0). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [x, y] = pair;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (!isContainer(x) || !isContainer(y) || Array.isArray(x) !== Array.isArray(y)) return false;
    const xr = x as Record<string, unknown>;
    const yr = y as Record<string, unknown>;
    const keys = Object.keys(xr);
    if (keys.length !== Object.keys(yr).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(yr, key)) return false;
      stack.push([xr[key], yr[key]]);
    }
  }
  return true;
}

type Frame =
  | { array: readonly unknown[]; next: number }
  | { object: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/** What JSON.stringify writes for a value inside an array, or undefined when it skips it in an object. */
function scalarText(value: unknown): string | undefined {
  return JSON.stringify(value) as string | undefined;
}

function openFrame(value: Container, sortKeys: boolean, out: string[]): Frame {
  if (Array.isArray(value)) {
    out.push('[');
    return { array: value, next: 0 };
  }
  out.push('{');
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  return { object: value, keys, next: 0, wrote: false };
}

/** Writes the next member of the top frame (or closes it); returns a new frame to push, if any. */
function step(frame: Frame, sortKeys: boolean, out: string[]): Frame | 'closed' | undefined {
  if ('array' in frame) {
    if (frame.next >= frame.array.length) return (void out.push(']'), 'closed');
    if (frame.next > 0) out.push(',');
    const value = frame.array[frame.next++];
    if (isContainer(value)) return openFrame(value, sortKeys, out);
    out.push(scalarText(value) ?? 'null');
    return undefined;
  }
  while (frame.next < frame.keys.length) {
    const key = frame.keys[frame.next++] as string;
    const value = frame.object[key];
    const text = isContainer(value) ? '' : scalarText(value);
    if (text === undefined) continue; // undefined, functions and symbols are left out, as JSON.stringify does
    out.push(`${frame.wrote ? ',' : ''}${JSON.stringify(key)}:${text}`);
    frame.wrote = true;
    return isContainer(value) ? openFrame(value, sortKeys, out) : undefined;
  }
  out.push('}');
  return 'closed';
}

function serialize(value: unknown, sortKeys: boolean): string | undefined {
  if (!isContainer(value)) return scalarText(value);
  const out: string[] = [];
  const stack: Frame[] = [openFrame(value, sortKeys, out)];
  while (stack.length > 0) {
    const next = step(stack[stack.length - 1] as Frame, sortKeys, out);
    if (next === 'closed') stack.pop();
    else if (next) stack.push(next);
  }
  return out.join('');
}

/** Compact JSON text, like JSON.stringify for plain JSON values, at any depth. */
export function stringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (isStackOverflow(err)) return serialize(value, false);
    throw err;
  }
}

/** JSON text with object keys sorted at every level (undefined becomes null), at any depth. */
export function sortedJson(value: unknown): string {
  return serialize(value, true) ?? 'null';
}
