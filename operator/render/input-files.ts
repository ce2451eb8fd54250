import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isRecord } from '../assets/json.js';
import { ConfigError } from '../config.js';
import type { KubeObject } from '../kube/types.js';
import { HCO_NAME } from '../assets/hco-ref.js';

const HCO_GROUP = 'hco.kubevirt.io';

/** The YAML or JSON documents of a file (JSON is YAML); a syntax error names the file and line. */
function documents(text: string, file: string): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const first = (error.message.split('\n')[0] ?? '').replace(/:$/, '');
      throw new ConfigError(`${file}: not valid YAML or JSON: ${first}`);
    }
  }
  return list.map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown).filter((v) => v !== null);
}

/** A List (or `*List`) contributes its items, an array its elements, anything else itself. */
function flatten(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    return value.items as unknown[];
  }
  return [value];
}

function kindOf(value: unknown): string {
  return isRecord(value) && typeof value.kind === 'string' ? value.kind : 'document without a kind';
}

/**
 * The HyperConverged in a file's text: one object, or a List holding exactly one. Anything else
 * is a ConfigError that names the file and the problem.
 */
export function parseHcoText(text: string, file: string): KubeObject {
  const objects = documents(text, file).flatMap(flatten);
  if (objects.length === 0) throw new ConfigError(`${file}: is empty; expected a HyperConverged`);
  if (objects.length > 1) {
    const kinds = [...new Set(objects.map(kindOf))].join(', ');
    throw new ConfigError(
      `${file}: holds ${objects.length} objects (${kinds}); expected exactly one HyperConverged`,
    );
  }
  const hco = objects[0];
  if (!isRecord(hco) || hco.kind !== 'HyperConverged') {
    throw new ConfigError(`${file}: is a ${kindOf(hco)}, not a HyperConverged`);
  }
  if (typeof hco.apiVersion !== 'string' || !hco.apiVersion.startsWith(`${HCO_GROUP}/`)) {
    throw new ConfigError(
      `${file}: apiVersion is ${JSON.stringify(hco.apiVersion)}; expected ${HCO_GROUP}/v1`,
    );
  }
  if (!isRecord(hco.metadata) || hco.metadata.name !== HCO_NAME) {
    const name = isRecord(hco.metadata) ? JSON.stringify(hco.metadata.name) : 'missing';
    throw new ConfigError(`${file}: metadata.name is ${name}; the operator only manages ${HCO_NAME}`);
  }
  if (hco.spec !== undefined && !isRecord(hco.spec)) throw new ConfigError(`${file}: spec is not a mapping`);
  const annotations = hco.metadata.annotations;
  if (annotations !== undefined && (!isRecord(annotations) || !Object.values(annotations).every(isString))) {
    throw new ConfigError(`${file}: metadata.annotations must map names to strings (quote "true")`);
  }
  return hco as KubeObject;
}

/** The Nodes in a file's text: a Node, a list of Nodes, a NodeList or List, or several documents. */
export function parseNodesText(text: string, file: string): KubeObject[] {
  const objects = documents(text, file).flatMap(flatten);
  objects.forEach((node, i) => {
    if (!isRecord(node) || node.kind !== 'Node' || !isRecord(node.metadata)) {
      throw new ConfigError(`${file}: object ${i} is a ${kindOf(node)}, not a Node`);
    }
  });
  return objects as KubeObject[];
}

/** Reads a file for a flag; a missing or unreadable file is a ConfigError naming it. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    // fs errors may come from another realm (jest's VM), where instanceof Error fails
    const message =
      typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
    throw new ConfigError(`${file}: cannot read: ${message}`, { cause: err });
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
