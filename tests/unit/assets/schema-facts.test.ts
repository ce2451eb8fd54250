import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { schemaFactsOf } from '../../../operator/assets/schema-facts.js';
import { schemaQuestions } from '../../../operator/assets/schema-questions.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { FIXTURES_DIR, schemaFactsFrom } from './support/fixtures.js';

const API = 'operator.openshift.io/v1';
const CURRENT = parse(
  readFileSync(
    path.join(FIXTURES_DIR, 'crds', 'openshift', 'operator.openshift.io_kubedeschedulers.yaml'),
    'utf8',
  ),
) as KubeObject;

describe('schemaFactsOf', () => {
  it('keeps the enum of the KubeDescheduler profiles and which asked-for fields exist', () => {
    const facts = schemaFactsOf(CURRENT);

    const fields = facts['operator.openshift.io/v1/KubeDescheduler'];
    expect(fields?.['spec.profiles']?.enum).toContain('KubeVirtRelieveAndMigrate');
    expect(fields?.['spec.evictionLimits.node']).toEqual({});
    expect(Object.keys(fields ?? {}).sort()).toEqual([
      'spec.evictionLimits.node',
      'spec.evictionLimits.total',
      'spec.profileCustomizations.devEnableEvictionsInBackground',
      'spec.profiles',
    ]);
  });

  it('keeps nothing of a CRD templates do not ask about', () => {
    const crd = { ...CURRENT, spec: { ...(CURRENT.spec as object), group: 'example.com' } };

    expect(schemaFactsOf(crd)).toEqual({});
  });

  it('keeps nothing of a version that is not served', () => {
    const spec = CURRENT.spec as { versions: Record<string, unknown>[] };
    const crd = {
      ...CURRENT,
      spec: { ...spec, versions: spec.versions.map((v) => ({ ...v, served: false })) },
    };

    expect(schemaFactsOf(crd)).toEqual({});
  });
});

describe('schemaQuestions over published KubeDescheduler CRDs', () => {
  it.each<[string, string, boolean, boolean, boolean]>([
    // release, KubeVirtRelieveAndMigrate, DevKubeVirtRelieveAndMigrate, LongLifecycle
    ['release-4.14', 'evictions in background absent', false, false, false],
    ['release-4.17', 'evictions in background present', false, false, true],
    ['release-4.19', 'evictions in background present', false, true, true],
  ])('%s (%s) allows the profiles it lists, and only those', (release, _note, ga, dev, long) => {
    const ask = schemaQuestions(schemaFactsFrom(`kube-descheduler-operator/${release}.yaml`));

    expect(ask.crdAllows(API, 'KubeDescheduler', 'spec.profiles', 'KubeVirtRelieveAndMigrate')).toBe(ga);
    expect(ask.crdAllows(API, 'KubeDescheduler', 'spec.profiles', 'DevKubeVirtRelieveAndMigrate')).toBe(dev);
    expect(ask.crdAllows(API, 'KubeDescheduler', 'spec.profiles', 'LongLifecycle')).toBe(long);
  });

  it('answers from the field list: a field a version lacks does not exist', () => {
    const old = schemaQuestions(schemaFactsFrom('kube-descheduler-operator/release-4.14.yaml'));
    const newer = schemaQuestions(schemaFactsFrom('kube-descheduler-operator/release-4.17.yaml'));

    expect(old.crdHasField(API, 'KubeDescheduler', 'spec.evictionLimits.total')).toBe(false);
    expect(newer.crdHasField(API, 'KubeDescheduler', 'spec.evictionLimits.total')).toBe(true);
    expect(newer.crdHasField(API, 'KubeDescheduler', 'spec.evictionLimits.node')).toBe(false);
    expect(old.crdAllows(API, 'KubeDescheduler', 'spec.evictionLimits.total', 'x')).toBe(false);
  });

  it('counts an unknown kind (offline render) as the newest version', () => {
    const ask = schemaQuestions({});

    expect(ask.crdAllows(API, 'KubeDescheduler', 'spec.profiles', 'KubeVirtRelieveAndMigrate')).toBe(true);
    expect(ask.crdHasField(API, 'KubeDescheduler', 'spec.anything')).toBe(true);
  });
});
