import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { PolicyRule } from '../../../hack/rbac/policy-rules.js';
import { loadCatalog } from '../../../operator/assets/catalog.js';
import { evaluateConditions } from '../../../operator/assets/conditions.js';
import { buildRenderContext } from '../../../operator/assets/context.js';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { repoRoot } from '../../support/paths.js';
import { TEST_IMAGES } from '../../unit/assets/support/fixtures.js';

export const OPERATOR_USER = 'virt-platform-autopilot';
export const NS = 'openshift-cnv';
const TEMPLATES = path.join(repoRoot, 'templates');
const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
const TESTS = { fieldManager: 'autopilot-tests', force: true, dryRun: false };

export interface ObjectSeries {
  kind: string;
  name: string;
  namespace: string;
}

function readFixture<T>(...parts: string[]): T {
  return parse(readFileSync(path.join(FIXTURES, ...parts), 'utf8')) as T;
}

function readManifest(file: string): KubeObject {
  return parse(readFileSync(path.join(repoRoot, 'manifests', 'base', 'rbac', file), 'utf8')) as KubeObject;
}

/** The fully opted-in HCO (every enable-* annotation of the catalog) and Nodes that show every hardware fact. */
export const hcoFixture = (): KubeObject => readFixture<KubeObject>('hco', 'fully-opted-in.yaml');
export const nodeFixtures = (): KubeObject[] =>
  readFixture<{ items: KubeObject[] }>('nodes', 'all-hardware.yaml').items;

/** The operator's RELATED_IMAGE_* variables: the image-gated assets (the metrics exporter) apply. */
export const RELATED_IMAGES_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(TEST_IMAGES).map(([key, image]) => [
    `RELATED_IMAGE_${key.toUpperCase().replaceAll('-', '_')}`,
    image,
  ]),
);

/** What the operator should manage for these fixtures, computed with the operator's own conditions and renderer. */
export function expectedObjects(): ObjectSeries[] {
  const context = buildRenderContext({ hco: hcoFixture(), nodes: nodeFixtures(), env: RELATED_IMAGES_ENV });
  const renderer = new TemplateRenderer(TEMPLATES);
  return loadCatalog(TEMPLATES)
    .assets.filter((asset) => evaluateConditions(asset.conditions, context).met)
    .map((asset) => renderer.render(asset, context))
    .filter((obj): obj is KubeObject => obj !== undefined)
    .map((obj) => ({
      kind: obj.kind,
      name: obj.metadata.name ?? '',
      namespace: obj.metadata.namespace ?? '',
    }));
}

export const generatedClusterRole = (): KubeObject => readManifest('cluster-role.yaml');

/** Creates the namespaces, Nodes and HCO of a fully opted-in cluster (admin). */
export async function seedCluster(admin: KubeClient, objects: readonly ObjectSeries[]): Promise<void> {
  const namespaces = new Set([NS, ...objects.map((o) => o.namespace).filter(Boolean)]);
  for (const name of namespaces) {
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, TESTS);
  }
  for (const node of nodeFixtures()) await admin.create(node);
  await admin.create(hcoFixture());
}

/** Applies a ClusterRole and the hand-written Role and binds both to the plain user OPERATOR_USER. */
export async function bindRoles(admin: KubeClient, clusterRole: KubeObject): Promise<void> {
  const subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: OPERATOR_USER }];
  const rbac = 'rbac.authorization.k8s.io/v1';
  const roleRef = (kind: string) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    kind,
    name: 'virt-platform-autopilot',
  });
  const role = readManifest('role.yaml');
  await admin.apply(clusterRole, TESTS);
  await admin.apply({ ...role, metadata: { ...role.metadata, namespace: NS } }, TESTS);
  await admin.apply(
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: OPERATOR_USER },
      roleRef: roleRef('ClusterRole'),
      subjects,
    },
    TESTS,
  );
  await admin.apply(
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: OPERATOR_USER, namespace: NS },
      roleRef: roleRef('Role'),
      subjects,
    },
    TESTS,
  );
}

/** The rules with one verb taken away from one resource (the rest of its rule stays). */
export function withoutVerb(
  rules: readonly PolicyRule[],
  cut: { group: string; resource: string; verb: string },
): PolicyRule[] {
  return rules.flatMap((rule) => {
    const hit =
      rule.apiGroups.includes(cut.group) &&
      rule.resources.includes(cut.resource) &&
      rule.verbs.includes(cut.verb);
    if (!hit) return [rule];
    const others = rule.resources.filter((r) => r !== cut.resource);
    const narrowed = { ...rule, resources: [cut.resource], verbs: rule.verbs.filter((v) => v !== cut.verb) };
    return [
      ...(others.length ? [{ ...rule, resources: others }] : []),
      ...(narrowed.verbs.length ? [narrowed] : []),
    ];
  });
}

/** What the API server's authorizer answers for OPERATOR_USER (a SubjectAccessReview). */
export async function userMay(
  admin: KubeClient,
  access: { group: string; resource: string; verb: string; name?: string },
): Promise<boolean> {
  const review = await admin.create({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: { user: OPERATOR_USER, resourceAttributes: access },
  });
  return (review.status as { allowed?: boolean } | undefined)?.allowed === true;
}
