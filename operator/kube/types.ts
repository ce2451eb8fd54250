import { cloneJson, isStackOverflow } from './json-walk.js';

/** Plain JSON Kubernetes objects: the only shape that crosses the KubeClient port. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  managedFields?: ManagedFieldsEntry[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface KubeList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Enough to address one object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** What discovery says about a kind that the server serves. */
export interface ResourceInfo extends GroupVersionKind {
  plural: string;
  namespaced: boolean;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

export function gvkOf(obj: { apiVersion: string; kind: string }): GroupVersionKind {
  return { ...splitApiVersion(obj.apiVersion), kind: obj.kind };
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

/** `Kind/namespace/name` (cluster-scoped: `Kind/name`): the key of throttling, logs and Events. */
export function objectKey(ref: {
  kind: string;
  name?: string | undefined;
  namespace?: string | undefined;
}): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name ?? ''}` : `${ref.kind}/${ref.name ?? ''}`;
}

/** The `Kind/namespace/name` key of an object. */
export function keyOfObject(obj: KubeObject): string {
  return objectKey({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
}

export function gvkKey(gvk: GroupVersionKind): string {
  return `${apiVersionOf(gvk)}/${gvk.kind}`;
}

/** Kinds of the core API and the *.k8s.io groups are built in; any other group comes from a CRD. */
export function isBuiltIn(gvk: GroupVersionKind): boolean {
  return !gvk.group.includes('.') || gvk.group.endsWith('.k8s.io');
}

/** Deep copy of a JSON value, at any depth the API server accepts. */
export function clone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (err) {
    if (isStackOverflow(err)) return cloneJson(value); // nested deeper than structuredClone follows
    throw err;
  }
}
