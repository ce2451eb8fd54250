import type { KubeObject } from '../kube/types.js';
import { isRecord } from './json.js';

/** What a template may know about one field of a served kind: that it exists, and its enum if any. */
export interface FieldFacts {
  readonly enum?: readonly string[];
}

/**
 * Facts about served CRDs that templates may read, keyed `group/version/Kind`, then by dotted
 * field path (an array field's path stands for its items). A kind that is absent is unknown
 * (offline render, or a CRD not seen yet); a path that is absent does not exist in that version.
 */
export type SchemaFacts = Readonly<Record<string, Readonly<Record<string, FieldFacts>>>>;

/**
 * The fields templates ask about. Only these are kept from a CRD (whole schemas are large and the
 * operator keeps every CRD in memory): adding a template question means adding its path here.
 */
export const SCHEMA_FIELDS: readonly {
  /** The CRD's name (`<plural>.<group>`), so that a preview can GET just this one. */
  crd: string;
  group: string;
  kind: string;
  paths: readonly string[];
}[] = [
  {
    crd: 'machineconfigurations.operator.openshift.io',
    group: 'operator.openshift.io',
    kind: 'MachineConfiguration',
    paths: ['spec.nodeDisruptionPolicy.files'],
  },
  {
    crd: 'kubedeschedulers.operator.openshift.io',
    group: 'operator.openshift.io',
    kind: 'KubeDescheduler',
    paths: [
      'spec.profiles',
      'spec.profileCustomizations.devEnableEvictionsInBackground',
      'spec.evictionLimits.total',
      'spec.evictionLimits.node',
    ],
  },
];

/** The facts of several CRDs together (an informer's list, or the CRDs a preview read). */
export function mergeSchemaFacts(crds: readonly KubeObject[]): SchemaFacts {
  return Object.assign({}, ...crds.map(schemaFactsOf)) as SchemaFacts;
}

export function schemaKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Pure: the facts of every served version of a CRD whose kind templates ask about ({} for others). */
export function schemaFactsOf(crd: KubeObject): Record<string, Record<string, FieldFacts>> {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const wanted = SCHEMA_FIELDS.find((f) => f.group === spec.group && f.kind === names.kind);
  if (!wanted || !Array.isArray(spec.versions)) return {};
  const out: Record<string, Record<string, FieldFacts>> = {};
  for (const version of spec.versions) {
    if (!isRecord(version) || version.served !== true || typeof version.name !== 'string') continue;
    const schema = isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
    const fields: Record<string, FieldFacts> = {};
    for (const path of wanted.paths) {
      const node = schemaAt(schema, path);
      if (node) fields[path] = enumOf(node);
    }
    out[schemaKey(wanted.group, version.name, wanted.kind)] = fields;
  }
  return out;
}

/** The schema node of a dotted path; an array's node is its items'. */
function schemaAt(schema: unknown, dottedPath: string): Record<string, unknown> | undefined {
  let node = items(schema);
  for (const segment of dottedPath.split('.')) {
    const properties = node && isRecord(node.properties) ? node.properties : undefined;
    node = properties && Object.hasOwn(properties, segment) ? items(properties[segment]) : undefined;
    if (!node) return undefined;
  }
  return node;
}

function items(node: unknown): Record<string, unknown> | undefined {
  if (!isRecord(node)) return undefined;
  return node.type === 'array' && isRecord(node.items) ? node.items : node;
}

function enumOf(node: Record<string, unknown>): FieldFacts {
  if (!Array.isArray(node.enum)) return {};
  return { enum: node.enum.filter((v): v is string => typeof v === 'string') };
}
