// Slow (a private control plane and two operator runs): run this file on its own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PolicyRule } from '../../../hack/rbac/policy-rules.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import { eventually } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';
import {
  bindRoles,
  expectedObjects,
  generatedClusterRole,
  NS,
  OPERATOR_USER,
  RELATED_IMAGES_ENV,
  seedCluster,
  userMay,
  withoutVerb,
  type ObjectSeries,
} from './rbac-plane.js';

const CONVERGE_MS = 120_000;
const MACHINE_CONFIG_PATCH = {
  group: 'machineconfiguration.openshift.io',
  resource: 'machineconfigs',
  verb: 'patch',
};

describe('the generated RBAC is sufficient and minimal', () => {
  const expected = expectedObjects();
  const machineConfigs = expected.filter((o) => o.kind === 'MachineConfig');
  const firstMachineConfig = machineConfigs[0] as ObjectSeries;
  let plane: ControlPlane;
  let admin: NodeKubeClient;
  let kubeconfig: string;

  /** Runs the operator as OPERATOR_USER (with leader election: the Role's Lease rules count too). */
  const withOperator = async (body: (op: RunningOperator) => Promise<void>): Promise<void> => {
    const op = await startOperator({
      namespace: NS,
      kubeconfig,
      flags: ['--leader-elect'],
      env: RELATED_IMAGES_ENV,
    });
    try {
      await body(op);
    } finally {
      await op.stop();
    }
  };
  const converge = async (op: RunningOperator, objects: readonly ObjectSeries[], value: number) => {
    for (const ref of objects) await waitForCompliance(op, ref, value, CONVERGE_MS);
  };

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    admin = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    await installCrds(admin, [...readCrds(crdDir), ...readCrds(localCrdDir)]);
    await seedCluster(admin, expected);
    await bindRoles(admin, generatedClusterRole());
    kubeconfig = plane.writeKubeconfig(OPERATOR_USER, []);
  }, 180_000);

  afterAll(async () => {
    admin?.close();
    await plane?.stop();
  });

  it('lets a user bound only to the generated roles converge every asset of a fully opted-in HCO', async () => {
    await withOperator(async (op) => {
      await converge(op, expected, 1);

      // The kinds of the catalog parity work (issue 17) included: dashboards, console plugins,
      // storage-based detection, the merged cluster-monitoring ConfigMap, the fenced NodeHealthCheck.
      expect(expected.map((o) => o.kind)).toEqual(
        expect.arrayContaining([
          'HyperConverged',
          'MachineConfig',
          'ClusterRoleBinding',
          'KubeletConfig',
          'PersesDashboard',
          'UIPlugin',
          'StorageBasedRemediationConfig',
          'ConfigMap',
          'NodeHealthCheck',
          'KubeDescheduler',
          // Logging (issue 18): the collector's identity and its bindings of roles the operator does not hold.
          'ServiceAccount',
          'LokiStack',
          'ClusterLogForwarder',
          // Fewer reboots (issue 15): the cluster MachineConfiguration's disruption policy entries.
          'MachineConfiguration',
          // The VM metrics exporter (issue 18): roles the operator holds itself, their bindings, the
          // SCC and its use, the namespace, DaemonSet and monitoring objects.
          'Namespace',
          'ClusterRole',
          'RoleBinding',
          'SecurityContextConstraints',
          'DaemonSet',
          'PodMonitor',
          'PersesDatasource',
          // In-flight operation rule sets (issue 18).
          'OperationRuleSet',
        ]),
      );
      expect(op.logs.filter((line) => /forbidden/i.test(line))).toEqual([]);
      // Events about cluster-scoped objects go to `default`: the ClusterRole's Event rule covers them.
      await eventually(async () => (await eventsFor(admin, 'default', firstMachineConfig.name)).length > 0, {
        what: `an Event about MachineConfig/${firstMachineConfig.name} in default`,
      });
    });
  }, 300_000);

  it('fails the MachineConfig assets with Forbidden, and only them, once the MachineConfig patch verb is removed', async () => {
    const role = generatedClusterRole();
    const rules = withoutVerb((role as unknown as { rules: PolicyRule[] }).rules, MACHINE_CONFIG_PATCH);
    await bindRoles(admin, { ...role, rules } as typeof role);
    await eventually(async () => !(await userMay(admin, MACHINE_CONFIG_PATCH)), { what: 'patch denied' });

    await withOperator(async (op) => {
      await converge(op, machineConfigs, 0);
      await converge(
        op,
        expected.filter((o) => o.kind !== 'MachineConfig'),
        1,
      );

      const failures = op.logs.filter((l) => l.includes('failed to apply') && /forbidden/i.test(l));
      expect(machineConfigs.filter((mc) => !failures.some((l) => l.includes(`"name":"${mc.name}"`)))).toEqual(
        [],
      );
      expect(failures.every((l) => l.includes('"kind":"MachineConfig"'))).toBe(true);
      const applyFailed = await eventually(
        async () =>
          (await eventsFor(admin, 'default', firstMachineConfig.name)).find(
            (e) => e.reason === 'ApplyFailed' && /forbidden/i.test(String(e.note)),
          ),
        { what: `an ApplyFailed Event about MachineConfig/${firstMachineConfig.name}` },
      );
      expect(applyFailed.type).toBe('Warning');
    });
  }, 300_000);
});
