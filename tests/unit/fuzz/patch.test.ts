import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AnnotationError } from '../../../operator/pipeline/annotations.js';
import { applyUserPatch, parsePatch } from '../../../operator/pipeline/decisions/patch.js';
import { deployment } from '../pipeline/decisions/fixtures.js';
import {
  deepNesting,
  isPlainJson,
  jsonValue,
  operation,
  outcome,
  punctuated,
  RUNS,
  TIMEOUT_MS,
} from './arbitraries.js';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const patchText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  punctuated,
  fc.json(),
  deepNesting,
  fc.array(operation, { maxLength: 6 }).map((ops) => JSON.stringify(ops)),
  fc
    .dictionary(
      fc.constantFrom('spec', 'metadata', 'status', 'kind', 'apiVersion', '__proto__', 'x'),
      jsonValue,
    )
    .map((d) => JSON.stringify(d)),
  fc.array(operation, { maxLength: 4 }).map((ops) => JSON.stringify(ops).slice(0, -1)),
);

/** Holds for every patch that applied: identity kept, plain JSON, nothing else touched. */
function checkApplied(result: ReturnType<typeof deployment>): void {
  const base = deployment();
  expect([result.apiVersion, result.kind, result.metadata.name, result.metadata.namespace]).toEqual([
    base.apiVersion,
    base.kind,
    base.metadata.name,
    base.metadata.namespace,
  ]);
  expect('status' in result).toBe(false);
  expect(isPlainJson(result)).toBe(true);
}

describe('the patch annotation under random input', () => {
  it(
    'parses and applies to a valid object or an AnnotationError, never anything else',
    () => {
      fc.assert(
        fc.property(patchText, (text) => {
          const base = deployment();
          const parsed = outcome(() => parsePatch(text));
          const result =
            parsed instanceof AnnotationError ? parsed : outcome(() => applyUserPatch(base, parsed));

          if (!(result instanceof AnnotationError)) checkApplied(result);
          expect(base).toEqual(deployment());
          expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTOTYPE_NAMES);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'applies well-formed JSON Patches all or nothing',
    () => {
      fc.assert(
        fc.property(fc.array(operation, { minLength: 1, maxLength: 6 }), (ops) => {
          const parsed = outcome(() => parsePatch(JSON.stringify(ops)));
          fc.pre(!(parsed instanceof AnnotationError));
          const base = deployment();

          const result = outcome(() =>
            applyUserPatch(base, parsed as Exclude<typeof parsed, AnnotationError>),
          );

          if (result instanceof AnnotationError)
            expect(result.message).toMatch(/^annotation platform\.kubevirt\.io\/patch: /);
          else checkApplied(result);
          expect(base).toEqual(deployment());
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
