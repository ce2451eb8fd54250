import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { monitoringHandler } from '../../../operator/handlers/monitoring.js';
import { nodeTuningsHandler } from '../../../operator/handlers/node-tunings.js';
import type { PipelineIo, ResourceHandler } from '../../../operator/handlers/resource-handler.js';
import { KubeApiError } from '../../../operator/errors.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { PATCHED_BASELINE } from '../../../operator/pipeline/pipeline.js';
import { POOL_API_VERSION, PoolGate } from '../../../operator/pipeline/pool-gate.js';
import { ASSET, context, harness } from '../pipeline/steps/support.js';

const SWAP: AssetDefinition = {
  ...ASSET,
  name: 'swap-enable',
  component: 'MachineConfig',
  apiVersion: 'machineconfiguration.openshift.io/v1',
  pool: 'worker',
};

const machineConfig = (): KubeObject => ({
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'MachineConfig',
  metadata: { name: '90-worker-swap', labels: { 'machineconfiguration.openshift.io/role': 'worker' } },
  spec: { config: { ignition: { version: '3.5.0' } } },
});

const updatingPool = (): KubeObject => ({
  apiVersion: POOL_API_VERSION,
  kind: 'MachineConfigPool',
  metadata: { name: 'worker' },
  status: { conditions: [{ type: 'Updating', status: 'True' }], machineCount: 3, updatedMachineCount: 1 },
});

/** One MachineConfig through `handler`, while the worker pool rolls out. */
async function writeSwap(handler: ResourceHandler, withPools = true) {
  const h = harness({ render: () => machineConfig() });
  h.client.seed(updatingPool());
  const io: PipelineIo = {
    steps: PATCHED_BASELINE,
    deps: h.deps,
    ...(withPools ? { pools: new PoolGate(h.client) } : {}),
  };

  const stop = await handler.reconcile({ asset: SWAP, context: context() }, io);

  return { stop, applied: h.client.count('apply') };
}

describe('the node tunings handler', () => {
  it('holds a MachineConfig write while its MachineConfigPool is updating', async () => {
    const { stop, applied } = await writeSwap(nodeTuningsHandler);

    expect(stop.stop).toBe('deferred');
    expect(stop.poolWait).toEqual({ pool: 'worker', reason: 'updating' });
    expect(applied).toBe(0);
  });

  it('is the handler that brings the pool gate: another handler would write the same object at once', async () => {
    const { stop, applied } = await writeSwap(monitoringHandler);

    expect(stop.stop).toBe('created');
    expect(applied).toBe(1);
  });

  it('writes without waiting where there is no pool gate (a preview never waits)', async () => {
    const { stop } = await writeSwap(nodeTuningsHandler, false);

    expect(stop.stop).toBe('created');
  });

  it('fails only this asset, as a value, when its MachineConfigPool cannot be read (the pass carries on)', async () => {
    const h = harness({ render: () => machineConfig() });
    const unreadable = new PoolGate({
      get: () =>
        Promise.reject(new KubeApiError('get MachineConfigPool/worker: etcd timeout', 500, 'InternalError')),
    });
    const io: PipelineIo = { steps: PATCHED_BASELINE, deps: h.deps, pools: unreadable };

    const stop = await nodeTuningsHandler.reconcile({ asset: SWAP, context: context() }, io);

    expect(stop.stop).toBe('failed');
    expect(stop.reason).toContain('MachineConfigPool worker');
    expect(h.client.count('apply')).toBe(0);
  });
});
