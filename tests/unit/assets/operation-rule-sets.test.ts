import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  CORRELATION_GROUP_LABEL,
  CORRELATION_ROLE_LABEL,
  operationRuleSet,
  type OperationRuleSetSpec,
} from '../../../operator/assets/operation-rule-sets.js';
import { realCatalog, TEMPLATES_DIR } from './support/fixtures.js';

const DATA_FILE = path.join(TEMPLATES_DIR, 'in-flight-operations', 'rule-sets.yaml');
const data = parse(readFileSync(DATA_FILE, 'utf8'), { version: '1.1', maxAliasCount: 100 }) as {
  ruleSets: Record<string, unknown>;
};
const setNames = Object.keys(data.ruleSets);
const specs = new Map<string, OperationRuleSetSpec>(setNames.map((n) => [n, operationRuleSet(data, n)]));

const withSet = (set: unknown) => ({
  operatorStates: { Up: { Available: 'True' } },
  ruleSets: {
    s: { component: 'c', target: { group: 'g.io', version: 'v1', resource: 'rs' }, ...(set as object) },
  },
});
const ruleOf = (op: Record<string, unknown>) => operationRuleSet(withSet({ operations: [op] }), 's').rules[0];

describe('operation rule sets: CEL written from each matcher', () => {
  it.each([
    [
      { name: 'Running', phase: ['Running'] },
      'has(object.status) && has(object.status.phase) && object.status.phase == "Running"',
    ],
    [
      { name: 'Moving', phase: ['Accepted', 'InProgress'] },
      'has(object.status) && has(object.status.phase) && object.status.phase in ["Accepted", "InProgress"]',
    ],
    [
      { name: 'Migrating', printableStatus: ['Migrating'] },
      'has(object.status) && has(object.status.printableStatus) && object.status.printableStatus == "Migrating"',
    ],
    [
      { name: 'Busy', conditions: { Progressing: 'True', Degraded: 'NotTrue' } },
      'has(object.status) && has(object.status.conditions) && object.status.conditions.exists(c, c.type == "Progressing" && c.status == "True") && !object.status.conditions.exists(c, c.type == "Degraded" && c.status == "True")',
    ],
    [
      { name: 'Unpacking', conditions: { BundleUnpacking: 'Present' } },
      'has(object.status) && has(object.status.conditions) && object.status.conditions.exists(c, c.type == "BundleUnpacking")',
    ],
    [
      { name: 'TimingOut', conditions: { Done: { status: 'False', reason: 'TimingOut' } } },
      'has(object.status) && has(object.status.conditions) && object.status.conditions.exists(c, c.type == "Done" && c.status == "False" && c.reason == "TimingOut")',
    ],
    [{ name: 'Paused', expression: '  object.spec.paused == true\n' }, 'object.spec.paused == true'],
  ])('%j becomes the expected CEL', (op, cel) => {
    expect(ruleOf(op)).toEqual({ operation: op.name, expression: cel });
  });

  it('puts the shared operator states first, then the set’s own operations, with correlation labels', () => {
    const spec = operationRuleSet(
      withSet({
        operatorStates: true,
        correlation: { group: 'stack', role: 'root' },
        operations: [{ name: 'X', phase: ['X'] }],
      }),
      's',
    );

    expect(spec.rules.map((r) => r.operation)).toEqual(['Up', 'X']);
    expect(spec.labels).toEqual({ [CORRELATION_GROUP_LABEL]: 'stack', [CORRELATION_ROLE_LABEL]: 'root' });
  });

  it.each([
    ['an unknown set', withSet({ operations: [{ name: 'A', phase: ['A'] }] }), 'nope', /not defined/],
    [
      'two matchers',
      withSet({ operations: [{ name: 'A', phase: ['A'], conditions: { A: 'True' } }] }),
      's',
      /exactly one/,
    ],
    ['no matcher', withSet({ operations: [{ name: 'A' }] }), 's', /exactly one/],
    ['a quote in a value', withSet({ operations: [{ name: 'A', phase: ['A"'] }] }), 's', /phase must match/],
    [
      'a bad condition status',
      withSet({ operations: [{ name: 'A', conditions: { T: 'Yes' } }] }),
      's',
      /condition T must be/,
    ],
    [
      'a twice-defined operation',
      withSet({ operatorStates: true, operations: [{ name: 'Up', phase: ['U'] }] }),
      's',
      /Up is defined twice/,
    ],
    ['no operations', withSet({}), 's', /has no operations/],
    [
      'a bad correlation role',
      withSet({ correlation: { group: 'g', role: 'parent' }, operations: [{ name: 'A', phase: ['A'] }] }),
      's',
      /root \| child/,
    ],
  ])('refuses %s, naming the set', (_, input, name, message) => {
    expect(() => operationRuleSet(input, name)).toThrow(message);
  });
});

describe('the shipped rule sets (templates/in-flight-operations/rule-sets.yaml)', () => {
  it('has one catalog asset ifo-<set> per rule set, and no asset for a set that does not exist', () => {
    const assets = realCatalog().assets.filter((a) => a.component === 'OperationRuleSet');

    expect(assets.map((a) => a.params.ruleSet).sort()).toEqual([...setNames].sort());
    expect(assets.filter((a) => a.name !== `ifo-${a.params.ruleSet}`)).toEqual([]);
  });

  it('gives every correlation group a root (a request that starts the work) and children', () => {
    const roles = new Map<string, string[]>();
    for (const spec of specs.values()) {
      const group = spec.labels?.[CORRELATION_GROUP_LABEL];
      if (group) roles.set(group, [...(roles.get(group) ?? []), spec.labels?.[CORRELATION_ROLE_LABEL] ?? '']);
    }

    expect([...roles].filter(([, r]) => !r.includes('root') || !r.includes('child'))).toEqual([]);
    expect(roles.size).toBeGreaterThanOrEqual(5);
  });

  it('watches each target resource from one rule set only', () => {
    const targets = [...specs.values()].map((s) => `${s.target.group}/${s.target.resource}`);

    expect(targets.filter((t, i) => targets.indexOf(t) !== i)).toEqual([]);
  });

  it('guards every field it reads: each expression tests has(object.status) or has(object.spec) first', () => {
    const unguarded = [...specs].flatMap(([name, spec]) =>
      spec.rules
        .filter((r) => !/^\(?!?has\(object\.(status|spec)\)/.test(r.expression))
        .map((r) => `${name}/${r.operation}`),
    );

    expect(unguarded).toEqual([]);
  });

  it('covers the long-running operations the platform must not interrupt', () => {
    const resources = new Set([...specs.values()].map((s) => s.target.resource));

    expect([...resources]).toEqual(
      expect.arrayContaining([
        'virtualmachineinstancemigrations',
        'virtualmachinesnapshots',
        'virtualmachineexports',
        'virtualmachinerestores',
        'virtualmachineclones',
        'datavolumes',
        'backups',
        'restores',
        'nodemaintenances',
        'nodenetworkconfigurationpolicies',
        'installplans',
        'clusterversions',
        'machines',
        'fenceagentsremediations',
      ]),
    );
  });
});
