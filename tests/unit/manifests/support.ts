import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PolicyRule } from '../../../hack/rbac/policy-rules.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { repoRoot } from '../../support/paths.js';

export const MANIFESTS_DIR = path.join(repoRoot, 'manifests');

/** Every YAML file below `dir`, relative to the repository root, sorted. */
export function yamlFiles(dir: string = MANIFESTS_DIR): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry) ? [path.relative(repoRoot, full)] : [];
    })
    .sort();
}

/** The documents of a YAML file (relative to the repository root); throws on the first YAML error. */
export function readYaml(file: string): unknown[] {
  return parseAllDocuments(readFileSync(path.join(repoRoot, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    return doc.toJS() as unknown;
  });
}

/** The single object in a manifest file. */
export function readObject(file: string): KubeObject {
  const [obj] = readYaml(file);
  return obj as KubeObject;
}

export interface Access {
  group: string;
  resource: string;
  verb: string;
  name?: string;
}

/** Whether RBAC rules allow one request, as the API server's RBAC authorizer decides it. */
export function allows(rules: readonly PolicyRule[], access: Access): boolean {
  return rules.some(
    (r) =>
      (r.apiGroups.includes(access.group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(access.resource) || r.resources.includes('*')) &&
      (r.verbs.includes(access.verb) || r.verbs.includes('*')) &&
      (!r.resourceNames?.length || (access.name !== undefined && r.resourceNames.includes(access.name))),
  );
}
