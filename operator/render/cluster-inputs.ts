import type { Catalog } from '../assets/catalog.js';
import { mergeSchemaFacts, SCHEMA_FIELDS, type SchemaFacts } from '../assets/schema-facts.js';
import { errorMessage, OperatorError } from '../errors.js';
import { gateKindsOf, requiredKinds } from '../handlers/eligibility.js';
import type { KubeClient } from '../kube/client.js';
import { gvkKey, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import { HCO_NAME } from '../assets/hco-ref.js';

const HCO: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const NODE: GroupVersionKind = { group: '', version: 'v1', kind: 'Node' };
const CONFIG_GROUP = { group: 'config.openshift.io', version: 'v1' };

/** What a preview reads from a cluster: the same inputs the operator's cache holds. */
export interface ClusterInputs {
  hco: KubeObject;
  nodes: KubeObject[];
  infrastructure?: KubeObject;
  scheduler?: KubeObject;
  served(gvk: GroupVersionKind): boolean;
  /** What templates may know about the served CRDs they ask about. */
  schemas: SchemaFacts;
}

/** Fails early, with the server in the message, when the API server cannot be reached at all. */
export async function checkReachable(client: KubeClient, server: string): Promise<void> {
  try {
    await client.getRaw('/version');
  } catch (err) {
    throw new OperatorError(`cannot reach the API server at ${server}: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * Reads the HCO, every Node, Infrastructure/cluster and Scheduler/cluster (when served) and which
 * of the catalog's kinds the server serves. A missing HCO or HCO kind is an error.
 */
export async function readClusterInputs(
  client: KubeClient,
  input: { namespace: string; catalog: Catalog },
): Promise<ClusterInputs> {
  if (!(await client.resolve(HCO))) {
    throw new OperatorError(
      'the server does not serve HyperConverged (hco.kubevirt.io/v1): is OpenShift Virtualization installed?',
    );
  }
  const hco = await client.get({
    apiVersion: 'hco.kubevirt.io/v1',
    kind: HCO.kind,
    name: HCO_NAME,
    namespace: input.namespace,
  });
  if (!hco) throw new OperatorError(`no HyperConverged ${HCO_NAME} in namespace ${input.namespace}`);
  const nodes = (await client.list(NODE)).items;
  const infrastructure = await clusterConfig(client, 'Infrastructure');
  const scheduler = await clusterConfig(client, 'Scheduler');
  const served = new Set<string>();
  for (const gvk of [...input.catalog.assets.flatMap(requiredKinds), ...gateKindsOf(input.catalog.assets)]) {
    if (await client.resolve(gvk)) served.add(gvkKey(gvk));
  }
  return {
    hco,
    nodes,
    ...(infrastructure ? { infrastructure } : {}),
    ...(scheduler ? { scheduler } : {}),
    served: (gvk) => served.has(gvkKey(gvk)),
    schemas: await readSchemaFacts(client),
  };
}

/** The CRDs templates ask about, by name (never a list of every CRD: schemas are large). */
async function readSchemaFacts(client: KubeClient): Promise<SchemaFacts> {
  const crds: KubeObject[] = [];
  for (const { crd } of SCHEMA_FIELDS) {
    const found = await client.get({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: crd,
    });
    if (found) crds.push(found);
  }
  return mergeSchemaFacts(crds);
}

/** OpenShift's `<Kind>/cluster` config object; undefined where the kind is not served (plain Kubernetes). */
async function clusterConfig(client: KubeClient, kind: string): Promise<KubeObject | undefined> {
  return client.get({ apiVersion: `${CONFIG_GROUP.group}/${CONFIG_GROUP.version}`, kind, name: 'cluster' });
}
