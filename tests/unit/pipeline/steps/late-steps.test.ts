import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../../operator/assets/catalog.js';
import { KubeApiError } from '../../../../operator/errors.js';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { KubeletConfigReader } from '../../../../operator/pipeline/kubelet-configs.js';
import { withOwnershipMarks } from '../../../../operator/pipeline/ownership.js';
import { PoolGate } from '../../../../operator/pipeline/pool-gate.js';
import { applyStep } from '../../../../operator/pipeline/steps/apply.js';
import { attributeStep } from '../../../../operator/pipeline/steps/attribute.js';
import { foreignKubeletConfigStep } from '../../../../operator/pipeline/steps/foreign-kubelet-config.js';
import { heldBy } from '../../../../operator/pipeline/steps/held.js';
import { poolStep } from '../../../../operator/pipeline/steps/pool.js';
import { isStop, type PipelineState, type StepResult } from '../../../../operator/pipeline/step.js';
import { ASSET, harness, keyOf, service, state } from './support.js';

const MCO = 'machineconfiguration.openshift.io/v1';
const nextOf = (r: StepResult): PipelineState => {
  if (isStop(r)) throw new Error(`stopped: ${r.stop} (${r.reason ?? ''})`);
  return r.next;
};

function pool(
  name: string,
  status: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: MCO,
    kind: 'MachineConfigPool',
    metadata: { name, labels: { [`pools.operator.machineconfiguration.openshift.io/${name}`]: '' } },
    spec,
    status,
  } as KubeObject;
}
const updating = {
  conditions: [{ type: 'Updating', status: 'True' }],
  updatedMachineCount: 1,
  machineCount: 3,
};

describe('the pool step (MachineConfigPool readiness)', () => {
  const tuning: AssetDefinition = { ...ASSET, component: 'MachineConfig', pool: 'worker' };

  it.each<[string, KubeObject | undefined, string, string | undefined]>([
    ['writes when the pool does not exist', undefined, 'next', undefined],
    ['writes when the pool is idle', pool('worker'), 'next', undefined],
    ['waits while the pool is paused', pool('worker', {}, { paused: true }), 'deferred', 'paused'],
    ['waits while the pool is Updating', pool('worker', updating), 'deferred', 'updating'],
  ])('%s', async (_case, live, expected, reason) => {
    const h = harness();
    if (live) h.client.seed(live);
    const deps = { ...h.deps, pools: new PoolGate(h.client) };

    const result = await poolStep.run(state({ asset: tuning, desired: service() }), deps);

    expect(isStop(result) ? result.stop : 'next').toBe(expected);
    if (!isStop(result)) return;
    expect(result.poolWait).toEqual({ pool: 'worker', reason });
    expect(result.retryAfterMs).toBe(30_000);
    expect(result.reason).toMatch(/^waiting for MachineConfigPool worker: MachineConfigPool worker is /);
  });

  it.each<[string, AssetDefinition, boolean]>([
    ['an asset without a pool', ASSET, true],
    ['a previews run without a pool gate', tuning, false],
  ])('never reads a pool for %s', async (_case, asset, withGate) => {
    const h = harness();
    h.client.seed(pool('worker', updating));
    const deps = withGate ? { ...h.deps, pools: new PoolGate(h.client) } : h.deps;

    const result = await poolStep.run(state({ asset, desired: service() }), deps);

    expect(isStop(result)).toBe(false);
    expect(h.client.served).toEqual([]);
  });

  it('fails this asset only, naming the pool, when the pool cannot be read', async () => {
    const h = harness();
    const err = new KubeApiError('get failed (HTTP 403): forbidden', 403, 'Forbidden');
    h.client.failNext('get', err);

    const result = await poolStep.run(state({ asset: tuning, desired: service() }), {
      ...h.deps,
      pools: new PoolGate(h.client),
    });

    expect(isStop(result) && [result.stop, result.reason, result.error]).toEqual([
      'failed',
      'read MachineConfigPool worker failed: get failed (HTTP 403): forbidden',
      err,
    ]);
  });

  it('reads each pool once per pass: a later write of the same pass goes out with the first', async () => {
    const h = harness();
    h.client.seed(pool('worker'));
    const gate = new PoolGate(h.client);
    const input = state({ asset: tuning, desired: service() });
    const deps = { ...h.deps, pools: gate };

    const first = await poolStep.run(input, deps);
    h.client.seed(pool('worker', updating)); // our first write made the MCO start the rollout
    const sameHco = await poolStep.run(input, deps);
    const nextPass = await poolStep.run(
      { ...input, context: { ...input.context, hco: { ...input.context.hco } } },
      deps,
    );

    expect([first, sameHco, nextPass].map((r) => (isStop(r) ? r.stop : 'next'))).toEqual([
      'next',
      'next',
      'deferred',
    ]);
    expect(h.client.count('get')).toBe(2);
  });
});

describe('the foreign KubeletConfig step', () => {
  const asset: AssetDefinition = { ...ASSET, component: 'KubeletConfig', pool: 'worker' };
  const ours: KubeObject = {
    apiVersion: MCO,
    kind: 'KubeletConfig',
    metadata: { name: 'virt-kubelet-worker' },
  };
  const theirs = (name: string): KubeObject =>
    ({
      apiVersion: MCO,
      kind: 'KubeletConfig',
      metadata: { name },
      spec: {
        machineConfigPoolSelector: {
          matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' },
        },
      },
    }) as KubeObject;
  /** `desired: undefined` removes it (nothing rendered). */
  const run = (
    h: ReturnType<typeof harness>,
    overrides: { asset?: AssetDefinition; desired?: KubeObject | undefined } = {},
    reader = true,
  ) =>
    foreignKubeletConfigStep.run(
      'desired' in overrides && overrides.desired === undefined
        ? state({ asset: overrides.asset ?? asset })
        : state({ asset, desired: ours, ...(overrides as Partial<PipelineState>) }),
      {
        ...h.deps,
        ...(reader ? { kubeletConfigs: new KubeletConfigReader(h.client) } : {}),
      },
    );

  it('holds ours while another tool’s KubeletConfig selects the same pool (the watch on them rechecks)', async () => {
    const h = harness();
    h.client.seed(theirs('performance-profile'));
    h.client.seed(theirs('admin'));

    const result = await run(h);

    expect(isStop(result) && result.stop).toBe('held');
    if (!isStop(result)) return;
    expect(result.conflict).toEqual({ pool: 'worker', others: ['admin', 'performance-profile'] });
    expect(result.retryAfterMs).toBeUndefined();
    expect(result.reason).toMatch(/^KubeletConfig\/admin, KubeletConfig\/performance-profile select/);
  });

  it('writes ours when it is the only one on the pool', async () => {
    const h = harness();
    h.client.seed(ours);

    expect(isStop(await run(h))).toBe(false);
  });

  const { pool: _pool, ...poolless } = asset;
  it.each<[string, { asset?: AssetDefinition; desired?: KubeObject | undefined }, boolean]>([
    ['another kind of asset', { asset: ASSET }, true],
    ['a KubeletConfig asset without a pool', { asset: poolless }, true],
    ['a desired object without a name', { desired: { ...ours, metadata: {} } }, true],
    ['nothing rendered', { desired: undefined }, true],
    ['a preview without a reader', {}, false],
  ])('never lists KubeletConfigs for %s', async (_case, overrides, reader) => {
    const h = harness();
    h.client.seed(theirs('admin'));

    const result = await run(h, overrides, reader);

    expect(isStop(result)).toBe(false);
    expect(h.client.served).toEqual([]);
  });

  it('fails, naming the pool, when the KubeletConfigs cannot be listed', async () => {
    const h = harness();
    const err = new KubeApiError('list failed (HTTP 403): forbidden', 403, 'Forbidden');
    h.client.failNext('list', err);

    const result = await run(h);

    expect(isStop(result) && [result.stop, result.reason, result.error]).toEqual([
      'failed',
      'list KubeletConfigs for MachineConfigPool worker failed: list failed (HTTP 403): forbidden',
      err,
    ]);
  });
});

describe('heldBy', () => {
  it('holds on an annotation problem, naming the annotation', () => {
    const err = new AnnotationError('platform.kubevirt.io/patch', 'bad');

    expect(heldBy(state(), err)).toMatchObject({
      stop: 'held',
      reason: 'annotation platform.kubevirt.io/patch: bad',
      annotation: 'platform.kubevirt.io/patch',
      error: err,
    });
  });

  it('fails on anything else', () => {
    const result = heldBy(state(), new Error('bug'));

    expect([result.stop, result.reason, result.annotation]).toEqual(['failed', 'bug', undefined]);
  });
});

describe('the attribute step (why a write happens)', () => {
  const managed = (
    live: KubeObject,
    fields: Record<string, unknown>,
    manager = 'virt-platform-autopilot',
  ) => ({
    ...live,
    metadata: {
      ...live.metadata,
      managedFields: [
        ...(live.metadata.managedFields ?? []),
        { manager, operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: fields },
      ],
    },
  });
  const ownsSpec = { 'f:spec': { 'f:selector': { 'f:app': {} }, 'f:ports': {} } };

  it.each<[string, Partial<PipelineState>, string | undefined, unknown]>([
    ['a missing object is created', {}, undefined, { cause: 'create' }],
    ['an object we never applied is adopted', { live: service() }, undefined, { cause: 'adopt' }],
    [
      'a field another manager took is foreign drift',
      {
        live: managed(
          managed(service({ app: 'rival' }), ownsSpec),
          { 'f:spec': { 'f:selector': { 'f:app': {} } } },
          'kubectl',
        ),
        drift: { drifted: true, paths: ['/spec/selector/app'] },
        intentHash: 'i',
      },
      'i',
      { cause: 'foreign-drift', managers: ['kubectl'], paths: ['spec.selector.app'] },
    ],
    [
      'a field the patch changed is the customisation',
      {
        rendered: service({ port: 8443 }),
        desired: withOwnershipMarks(service({ port: 1 })),
        live: managed(service(), ownsSpec),
        drift: { drifted: true, paths: ['/spec/ports/0/port'] },
        intentHash: 'j',
      },
      'i',
      { cause: 'customization', paths: ['spec.ports[0].port'] },
    ],
    [
      'a field only we own that changed is our desired change',
      {
        rendered: service({ port: 1 }),
        desired: withOwnershipMarks(service({ port: 1 })),
        live: managed(service(), ownsSpec),
        drift: { drifted: true, paths: ['/spec/ports/0/port'] },
        intentHash: 'j',
      },
      'i',
      { cause: 'desired-changed', paths: ['spec.ports[0].port'] },
    ],
    [
      'a field nobody owns any more while our intent is unchanged was removed by someone else',
      {
        rendered: service(),
        desired: withOwnershipMarks(service()),
        live: managed(service(), {}),
        drift: { drifted: true, paths: ['/spec/type'] },
        intentHash: 'i',
      },
      'i',
      { cause: 'foreign-drift', managers: [], paths: ['spec.type'] },
    ],
    [
      'a field nobody owns after a restart (intent unknown) counts as our change',
      {
        rendered: service(),
        desired: withOwnershipMarks(service()),
        live: managed(service(), {}),
        drift: { drifted: true, paths: ['/spec/type'] },
        intentHash: 'i',
      },
      undefined,
      { cause: 'desired-changed', paths: ['spec.type'] },
    ],
    [
      'a field nobody owns after our intent changed counts as our change',
      {
        rendered: service(),
        desired: withOwnershipMarks(service()),
        live: managed(service(), {}),
        drift: { drifted: true, paths: ['/spec/type'] },
        intentHash: 'j',
      },
      'i',
      { cause: 'desired-changed', paths: ['spec.type'] },
    ],
    [
      'no drift paths at all is our desired change',
      { live: managed(service(), ownsSpec), intentHash: 'i' },
      'i',
      { cause: 'desired-changed', paths: [] },
    ],
  ])('%s', async (_case, overrides, lastIntent, expected) => {
    const h = harness();
    const desired = overrides.desired ?? withOwnershipMarks(service());
    if (lastIntent !== undefined)
      h.verified.remember(keyOf(desired), { desired: 'd', intent: lastIntent }, '1');

    const next = nextOf(await attributeStep.run(state({ desired, ...overrides }), h.deps));

    expect(next.write).toEqual(expected);
  });

  it('passes when nothing was rendered', async () => {
    const next = nextOf(await attributeStep.run(state(), harness().deps));

    expect(next.write).toBeUndefined();
  });
});

describe('the apply step', () => {
  it('creates a missing object, remembers it verified and ends its wait', async () => {
    const h = harness();
    const desired = withOwnershipMarks(service());
    h.deps.throttle.waitUntil.set(keyOf(desired), 1);

    const result = await applyStep.run(state({ desired, desiredHash: 'd1', intentHash: 'i1' }), h.deps);

    expect(isStop(result) && result.stop).toBe('created');
    const stored = h.client.objects.get(keyOf(desired));
    expect(isStop(result) && result.state.live).toEqual(stored);
    expect(h.client.served).toEqual([{ verb: 'apply', key: keyOf(desired) }]);
    expect(h.verified.isCurrent(keyOf(desired), 'd1', stored?.metadata.resourceVersion)).toBe(true);
    expect(h.verified.lastIntent(keyOf(desired))).toBe('i1');
    expect(h.deps.throttle.waitUntil.has(keyOf(desired))).toBe(false);
  });

  it('writes with a forced Server-Side Apply as the autopilot (not a dry-run)', async () => {
    const h = harness();
    const options: unknown[] = [];
    const client = h.client;
    const deps = {
      ...h.deps,
      client: {
        apply: (obj: KubeObject, o: Parameters<typeof client.apply>[1]) => {
          options.push(o);
          return client.apply(obj, o);
        },
      },
    };

    await applyStep.run(state({ desired: withOwnershipMarks(service()) }), deps);
    h.client.failNext('apply', new KubeApiError('apply failed (HTTP 422): invalid', 422, 'Invalid'));
    await applyStep.run(
      state({
        rendered: service(),
        desired: withOwnershipMarks(service({ port: 1 })),
        customizations: ['patch'],
      }),
      deps,
    );

    expect(options).toEqual([
      { fieldManager: 'virt-platform-autopilot', force: true, dryRun: false },
      { fieldManager: 'virt-platform-autopilot', force: true, dryRun: false },
      // the template alone, tried after the server rejected the patched object
      { fieldManager: 'virt-platform-autopilot', force: true, dryRun: true },
    ]);
  });

  it('corrects an existing object', async () => {
    const h = harness();
    const live = h.client.seed(service({ app: 'rival' }));

    const result = await applyStep.run(state({ desired: withOwnershipMarks(service()), live }), h.deps);

    expect(isStop(result) && result.stop).toBe('applied');
    expect((h.client.objects.get(keyOf(live))?.spec as { selector: unknown }).selector).toEqual({
      app: 'autopilot',
    });
  });

  it('remembers the desired hash as the intent when no intent was taken', async () => {
    const h = harness();
    const desired = withOwnershipMarks(service());

    await applyStep.run(state({ desired, desiredHash: 'd1' }), h.deps);

    expect(h.verified.lastIntent(keyOf(desired))).toBe('d1');
  });

  it('skips when nothing was rendered', async () => {
    const h = harness();

    const result = await applyStep.run(state(), h.deps);

    expect(isStop(result) && [result.stop, result.reason]).toEqual(['skipped', 'nothing rendered']);
    expect(h.client.served).toEqual([]);
  });

  it.each<[string, KubeApiError, string, string]>([
    [
      'skips when the namespace is gone (removed since it was read)',
      new KubeApiError('apply failed (HTTP 404): namespaces "ns" not found', 404, 'NotFound'),
      'skipped',
      'namespace ns does not exist',
    ],
    [
      'fails on another NotFound',
      new KubeApiError(
        'apply failed (HTTP 404): the server could not find the requested resource',
        404,
        'NotFound',
      ),
      'failed',
      'apply failed (HTTP 404): the server could not find the requested resource',
    ],
    [
      'fails on a namespace message with another status',
      new KubeApiError('apply failed (HTTP 403): namespaces "ns" is forbidden', 403, 'Forbidden'),
      'failed',
      'apply failed (HTTP 403): namespaces "ns" is forbidden',
    ],
  ])('%s', async (_case, err, expected, reason) => {
    const h = harness();
    const desired = withOwnershipMarks(service());
    h.verified.remember(keyOf(desired), { desired: 'd', intent: 'i' }, '1');
    h.client.failNext('apply', err);

    const result = await applyStep.run(state({ desired }), h.deps);

    expect(isStop(result) && [result.stop, result.reason]).toEqual([expected, reason]);
    // A failed write forgets the verified state, so the next pass checks again.
    expect(h.verified.lastIntent(keyOf(desired))).toBe(expected === 'failed' ? undefined : 'i');
  });

  it.each<[string, number, string]>([
    ['holds a patched object the server rejects when the template alone is accepted', 1, 'held'],
    ['fails when the template alone is rejected too', 2, 'failed'],
  ])('%s', async (_case, rejections, expected) => {
    const h = harness();
    const invalid = new KubeApiError('apply failed (HTTP 422): spec.ports: Invalid value', 422, 'Invalid');
    h.client.failNext('apply', invalid);
    if (rejections === 2) h.client.failNext('dry-run', invalid);
    const rendered = service();

    const result = await applyStep.run(
      state({ rendered, desired: withOwnershipMarks(service({ port: 1 })), customizations: ['patch'] }),
      h.deps,
    );

    expect(isStop(result) && result.stop).toBe(expected);
    // The template alone is tried with a dry-run, with the ownership marks.
    expect(h.client.served.map((s) => s.verb)).toEqual(['apply', 'dry-run']);
    if (!isStop(result) || expected !== 'held') return;
    expect(result.annotation).toBe('platform.kubevirt.io/patch');
    expect(result.reason).toBe(
      'the API server rejects the patched object: apply failed (HTTP 422): spec.ports: Invalid value',
    );
    expect(result.error).toBe(invalid);
  });

  it('fails a rejected write without trying the template when nothing was rendered to compare', async () => {
    const h = harness();
    h.client.failNext('apply', new KubeApiError('apply failed (HTTP 422): invalid', 422, 'Invalid'));

    const result = await applyStep.run(
      state({ desired: withOwnershipMarks(service({ port: 1 })), customizations: ['patch'] }),
      h.deps,
    );

    expect(isStop(result) && result.stop).toBe('failed');
    expect(h.client.count('dry-run')).toBe(0);
  });
});
