import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { KubeObject, ManagedFieldsEntry } from '../../../operator/kube/types.js';
import { AnnotationError } from '../../../operator/pipeline/annotations.js';
import { checkAnnotationSize } from '../../../operator/pipeline/decisions/annotation-size.js';
import { isSelected, parseAutopilot } from '../../../operator/pipeline/decisions/autopilot.js';
import {
  findDisabledRule,
  parseDisabledResources,
} from '../../../operator/pipeline/decisions/disabled-resources.js';
import { maskIgnoredFields, parseIgnoreFields } from '../../../operator/pipeline/decisions/ignore-fields.js';
import { lookup } from '../../../operator/pipeline/decisions/json-pointer.js';
import { parseMode } from '../../../operator/pipeline/decisions/mode.js';
import { managersOwning } from '../../../operator/throttling/field-ownership.js';
import { deployment } from '../pipeline/decisions/fixtures.js';
import {
  dotted,
  isPlainJson,
  jsonValue,
  outcome,
  pointer,
  punctuated,
  RUNS,
  TIMEOUT_MS,
  token,
} from './arbitraries.js';

const SELF = 'virt-platform-autopilot';
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 30 }), punctuated);

const fieldsTree: fc.Arbitrary<unknown> = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.constant({}),
    fc.dictionary(
      fc.oneof(
        token.map((t) => `f:${t}`),
        fc.constantFrom('.', 'i:0', 'i:1', 'v:"a"', 'k:{"name":"main"}', 'k:{bad'),
        fc.string({ maxLength: 4 }),
      ),
      tie('tree'),
      { maxKeys: 4 },
    ),
    jsonValue,
  ),
})).tree;

const managedFields = fc.array(
  fc.record(
    { manager: fc.constantFrom(SELF, 'kubectl', 'hpa'), fieldsV1: fieldsTree },
    { requiredKeys: ['manager'] },
  ),
  { maxLength: 3 },
);

/** The fixture with a random subtree grafted on, and random owners. */
const liveObject = fc
  .tuple(fc.array(token, { maxLength: 4 }), jsonValue, managedFields)
  .map(([path, value, fields]) => {
    const live = deployment();
    const spec = live.spec as Record<string, unknown>;
    const [first] = path;
    if (first !== undefined && first !== '__proto__')
      spec[first] = path.length > 1 ? { [path[1] ?? 'x']: value } : value;
    live.metadata.managedFields = fields as ManagedFieldsEntry[];
    return live;
  });

const ignoreText = fc.oneof(
  anyText,
  fc.array(fc.oneof(pointer, dotted), { maxLength: 4 }).map((ps) => ps.join(',')),
);

describe('the other annotations under random input', () => {
  it(
    'ignore-fields: parses and masks to a valid object or an AnnotationError',
    () => {
      fc.assert(
        fc.property(ignoreText, liveObject, (text, live) => {
          const paths = outcome(() => parseIgnoreFields(text));
          fc.pre(!(paths instanceof AnnotationError));
          const desired = deployment();

          const masked = maskIgnoredFields({ desired, live, paths, manager: SELF });

          expect([masked.kind, masked.metadata.name, masked.metadata.namespace]).toEqual([
            'Deployment',
            'web',
            'shop',
          ]);
          expect(isPlainJson(masked)).toBe(true);
          expect(desired).toEqual(deployment());
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'ignore-fields: an ignored map field ends as live has it, or out of desired when someone else owns it',
    () => {
      fc.assert(
        fc.property(fc.oneof(pointer, dotted), liveObject, (text, live) => {
          const paths = outcome(() => parseIgnoreFields(text));
          fc.pre(!(paths instanceof AnnotationError) && paths.length === 1);
          const path = paths[0]!;
          fc.pre(!path.some((t) => /^\d+$/.test(t)));

          const masked = maskIgnoredFields({ desired: deployment(), live, paths, manager: SELF });

          const ownedByOthers = managersOwning(live, path, SELF).length > 0;
          const expected = ownedByOthers ? { found: false } : lookup(live, path);
          expect(lookup(masked, path)).toEqual(expected);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'mode: managed, unmanaged or an AnnotationError',
    () => {
      fc.assert(
        fc.property(fc.option(anyText, { nil: undefined }), (text) => {
          const mode = outcome(() => parseMode(text));

          if (mode instanceof AnnotationError)
            expect(['', 'managed', 'unmanaged']).not.toContain(text?.trim());
          else expect(['managed', 'unmanaged']).toContain(mode);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'autopilot: always a selection, with trimmed non-empty names',
    () => {
      fc.assert(
        fc.property(
          fc.option(
            fc.oneof(
              anyText,
              fc.array(token).map((t) => t.join(',')),
            ),
            { nil: undefined },
          ),
          (text) => {
            const selection = parseAutopilot(text);

            if (selection.kind === 'allowlist') {
              for (const name of selection.names) expect(name).toBe(name.trim());
              expect([...selection.names].every((n) => n !== '' && !n.includes(','))).toBe(true);
            }
            expect(typeof isSelected(selection, { name: 'swap', group: 'mc' })).toBe('boolean');
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'disabled-resources: well-formed rules or an AnnotationError, and matching never throws',
    () => {
      const ruleText = fc.oneof(
        anyText,
        fc
          .array(
            fc.record(
              { kind: fc.oneof(token, fc.constant('MachineConfig')), name: token, namespace: token },
              { requiredKeys: [] },
            ),
          )
          .map((r) => JSON.stringify(r)),
        fc
          .array(fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join('/')))
          .map((e) => e.join(', ')),
      );
      fc.assert(
        fc.property(ruleText, token, (text, name) => {
          const rules = outcome(() => parseDisabledResources(text));
          fc.pre(!(rules instanceof AnnotationError));

          for (const rule of rules) {
            expect(rule.kind).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
            expect(rule.name).not.toBe('');
          }
          const obj: KubeObject = {
            apiVersion: 'v1',
            kind: 'MachineConfig',
            metadata: { name, namespace: name },
          };
          expect(() => findDisabledRule(rules, obj)).not.toThrow();
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'annotation size: only AnnotationError, whatever the annotations',
    () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.oneof(fc.string(), fc.constant('platform.kubevirt.io/patch')), fc.string()),
          (annotations) => {
            const result = outcome(() => checkAnnotationSize(annotations));

            expect(result).toBeUndefined();
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
