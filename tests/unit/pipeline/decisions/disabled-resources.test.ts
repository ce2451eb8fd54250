import { describe, expect, it } from '@jest/globals';
import { AnnotationError, ANNOTATIONS } from '../../../../operator/pipeline/annotations.js';
import {
  findDisabledRule,
  parseDisabledResources,
  type DisabledRule,
} from '../../../../operator/pipeline/decisions/disabled-resources.js';

describe('parseDisabledResources', () => {
  it.each<[string, string | undefined, DisabledRule[]]>([
    ['absent', undefined, []],
    ['blank', '  \n', []],
    ['an empty list', '[]', []],
    [
      'a YAML list',
      '- kind: MachineConfig\n  name: 50-swap-*\n- kind: Service\n  name: metrics\n  namespace: openshift-*\n',
      [
        { kind: 'MachineConfig', name: '50-swap-*' },
        { kind: 'Service', name: 'metrics', namespace: 'openshift-*' },
      ],
    ],
    [
      'a JSON list',
      '[{"kind":"KubeDescheduler","name":"cluster"}]',
      [{ kind: 'KubeDescheduler', name: 'cluster' }],
    ],
    [
      'a name YAML 1.1 would read as octal',
      '- {kind: MachineConfig, name: 0644}',
      [{ kind: 'MachineConfig', name: '0644' }],
    ],
    [
      'a single mapping',
      'kind: KubeDescheduler\nname: cluster',
      [{ kind: 'KubeDescheduler', name: 'cluster' }],
    ],
    [
      'the short form',
      'KubeDescheduler/cluster, MachineConfig/50-swap-enable',
      [
        { kind: 'KubeDescheduler', name: 'cluster' },
        { kind: 'MachineConfig', name: '50-swap-enable' },
      ],
    ],
    [
      'the short form with a namespace',
      'Service/openshift-cnv/metrics',
      [{ kind: 'Service', name: 'metrics', namespace: 'openshift-cnv' }],
    ],
    [
      'the short form with stray commas',
      ',KubeDescheduler/cluster,,',
      [{ kind: 'KubeDescheduler', name: 'cluster' }],
    ],
    [
      'the short form with a colon in the name',
      'ClusterRole/system:kubevirt',
      [{ kind: 'ClusterRole', name: 'system:kubevirt' }],
    ],
    [
      'short-form entries in a list',
      '["KubeDescheduler/cluster"]',
      [{ kind: 'KubeDescheduler', name: 'cluster' }],
    ],
  ])('reads %s', (_case, value, expected) => {
    const rules = parseDisabledResources(value);

    expect(rules).toEqual(expected);
  });

  it.each([
    ['invalid YAML', '- kind: [unclosed', /not valid YAML or JSON/],
    ['invalid JSON', '[{"kind": "A", "name": "b"}', /not valid YAML or JSON/],
    ['JSON with a missing value', '[{"kind": "A", "name": }]', /rule 0: name must be a non-empty/],
    [
      'a quoted short form with a spaced name',
      '"A/b: c"',
      /entry 0: name must be a non-empty name or glob without spaces/,
    ],
    ['several YAML documents', '- kind: A\n---\n- kind: B', /not valid YAML or JSON/],
    ['an unresolved alias', '- *nothing', /not valid YAML or JSON/],
    ['duplicate keys', '- {kind: A, kind: B, name: c}', /not valid YAML or JSON/],
    ['a rule without a kind', '- name: cluster', /rule 0: kind must be a Kind/],
    ['a rule without a name', '- kind: KubeDescheduler', /rule 0: name must be a non-empty name/],
    ['an empty name', '- {kind: A, name: ""}', /name must be a non-empty/],
    ['a name with spaces', '- {kind: A, name: "my name"}', /without spaces/],
    ['an empty namespace', '- {kind: A, name: b, namespace: ""}', /namespace must be a non-empty/],
    ['a misspelt field', '- {kind: A, name: b, namepsace: c}', /rule 0 has unknown field "namepsace"/],
    ['a kind that is not a Kind', '- {kind: "apps/v1 Deployment", name: b}', /kind must be a Kind/],
    ['a list of lists', '[[1]]', /rule 0 must be a mapping/],
    ['a nested kind', '[{"kind": ["A"], "name": "b"}]', /kind must be a Kind/],
    ['a short-form entry without a name', 'KubeDescheduler', /entry 0: "KubeDescheduler" is not Kind\/name/],
    ['a short-form entry with too many parts', 'A/b/c/d', /is not Kind\/name or Kind\/namespace\/name/],
    ['a short-form entry with an empty name', 'KubeDescheduler/', /name must be a non-empty/],
    ['a later bad rule', '- {kind: A, name: b}\n- {kind: A}', /rule 1: name must be/],
  ])('rejects %s', (_case, value, problem) => {
    const attempt = (): unknown => parseDisabledResources(value);

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(problem);
  });

  it('names the disabled-resources annotation in the error', () => {
    const attempt = (): unknown => parseDisabledResources('- name: x');

    expect(attempt).toThrow(`annotation ${ANNOTATIONS.disabledResources}: rule 0: kind must be a Kind`);
  });
});

describe('findDisabledRule', () => {
  const rules: DisabledRule[] = [
    { kind: 'MachineConfig', name: '50-swap-*' },
    { kind: 'Service', name: 'metric?', namespace: 'openshift-*' },
    { kind: 'KubeDescheduler', name: 'cluster' },
  ];

  it.each<
    [string, { kind: string; metadata: { name?: string; namespace?: string } }, DisabledRule | undefined]
  >([
    ['a name glob with *', { kind: 'MachineConfig', metadata: { name: '50-swap-enable' } }, rules[0]],
    ['* matching nothing extra', { kind: 'MachineConfig', metadata: { name: '50-swap-' } }, rules[0]],
    ['an exact name', { kind: 'KubeDescheduler', metadata: { name: 'cluster' } }, rules[2]],
    [
      '? and a namespace glob',
      { kind: 'Service', metadata: { name: 'metrics', namespace: 'openshift-cnv' } },
      rules[1],
    ],
    [
      'no match when the namespace differs',
      { kind: 'Service', metadata: { name: 'metrics', namespace: 'default' } },
      undefined,
    ],
    [
      'no match for a cluster-scoped object against a namespace rule',
      { kind: 'Service', metadata: { name: 'metrics' } },
      undefined,
    ],
    [
      'no match when ? needs exactly one character',
      { kind: 'Service', metadata: { name: 'metric', namespace: 'openshift-x' } },
      undefined,
    ],
    ['kinds are case-sensitive', { kind: 'machineconfig', metadata: { name: '50-swap-enable' } }, undefined],
    [
      'a rule without namespace matches any namespace',
      { kind: 'KubeDescheduler', metadata: { name: 'cluster', namespace: 'x' } },
      rules[2],
    ],
    ['names must match whole', { kind: 'KubeDescheduler', metadata: { name: 'cluster-2' } }, undefined],
    ['no match for another kind', { kind: 'Deployment', metadata: { name: 'cluster' } }, undefined],
  ])('%s', (_case, obj, expected) => {
    const rule = findDisabledRule(rules, obj);

    expect(rule).toBe(expected);
  });

  it('treats characters other than * and ? literally', () => {
    const rule = findDisabledRule([{ kind: 'A', name: 'a.b[c]' }], {
      kind: 'A',
      metadata: { name: 'a.b[c]' },
    });

    expect(rule).toEqual({ kind: 'A', name: 'a.b[c]' });
  });
});
