import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { Tombstone } from '../../../operator/assets/tombstones.js';
import { KubeApiError } from '../../../operator/errors.js';
import { processTombstones } from '../../../operator/handlers/tombstones.js';
import type { GroupVersionKind, KubeObject, ObjectRef, ResourceInfo } from '../../../operator/kube/types.js';
import { objectKey } from '../../../operator/kube/types.js';
import type { EventRecorder, EventSpec } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';

const MANAGED = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };

/**
 * The fake API server, plus what tombstones need of a real one: kinds that are not served, and
 * delete preconditions (a uid or resourceVersion that no longer matches is a 409). `beforeDelete`
 * lets a test change the object between the read and the delete.
 */
class TombstoneServer extends FakeKubeClient {
  readonly unserved = new Set<string>();
  readonly deletes: { key: string; options: { uid?: string; resourceVersion?: string } | undefined }[] = [];
  beforeDelete: (() => void) | undefined;

  override async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    return this.unserved.has(gvk.kind) ? undefined : super.resolve(gvk);
  }

  override async delete(ref: ObjectRef, options?: { uid?: string; resourceVersion?: string }): Promise<void> {
    const key = objectKey(ref);
    this.deletes.push({ key, options });
    const hook = this.beforeDelete;
    this.beforeDelete = undefined;
    hook?.();
    const live = this.objects.get(key);
    const stale =
      live !== undefined &&
      ((options?.uid !== undefined && options.uid !== live.metadata.uid) ||
        (options?.resourceVersion !== undefined &&
          options.resourceVersion !== live.metadata.resourceVersion));
    if (stale) {
      this.served.push({ verb: 'delete', key });
      throw new KubeApiError(`delete ${key}: precondition failed`, 409, 'Conflict');
    }
    return super.delete(ref);
  }
}

function mc(name: string, labels?: Record<string, string>, uid = `uid-${name}`): KubeObject {
  return {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfig',
    metadata: { name, uid, ...(labels ? { labels } : {}) },
  };
}

function cm(name: string, namespace: string, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, uid: `uid-${name}`, ...(labels ? { labels } : {}) },
  };
}

const tombstone = (object: KubeObject, file = `${object.metadata.name}.yaml`): Tombstone => ({
  release: 'v0.1',
  file,
  object: {
    ...object,
    metadata: {
      name: object.metadata.name ?? '',
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      labels: MANAGED,
    },
  },
});

function world() {
  const client = new TombstoneServer();
  const metrics = new Metrics();
  const emitted: EventSpec[] = [];
  const events = { emit: async (spec: EventSpec) => void emitted.push(spec) } as unknown as EventRecorder;
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write: (chunk, _e, done) => {
      logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', stream });
  const run = (tombstones: Tombstone[]) => processTombstones({ tombstones, client, metrics, events, logger });
  const gauge = async (): Promise<string[]> =>
    (await metrics.render()).split('\n').filter((l) => l.startsWith('virt_platform_tombstone_status{'));
  return { client, emitted, logs, run, gauge };
}

describe('processing tombstones: only what we labelled is deleted', () => {
  it('deletes a labelled object, pinned to the uid and resourceVersion it just read', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));

    const out = await w.run([tombstone(live)]);

    expect(out).toEqual([{ kind: 'MachineConfig', name: '50-old', release: 'v0.1', status: 'deleted' }]);
    expect(w.client.deletes).toEqual([
      {
        key: 'MachineConfig/50-old',
        options: { uid: 'uid-50-old', resourceVersion: live.metadata.resourceVersion },
      },
    ]);
    expect(w.client.objects.has('MachineConfig/50-old')).toBe(false);
  });

  it('says why it deleted in a Normal event on the object it read, uid included', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));

    await w.run([tombstone(live, 'v0.1/50-old.yaml')]);

    expect(w.emitted).toEqual([
      {
        regarding: {
          apiVersion: 'machineconfiguration.openshift.io/v1',
          kind: 'MachineConfig',
          name: '50-old',
          uid: 'uid-50-old',
        },
        type: 'Normal',
        reason: 'TombstoneDeleted',
        action: 'Delete',
        note: 'Deleted MachineConfig/50-old: removed by this release (v0.1/50-old.yaml)',
      },
    ]);
  });

  it.each([
    ['without the label', undefined],
    ['labelled by another manager', { 'platform.kubevirt.io/managed-by': 'someone-else' }],
    ['with the label on another key', { 'app.kubernetes.io/managed-by': 'virt-platform-autopilot' }],
  ])('never deletes an object %s, and warns with an event', async (_case, labels) => {
    const w = world();
    const live = w.client.seed(cm('settings', 'ns', labels));

    const out = await w.run([tombstone(live, 'v0.1/settings.yaml')]);

    expect(out).toEqual([
      {
        kind: 'ConfigMap',
        name: 'settings',
        namespace: 'ns',
        release: 'v0.1',
        status: 'skipped',
        reason: 'not labelled as managed by virt-platform-autopilot',
      },
    ]);
    expect(w.client.deletes).toEqual([]);
    expect(w.client.objects.has('ConfigMap/ns/settings')).toBe(true);
    expect(w.emitted).toEqual([
      {
        regarding: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'settings',
          namespace: 'ns',
          uid: 'uid-settings',
        },
        type: 'Warning',
        reason: 'TombstoneSkipped',
        action: 'Delete',
        note: 'Not deleting ConfigMap/ns/settings (v0.1/settings.yaml): it lacks the label platform.kubevirt.io/managed-by=virt-platform-autopilot',
      },
    ]);
  });

  it('counts an object that is already gone as absent, and touches nothing', async () => {
    const w = world();

    const out = await w.run([tombstone(cm('gone', 'ns'))]);

    expect(out).toEqual([
      { kind: 'ConfigMap', name: 'gone', namespace: 'ns', release: 'v0.1', status: 'absent' },
    ]);
    expect(w.client.deletes).toEqual([]);
    expect(w.emitted).toEqual([]);
  });

  it('counts a kind the cluster does not serve as absent without reading it', async () => {
    const w = world();
    w.client.unserved.add('MachineConfig');

    const out = await w.run([tombstone(mc('50-old'))]);

    expect(out).toEqual([
      { kind: 'MachineConfig', name: '50-old', release: 'v0.1', status: 'absent', reason: 'kind not served' },
    ]);
    expect(w.client.served).toEqual([]);
  });

  it('lets a label removed between the read and the delete win: the 409 re-reads and skips', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));
    w.client.beforeDelete = () => void w.client.seed(mc('50-old', { admin: 'kept' }));

    const [out] = await w.run([tombstone(live)]);

    expect(out?.status).toBe('skipped');
    expect(w.client.objects.get('MachineConfig/50-old')?.metadata.labels).toEqual({ admin: 'kept' });
    expect(w.client.count('get')).toBe(2);
  });

  it('deletes after a 409 when the object, read again, is still ours (pinned to the new read)', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));
    let relabelled: KubeObject | undefined;
    w.client.beforeDelete = () => void (relabelled = w.client.seed(mc('50-old', { ...MANAGED, extra: 'x' })));

    const [out] = await w.run([tombstone(live)]);

    expect(out?.status).toBe('deleted');
    expect(w.client.deletes.map((d) => d.options?.resourceVersion)).toEqual([
      live.metadata.resourceVersion,
      relabelled?.metadata.resourceVersion,
    ]);
  });

  it('gives up after three conflicting deletes and reports the tombstone failed', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));
    w.client.failNext(
      'delete',
      new KubeApiError('delete MachineConfig/50-old: conflict', 409, 'Conflict'),
      5,
    );

    const [out] = await w.run([tombstone(live)]);

    expect(out).toEqual({
      kind: 'MachineConfig',
      name: '50-old',
      release: 'v0.1',
      status: 'failed',
      reason: 'delete MachineConfig/50-old: conflict',
    });
    expect(w.client.count('delete')).toBe(3);
    expect(w.client.count('get')).toBe(3);
    expect(w.client.objects.has('MachineConfig/50-old')).toBe(true);
  });

  it('retries a conflict twice and deletes on the third attempt', async () => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));
    w.client.failNext('delete', new KubeApiError('conflict', 409, 'Conflict'), 2);

    const [out] = await w.run([tombstone(live)]);

    expect(out?.status).toBe('deleted');
    expect(w.client.count('delete')).toBe(3);
  });

  it.each([
    ['delete', '403', new KubeApiError('delete MachineConfig/50-old: forbidden', 403, 'Forbidden')],
    ['delete', 'network', new Error('connection reset')],
    ['get', '500', new KubeApiError('get MachineConfig/50-old: server error', 500, 'InternalError')],
  ] as const)('reports a %s failure (%s) without retrying it', async (verb, _label, err) => {
    const w = world();
    const live = w.client.seed(mc('50-old', MANAGED));
    w.client.failNext(verb, err);

    const [out] = await w.run([tombstone(live)]);

    expect(out).toEqual({
      kind: 'MachineConfig',
      name: '50-old',
      release: 'v0.1',
      status: 'failed',
      reason: err.message,
    });
    expect(w.client.count(verb)).toBe(1);
    expect(w.emitted).toEqual([]);
  });

  it('processes every tombstone in order: a failure does not stop the next one', async () => {
    const w = world();
    const a = w.client.seed(mc('a', MANAGED));
    const b = w.client.seed(mc('b', MANAGED));
    w.client.failNext('get', new Error('boom'));

    const out = await w.run([tombstone(a), tombstone(b)]);

    expect(out.map((s) => [s.name, s.status])).toEqual([
      ['a', 'failed'],
      ['b', 'deleted'],
    ]);
  });

  it('reports each outcome on the tombstone gauge: 0 done, -1 failed, -2 skipped', async () => {
    const w = world();
    const deleted = w.client.seed(mc('deleted', MANAGED));
    const skipped = w.client.seed(mc('skipped'));
    const failed = w.client.seed(cm('failed', 'ns', MANAGED));
    w.client.unserved.add('Secret');
    const unserved: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'unserved', namespace: 'ns' },
    };
    w.client.failNext('delete', new Error('boom'));

    await w.run([
      tombstone(failed),
      tombstone(deleted),
      tombstone(skipped),
      tombstone(mc('absent')),
      tombstone(unserved),
    ]);

    expect(await w.gauge()).toEqual([
      'virt_platform_tombstone_status{kind="ConfigMap",name="failed",namespace="ns"} -1',
      'virt_platform_tombstone_status{kind="MachineConfig",name="deleted",namespace=""} 0',
      'virt_platform_tombstone_status{kind="MachineConfig",name="skipped",namespace=""} -2',
      'virt_platform_tombstone_status{kind="MachineConfig",name="absent",namespace=""} 0',
      'virt_platform_tombstone_status{kind="Secret",name="unserved",namespace="ns"} 0',
    ]);
  });

  it('logs each decision with the object and the tombstone file as fields', async () => {
    const w = world();
    const ours = w.client.seed(cm('ours', 'ns', MANAGED));
    const theirs = w.client.seed(mc('theirs'));
    const conflicted = w.client.seed(mc('conflicted', MANAGED));
    w.client.failNext('delete', new KubeApiError('conflict', 409, 'Conflict'), 1);
    const failing = w.client.seed(mc('failing', MANAGED));

    await w.run([tombstone(conflicted, 'c.yaml'), tombstone(ours, 'o.yaml'), tombstone(theirs, 't.yaml')]);
    w.client.failNext('get', new Error('boom'));
    await w.run([tombstone(failing, 'f.yaml')]);

    const fields = w.logs.map(({ timestamp: _t, ...rest }) => rest);
    expect(fields).toEqual([
      {
        level: 'info',
        message: 'tombstone delete conflicted with a change: re-reading',
        kind: 'MachineConfig',
        name: 'conflicted',
        namespace: '',
        tombstone: 'c.yaml',
        attempt: 1,
      },
      {
        level: 'info',
        message: 'tombstone deleted',
        kind: 'MachineConfig',
        name: 'conflicted',
        namespace: '',
        tombstone: 'c.yaml',
      },
      {
        level: 'info',
        message: 'tombstone deleted',
        kind: 'ConfigMap',
        name: 'ours',
        namespace: 'ns',
        tombstone: 'o.yaml',
      },
      {
        level: 'warn',
        message: 'tombstone skipped: object is not labelled as ours, not deleting',
        kind: 'MachineConfig',
        name: 'theirs',
        namespace: '',
        tombstone: 't.yaml',
      },
      {
        level: 'error',
        message: 'tombstone failed',
        kind: 'MachineConfig',
        name: 'failing',
        namespace: '',
        tombstone: 'f.yaml',
        error: 'boom',
      },
    ]);
  });
});
