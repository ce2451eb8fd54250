import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One served version of a CRD in tests/fixtures/crds. */
export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  schema: Schema;
}

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

interface CrdDocument {
  kind?: string;
  spec: {
    group: string;
    scope: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

/** Every served CRD version below `dir`, keyed `group/version/Kind`. */
export function loadCrds(dir: string): Map<string, CrdVersion> {
  const out = new Map<string, CrdVersion>();
  for (const file of yamlFiles(dir)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as CrdDocument | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions.filter((x) => x.served)) {
        const entry: CrdVersion = {
          group: crd.spec.group,
          version: v.name,
          kind: crd.spec.names.kind,
          namespaced: crd.spec.scope === 'Namespaced',
          schema: v.schema?.openAPIV3Schema ?? {},
        };
        out.set(`${entry.group}/${entry.version}/${entry.kind}`, entry);
      }
    }
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}

/**
 * Where `value` breaks the structural schema: wrong types (a YAML boolean where the CRD wants a
 * string is the classic), values outside an enum, missing required fields and fields the server
 * would prune. Patterns and CEL rules are left to the API server (integration test).
 */
export function schemaProblems(value: unknown, schema: Schema, at = ''): string[] {
  const where = at || '/';
  if (value === null) return schema.nullable ? [] : [`${where}: null is not allowed`];
  if (schema['x-kubernetes-int-or-string']) {
    return Number.isInteger(value) || typeof value === 'string'
      ? []
      : [`${where}: must be an integer or a string`];
  }
  const problems: string[] = [];
  if (schema.enum && !schema.enum.some((e) => e === value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  const actual = typeOf(value);
  if (schema.type && !(schema.type === actual || (schema.type === 'number' && actual === 'integer'))) {
    return [...problems, `${where}: is ${actual} (${JSON.stringify(value)}), the schema says ${schema.type}`];
  }
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items!, `${at}/${i}`)));
    return problems;
  }
  if (actual !== 'object') return problems;
  const obj = value as Record<string, unknown>;
  for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${at}/${key}: required`);
  for (const [key, child] of Object.entries(obj)) {
    if (isRootMeta(at, key)) continue;
    const sub =
      schema.properties?.[key] ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (sub) problems.push(...schemaProblems(child, sub, `${at}/${key}`));
    else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true) {
      problems.push(`${at}/${key}: not in the schema (the server would prune it)`);
    }
  }
  return problems;
}

/** apiVersion, kind and metadata are the API server's, not the CRD schema's. */
function isRootMeta(at: string, key: string): boolean {
  return at === '' && (key === 'metadata' || key === 'apiVersion' || key === 'kind');
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}
