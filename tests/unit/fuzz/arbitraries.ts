import fc from 'fast-check';
import { AnnotationError } from '../../../operator/pipeline/annotations.js';
import { deployment } from '../pipeline/decisions/fixtures.js';

/** Runs per property: FUZZ_RUNS (default 2000; FUZZ_RUNS=100000 for a long session). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? '') > 0 ? Number(process.env.FUZZ_RUNS) : 2000;
/** Generous per-test time budget that grows with the run count (no wall-clock assertion). */
export const TIMEOUT_MS = Math.max(120_000, RUNS * 20);

/** The value, or the AnnotationError; any other throw escapes and fails the property. */
export function outcome<T>(fn: () => T): T | AnnotationError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AnnotationError) return err;
    throw err;
  }
}

/** Tokens that hit the interesting cases: identity, status, arrays, escapes, prototype names. */
const TOKENS = [
  'spec',
  'replicas',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'kind',
  'apiVersion',
  'status',
  'template',
  'containers',
  'image',
  'args',
  'selector',
  'managedFields',
  '0',
  '1',
  '2',
  '-',
  '01',
  '-1',
  '99',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'a~1b',
  'a~0b',
  '~',
  '~2',
  '',
  ' ',
  'x',
  'app.kubernetes.io/name',
  'é',
  '\u0000',
];

export const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  fc.string({ maxLength: 6 }),
);

/** Every JSON Pointer that exists in `doc`, so generated paths often land on real values. */
export function pointersIn(doc: unknown, prefix = ''): string[] {
  if (typeof doc !== 'object' || doc === null) return [prefix];
  const keys = Array.isArray(doc) ? doc.map((_, i) => String(i)) : Object.keys(doc);
  const values: unknown[] = Array.isArray(doc) ? doc : Object.values(doc);
  return [
    prefix,
    ...keys.flatMap((k, i) =>
      pointersIn(values[i], `${prefix}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    ),
  ];
}

const existing = pointersIn(deployment());

export const pointer = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...existing), fc.array(token, { maxLength: 2 }))
      .map(([p, ts]) => p + ts.map((t) => `/${t}`).join('')),
  },
  { weight: 3, arbitrary: fc.array(token, { maxLength: 6 }).map((ts) => ts.map((t) => `/${t}`).join('')) },
  fc.array(token, { maxLength: 4 }).map((ts) => ts.join('/')),
  fc.string({ maxLength: 12 }),
);

export const dotted = fc.array(token, { minLength: 1, maxLength: 5 }).map((ts) => ts.join('.'));

/** Plain JSON values, including deep ones and prototype-named keys. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 3, 1.5, '', 'x', '3'),
    fc.string({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(token, tie('value'), { maxKeys: 4 }),
  ),
})).value;

export const operation = fc.record(
  {
    op: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test') },
      fc.string({ maxLength: 5 }),
    ),
    path: fc.oneof({ weight: 6, arbitrary: pointer }, jsonValue),
    from: pointer,
    value: jsonValue,
  },
  { requiredKeys: [] },
);

/** A deep object of a chosen depth, for nesting limits. */
export const deepNesting = fc
  .nat({ max: 300 })
  .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Random text with a bias toward JSON and YAML punctuation. */
export const punctuated = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '[',
        ']',
        '{',
        '}',
        ',',
        ':',
        '"',
        '-',
        ' ',
        '\n',
        '/',
        '*',
        '?',
        '&a',
        '*a',
        '---',
        '#',
        '!!',
      ),
      token,
    ),
    {
      maxLength: 20,
    },
  )
  .map((parts) => parts.join(''));

/** Strictly JSON: finite numbers, arrays without extra properties, objects with the plain prototype. */
export function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return Object.keys(value).length === value.length && value.every(isPlainJson);
  if (typeof value !== 'object') return false;
  // structuredClone may build objects in another realm, so check the shape of the prototype chain
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || Object.getPrototypeOf(proto) !== null) return false;
  return Object.values(value).every(isPlainJson);
}
