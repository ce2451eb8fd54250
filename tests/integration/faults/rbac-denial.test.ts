import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually } from '../../support/cluster.js';
import { repoRoot } from '../../support/paths.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import {
  BIG_BURST,
  customise,
  drift,
  expectInvariants,
  NS,
  SERVICE,
  startFaultEnv,
  type FaultEnv,
} from './fault-env.js';

const USER = 'autopilot-rbac';
const ROLE = 'fault-autopilot';
const MONITOR = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  name: SERVICE.name,
  namespace: NS,
};

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** The generated least-privilege ClusterRole and Role rules, optionally without `patch` on Services. */
function generatedRules(withServicePatch: boolean): { cluster: Rule[]; namespaced: Rule[] } {
  const read = (file: string): Rule[] =>
    (parse(readFileSync(path.join(repoRoot, 'manifests', 'base', 'rbac', file), 'utf8')) as { rules: Rule[] })
      .rules;
  const cluster = read('cluster-role.yaml').map((r) =>
    !withServicePatch && r.resources.includes('services')
      ? { ...r, verbs: r.verbs.filter((v) => v !== 'patch') }
      : r,
  );
  return { cluster, namespaced: read('role.yaml') };
}

const clusterRole = (rules: Rule[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: ROLE },
  rules,
});

describe('fault: RBAC denies one permission (patch on services) to the operator', () => {
  let env: FaultEnv;
  let op: RunningOperator;
  const series = (kind: string) => ({ kind, name: SERVICE.name, namespace: NS });
  const grant = (withServicePatch: boolean) =>
    env.client.apply(clusterRole(generatedRules(withServicePatch).cluster), {
      fieldManager: 'fault-tests',
      force: true,
      dryRun: false,
    });

  beforeAll(async () => {
    env = await startFaultEnv();
    const { namespaced } = generatedRules(true);
    await grant(true);
    const subjects = [{ kind: 'User', name: USER, apiGroup: 'rbac.authorization.k8s.io' }];
    const roleRef = (kind: string) => ({ kind, name: ROLE, apiGroup: 'rbac.authorization.k8s.io' });
    await env.client.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: ROLE },
      subjects,
      roleRef: roleRef('ClusterRole'),
    });
    await env.client.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: ROLE, namespace: NS },
      rules: namespaced,
    });
    await env.client.create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: ROLE, namespace: NS },
      subjects,
      roleRef: roleRef('Role'),
    });
    const kubeconfig = env.plane.writeKubeconfig(USER, []);
    op = await startOperator({ namespace: NS, kubeconfig, flags: [BIG_BURST] });
    await waitForCompliance(op, series('Service'), 1);
    await waitForCompliance(op, series('ServiceMonitor'), 1);
    await customise(env.client);
  });
  afterAll(async () => {
    await op?.stop();
    env?.client.close();
    await env?.plane.stop();
  });

  it('fails only the asset it cannot write, with the Forbidden message, while the others converge', async () => {
    await grant(false);

    await drift(env.client, 'edited-while-denied');
    await env.client.delete(MONITOR);

    await waitForCompliance(op, series('Service'), 0);
    await eventually(async () => (await env.client.get(MONITOR)) !== undefined, {
      what: 'the ServiceMonitor recreated',
    });
    await waitForCompliance(op, series('ServiceMonitor'), 1);
    expect(
      op.logs.some(
        (l) =>
          l.includes('forbidden') && l.includes(`User \\"${USER}\\" cannot patch resource \\"services\\"`),
      ),
    ).toBe(true);
  });

  it('converges once the permission is granted', async () => {
    await grant(true);

    await expectInvariants(env, op.scrape);
  });
});
