// What the API server asks of a user that writes RBAC objects, as the generator relies on it
// (hack/rbac/sensitive.ts): `bind` on a role's name lets the user bind a role it does not hold;
// holding a ClusterRole's rules lets it create that role; neither needs `escalate`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PluralTable } from '../../../hack/rbac/plurals.js';
import { deriveClusterRules, type RbacInputs } from '../../../hack/rbac/policy-rules.js';
import { sensitiveNeeds } from '../../../hack/rbac/sensitive.js';
import { KubeApiError } from '../../../operator/errors.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';

const RBAC = 'rbac.authorization.k8s.io';
const USER = 'rbac-writer';
const APPLY = { fieldManager: 'rbac-writer', force: true, dryRun: false };
/** Permissions the user never holds: reading pods and VMIs. */
const FOREIGN_RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
  { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get'] },
];

type Access = { group: string; resource: string; verb: string; name?: string };

const binding = (name: string, role: string): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'ServiceAccount', name: 'collector', namespace: 'default' }],
});
const clusterRole = (name: string): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name },
  rules: FOREIGN_RULES,
});

/** The rules the generator derives for a catalog that renders these objects (and nothing else). */
function generatedRules(rendered: KubeObject[]): unknown[] {
  const inputs: RbacInputs = {
    assets: [
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole' },
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding' },
    ],
    tombstones: [],
    runtime: [],
    sensitive: sensitiveNeeds(rendered),
  };
  return deriveClusterRules(inputs, new PluralTable([]));
}

async function forbidden(attempt: Promise<unknown>): Promise<boolean> {
  try {
    await attempt;
    return false;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 403) return true;
    throw err;
  }
}

describe('the API server accepts the generated RBAC writes without escalate', () => {
  let plane: ControlPlane;
  let admin: NodeKubeClient;
  let user: NodeKubeClient;

  /** What the authorizer answers for USER now (a SubjectAccessReview). */
  const may = async (access: Access) => {
    const review = await admin.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: {},
      spec: { user: USER, resourceAttributes: access },
    });
    return (review.status as { allowed?: boolean } | undefined)?.allowed === true;
  };
  /** Grants USER exactly `rules` (replacing what it had), once the authorizer sees `probe` as expected. */
  const grant = async (rules: unknown[], probe: { access: Access; allowed: boolean }) => {
    await admin.apply(
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: USER }, rules },
      APPLY,
    );
    await eventually(async () => (await may(probe.access)) === probe.allowed, {
      what: `${probe.access.verb} ${probe.access.resource} ${probe.allowed ? 'allowed' : 'denied'}`,
    });
  };

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    admin = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    await admin.apply(clusterRole('collect-logs'), APPLY);
    await admin.apply(
      {
        ...binding(USER, USER),
        subjects: [{ apiGroup: RBAC, kind: 'User', name: USER }],
      },
      APPLY,
    );
    user = new NodeKubeClient(loadKubeConfig(plane.writeKubeconfig(USER, [])));
  }, 120_000);

  afterAll(async () => {
    user?.close();
    admin?.close();
    await plane?.stop();
  });

  it('binds a role the user does not hold only with bind on that role, by name', async () => {
    const wanted = binding('virt-collect-logs', 'collect-logs');
    const withBind = generatedRules([wanted]);
    const withoutBind = withBind.filter((r) => !(r as { verbs: string[] }).verbs.includes('bind'));

    const bindProbe = { group: RBAC, resource: 'clusterroles', verb: 'bind', name: 'collect-logs' };

    await grant(withoutBind, { access: bindProbe, allowed: false });
    expect(await forbidden(user.apply(wanted, APPLY))).toBe(true);

    await grant(withBind, { access: bindProbe, allowed: true });
    expect((await user.apply(wanted, APPLY)).metadata.name).toBe('virt-collect-logs');
    // bind is by name: another role stays out of reach.
    expect(await forbidden(user.apply(binding('virt-other', 'cluster-admin'), APPLY))).toBe(true);
  });

  it('creates and binds a ClusterRole of its own when it holds the rules, never needing escalate', async () => {
    const role = clusterRole('virt-exporter');
    const roleBinding = binding('virt-exporter', 'virt-exporter');
    const rules = generatedRules([role, roleBinding]) as { verbs: string[] }[];
    const withoutHeld = rules.filter((r) => JSON.stringify(r).includes(RBAC));

    expect(rules.flatMap((r) => r.verbs)).not.toContain('escalate');
    expect(rules.flatMap((r) => r.verbs)).not.toContain('bind');
    const heldProbe = { group: 'kubevirt.io', resource: 'virtualmachineinstances', verb: 'get' };

    await grant(withoutHeld, { access: heldProbe, allowed: false });
    expect(await forbidden(user.apply(role, APPLY))).toBe(true);

    await grant(rules, { access: heldProbe, allowed: true });
    expect((await user.apply(role, APPLY)).metadata.name).toBe('virt-exporter');
    expect((await user.apply(roleBinding, APPLY)).metadata.name).toBe('virt-exporter');
  });
});
