import { describe, expect, it } from '@jest/globals';
import type { PipelineIo } from '../../../operator/handlers/resource-handler.js';
import type { KubeletConfigReader } from '../../../operator/pipeline/kubelet-configs.js';
import type { PoolGate } from '../../../operator/pipeline/pool-gate.js';
import type { Step, StepDeps } from '../../../operator/pipeline/step.js';
import { ASSET, context, harness } from '../pipeline/steps/support.js';

// The handlers are module-level constants. This file imports them inside its tests (never at the
// top), so that the code declaring them runs inside a test: mutation testing can then see that
// these tests check them (handler-ownership.test.ts checks the same through the real catalog, but
// from a static import, which Stryker attributes to no test).

describe('the handler table', () => {
  it('lists the handlers the design names, the HCO first, each with the kinds it alone decides', async () => {
    const { HANDLERS } = await import('../../../operator/handlers/handler-set.js');

    const table = HANDLERS.map((h) => [h.name, h.scope, h.kinds.map((k) => `${k.group}/${k.kind}`)]);

    expect(table).toEqual([
      ['hco', 'pass', ['hco.kubevirt.io/HyperConverged']],
      [
        'node-tunings',
        'asset',
        [
          'machineconfiguration.openshift.io/MachineConfig',
          'machineconfiguration.openshift.io/KubeletConfig',
          'operator.openshift.io/MachineConfiguration',
        ],
      ],
      ['descheduler', 'asset', ['operator.openshift.io/KubeDescheduler']],
      [
        'remediation',
        'asset',
        [
          'remediation.medik8s.io/NodeHealthCheck',
          'storage-based-remediation.medik8s.io/StorageBasedRemediationConfig',
        ],
      ],
      ['operator-crs', 'asset', ['forklift.konveyor.io/ForkliftController', 'metallb.io/MetalLB']],
      [
        'monitoring',
        'asset',
        [
          '/Service',
          'monitoring.coreos.com/ServiceMonitor',
          'monitoring.coreos.com/PrometheusRule',
          'monitoring.coreos.com/PodMonitor',
          '/ConfigMap',
        ],
      ],
      [
        'console',
        'asset',
        ['observability.openshift.io/UIPlugin', 'perses.dev/PersesDashboard', 'perses.dev/PersesDatasource'],
      ],
      [
        'access',
        'asset',
        [
          '/ServiceAccount',
          'rbac.authorization.k8s.io/ClusterRole',
          'rbac.authorization.k8s.io/ClusterRoleBinding',
          'rbac.authorization.k8s.io/Role',
          'rbac.authorization.k8s.io/RoleBinding',
        ],
      ],
      ['logging', 'asset', ['loki.grafana.com/LokiStack', 'observability.openshift.io/ClusterLogForwarder']],
      [
        'metrics-exporter',
        'asset',
        ['/Namespace', 'apps/DaemonSet', 'security.openshift.io/SecurityContextConstraints'],
      ],
      ['in-flight-operations', 'asset', ['ifo.kubevirt.io/OperationRuleSet']],
    ]);

    // Every handler runs the shared pipeline: the steps it is given, with the shared dependencies.
    const seen: string[] = [];
    const probe: Step = {
      name: 'probe',
      run: async (state) => {
        seen.push(state.asset.name);
        return { stop: 'unchanged', state };
      },
    };
    const h = harness();
    for (const handler of HANDLERS) {
      const stop = await handler.reconcile(
        { asset: { ...ASSET, name: handler.name }, context: context() },
        {
          steps: [probe],
          deps: h.deps,
        },
      );
      expect(stop.stop).toBe('unchanged');
    }
    expect(seen).toEqual(HANDLERS.map((handler) => handler.name));
  });

  it('gives the pool gate and the KubeletConfig reader to the node tunings handler only', async () => {
    const { HANDLERS } = await import('../../../operator/handlers/handler-set.js');
    const pools = { name: 'pools' } as unknown as PoolGate;
    const kubeletConfigs = { name: 'kubelet-configs' } as unknown as KubeletConfigReader;
    const given = new Map<string, StepDeps>();
    const h = harness();
    const io = (name: string, extra: Partial<PipelineIo>): PipelineIo => ({
      steps: [
        {
          name: 'probe',
          run: async (state, deps) => {
            given.set(name, deps);
            return { stop: 'unchanged', state };
          },
        },
      ],
      deps: h.deps,
      ...extra,
    });

    for (const handler of HANDLERS) {
      await handler.reconcile(
        { asset: ASSET, context: context() },
        io(handler.name, { pools, kubeletConfigs }),
      );
    }
    const tunings = HANDLERS.find((handler) => handler.name === 'node-tunings');
    await tunings?.reconcile({ asset: ASSET, context: context() }, io('node-tunings without', {}));

    expect(given.get('node-tunings')?.pools).toBe(pools);
    expect(given.get('node-tunings')?.kubeletConfigs).toBe(kubeletConfigs);
    expect(given.get('node-tunings')?.client).toBe(h.deps.client);
    const others = HANDLERS.filter((handler) => handler.name !== 'node-tunings');
    expect(
      others.map((handler) => [given.get(handler.name)?.pools, given.get(handler.name)?.kubeletConfigs]),
    ).toEqual(others.map(() => [undefined, undefined]));
    expect(given.get('node-tunings without')).not.toHaveProperty('pools');
    expect(given.get('node-tunings without')).not.toHaveProperty('kubeletConfigs');
  });
});
