import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../../../../operator/kube/types.js';
import {
  maskIgnoredFields,
  parseIgnoreFields,
} from '../../../../operator/pipeline/decisions/ignore-fields.js';
import { deployment } from './fixtures.js';

const SELF = 'virt-platform-autopilot';

function live(edit: (o: KubeObject) => void, managedFields: ManagedFieldsEntry[] = []): KubeObject {
  const obj = deployment();
  edit(obj);
  obj.metadata.managedFields = managedFields;
  return obj;
}

function entry(manager: string, fieldsV1: Record<string, unknown>): ManagedFieldsEntry {
  return { manager, operation: manager === SELF ? 'Apply' : 'Update', fieldsType: 'FieldsV1', fieldsV1 };
}

function spec(obj: KubeObject): Record<string, unknown> {
  return obj.spec as Record<string, unknown>;
}

function containers(obj: KubeObject): Record<string, unknown>[] {
  return (spec(obj).template as { spec: { containers: Record<string, unknown>[] } }).spec.containers;
}

function mask(liveObj: KubeObject | undefined, value: string, desired = deployment()): KubeObject {
  return maskIgnoredFields({ desired, live: liveObj, paths: parseIgnoreFields(value), manager: SELF });
}

const replicasOwnedBy = (manager: string): ManagedFieldsEntry =>
  entry(manager, { 'f:spec': { 'f:replicas': {} } });

describe('maskIgnoredFields', () => {
  it('keeps the live value when only the autopilot owns the field', () => {
    const current = live((o) => (spec(o).replicas = 7), [replicasOwnedBy(SELF)]);

    const masked = mask(current, 'spec.replicas');

    expect(spec(masked).replicas).toBe(7);
  });

  it('keeps the live value when nobody is recorded as owner', () => {
    const current = live((o) => (spec(o).replicas = 7));

    const masked = mask(current, '/spec/replicas');

    expect(spec(masked).replicas).toBe(7);
  });

  it('leaves out a field another manager owns, so the apply neither changes nor claims it', () => {
    const current = live(
      (o) => (spec(o).replicas = 7),
      [replicasOwnedBy(SELF), replicasOwnedBy('hpa-controller')],
    );

    const masked = mask(current, 'spec.replicas');

    expect('replicas' in spec(masked)).toBe(false);
  });

  it('counts ownership of anything below the field as ownership of the field', () => {
    const current = live(
      () => undefined,
      [entry('kubectl', { 'f:spec': { 'f:selector': { 'f:matchLabels': { 'f:app': {} } } } })],
    );

    const masked = mask(current, 'spec.selector');

    expect('selector' in spec(masked)).toBe(false);
  });

  it('leaves out the whole atomic value when another manager owns it in one piece', () => {
    const current = live(() => undefined, [entry('kubectl', { 'f:spec': { 'f:selector': {} } })]);

    const masked = mask(current, 'spec.selector.matchLabels.app');

    // A forced apply of a partial atomic value would take it over with the other keys lost.
    expect(spec(masked)).not.toHaveProperty('selector');
  });

  it('never treats object metadata as an atomic value, even when managedFields claims it', () => {
    // Found by the fuzzer: a manager owning `f:metadata` as an empty node.
    const current = live(
      (o) => (o.metadata.annotations = { note: 'x' }),
      [entry('hpa', { 'f:metadata': {} })],
    );

    const masked = mask(current, '/metadata/annotations/note');

    expect(masked.metadata.name).toBe(current.metadata.name);
    expect(masked.metadata.namespace).toBe(current.metadata.namespace);
  });

  it('keeps the whole live atomic value when only the autopilot owns it', () => {
    const current = live(
      (o) => (spec(o).selector = { matchLabels: { app: 'live', team: 'live' } }),
      [entry(SELF, { 'f:spec': { 'f:selector': {} } })],
    );

    const masked = mask(current, 'spec.selector.matchLabels.app');

    expect(spec(masked).selector).toEqual({ matchLabels: { app: 'live', team: 'live' } });
  });

  it('matches list items by their k: key when another manager owns a field of one', () => {
    const owned = entry('kubectl', {
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { 'f:image': {} } } } },
      },
    });
    const current = live((o) => ((containers(o)[1] as { image: string }).image = 'proxy:2'), [owned]);

    const masked = mask(current, '/spec/template/spec/containers/1/image');

    expect(containers(masked)[1]).toEqual({ name: 'sidecar' });
    expect(containers(masked)[0]).toEqual(containers(deployment())[0]);
  });

  it('ignores the autopilot itself as an owner', () => {
    const current = live((o) => (spec(o).replicas = 1), [replicasOwnedBy(SELF)]);

    const masked = mask(current, 'spec.replicas');

    expect(spec(masked).replicas).toBe(1);
  });

  it('removes the field from desired when live does not have it', () => {
    const current = live((o) => delete spec(o).replicas);

    const masked = mask(current, 'spec.replicas');

    expect('replicas' in spec(masked)).toBe(false);
  });

  it('adds a field live has and desired lacks, creating the maps on the way', () => {
    const current = live(
      (o) => (spec(o).strategy = { rollingUpdate: { maxSurge: 2 }, type: 'RollingUpdate' }),
    );

    const masked = mask(current, 'spec.strategy.rollingUpdate.maxSurge');

    expect(spec(masked).strategy).toEqual({ rollingUpdate: { maxSurge: 2 } });
  });

  it('takes the live subtree when desired has a scalar where live has a map', () => {
    const desired = deployment();
    spec(desired).selector = 'not-a-map';
    const current = live(() => undefined);

    const masked = mask(current, 'spec.selector.matchLabels.app', desired);

    expect(spec(masked).selector).toEqual({ matchLabels: { app: 'web' } });
  });

  it('keeps the live value of one list element by index', () => {
    const current = live((o) => ((containers(o)[0] as { image: string }).image = 'web:2'));

    const masked = mask(current, 'spec.template.spec.containers.0.image');

    expect(containers(masked).map((c) => c.image)).toEqual(['web:2', 'proxy:1']);
  });

  it('appends the live element when desired lists one fewer', () => {
    const desired = deployment();
    containers(desired).pop();
    const current = live(() => undefined);

    const masked = mask(current, '/spec/template/spec/containers/1/image', desired);

    expect(containers(masked)).toEqual(containers(deployment()));
  });

  it('takes the whole live list when the index is beyond what desired can hold', () => {
    const desired = deployment();
    containers(desired).length = 0;
    const current = live(() => undefined);

    const masked = mask(current, '/spec/template/spec/containers/1/image', desired);

    expect(containers(masked)).toEqual(containers(deployment()));
  });

  it('keeps the live value of a whole element another manager owns, rather than shifting its siblings', () => {
    const owned = entry('kubectl', {
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {} } } } },
      },
    });
    const current = live((o) => ((containers(o)[0] as { image: string }).image = 'web:9'), [owned]);

    const masked = mask(current, '/spec/template/spec/containers/0', deployment());

    expect(containers(masked).map((c) => c.image)).toEqual(['web:9', 'proxy:1']);
  });

  it('removes a trailing list element live no longer has', () => {
    const current = live((o) => containers(o).pop());

    const masked = mask(current, '/spec/template/spec/containers/1');

    expect(containers(masked).map((c) => c.name)).toEqual(['main']);
  });

  it('leaves a middle list element live lacks in place (removing it would shift the rest)', () => {
    const current = live((o) => (containers(o).length = 0));

    const masked = mask(current, '/spec/template/spec/containers/0');

    expect(containers(masked)).toHaveLength(2);
  });

  it.each([
    ['a field neither side has', 'spec.nothing.here'],
    ['an index on a map', '/spec/selector/0'],
    ['a key on a list', '/spec/template/spec/containers/main'],
    ['a path through a scalar', 'spec.replicas.deeper'],
  ])('does nothing for %s', (_case, value) => {
    const current = live(() => undefined);

    const masked = mask(current, value);

    expect(masked).toEqual(deployment());
  });

  it('removes every ignored field when there is no live object', () => {
    const masked = mask(undefined, 'spec.replicas,metadata.labels.app');

    expect([spec(masked).replicas, masked.metadata.labels]).toEqual([undefined, {}]);
  });

  it('applies several paths in one call', () => {
    const current = live(
      (o) => {
        spec(o).replicas = 9;
        o.metadata.labels = { app: 'web', team: 'a' };
      },
      [entry('team-bot', { 'f:metadata': { 'f:labels': { 'f:team': {} } } })],
    );

    const masked = mask(current, 'spec.replicas,/metadata/labels/team');

    expect([spec(masked).replicas, masked.metadata.labels]).toEqual([9, { app: 'web' }]);
  });

  it('never modifies its inputs', () => {
    const desired = deployment();
    const current = live((o) => (spec(o).replicas = 9));
    const before = structuredClone(current);

    mask(current, 'spec.replicas,spec.template.spec.containers.0.image', desired);

    expect([desired, current]).toEqual([deployment(), before]);
  });

  it('tolerates malformed managedFields', () => {
    const current = live((o) => (spec(o).replicas = 4));
    current.metadata.managedFields = [
      { manager: 'x', fieldsV1: 'garbage' as unknown as Record<string, unknown> },
      { fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
      {
        manager: 'y',
        fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{bad json': {} } } } } },
      },
    ];

    const masked = mask(current, 'spec.replicas,/spec/template/spec/containers/0/image');

    expect(spec(masked).replicas).toBe(4);
  });
});
