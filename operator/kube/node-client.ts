import { KubeApiError, OperatorError } from '../errors.js';
import type { Credentials } from './credentials/types.js';
import { kubeconfigCredentials, kubeconfigPaths } from './credentials/kubeconfig.js';
import { apiError, collectionPath, describe, type RawResponse, type RequestSpec } from './http.js';
import { ApiTransport, type TransportOptions } from './transport.js';
import { openWatch } from './watch-stream.js';
import type {
  ApplyOptions,
  KubeClient,
  ListOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from './client.js';
import {
  apiVersionOf,
  splitApiVersion,
  type GroupVersionKind,
  type KubeList,
  type KubeObject,
  type ObjectRef,
  type ResourceInfo,
} from './types.js';

/** Credentials from a kubeconfig file (or a `:`-separated list, like $KUBECONFIG). */
export function loadKubeConfig(kubeconfigPath: string): Credentials {
  return kubeconfigCredentials(kubeconfigPaths(kubeconfigPath));
}

interface DiscoveryResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export type NodeKubeClientOptions = TransportOptions;

/**
 * The KubeClient over raw JSON requests (node:https): typed models would drop unknown fields and
 * re-format timestamps. Credentials come from `operator/kube/credentials` (no client-node there
 * unless an exec plugin needs it).
 */
export class NodeKubeClient implements KubeClient {
  private readonly discovery = new Map<string, Promise<DiscoveryResource[] | undefined>>();
  private readonly transport: ApiTransport;

  constructor(credentials: Credentials, options: NodeKubeClientOptions = {}) {
    this.transport = new ApiTransport(credentials, options);
  }

  /** The API server this client talks to. */
  get server(): URL {
    return this.transport.server;
  }

  /** Close idle keep-alive sockets (so a process can exit promptly). */
  close(): void {
    this.transport.close();
  }

  async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    const gv = apiVersionOf(gvk);
    let pending = this.discovery.get(gv);
    if (!pending) {
      pending = this.discover(gvk.group, gvk.version);
      this.discovery.set(gv, pending);
      // A failed lookup must not stick: forget it so the next call asks again.
      pending.catch(() => this.discovery.delete(gv));
    }
    const resources = await pending;
    const match = resources?.find((r) => r.kind === gvk.kind && !r.name.includes('/'));
    return match ? { ...gvk, plural: match.name, namespaced: match.namespaced } : undefined;
  }

  invalidateDiscovery(): void {
    this.discovery.clear();
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const path = await this.objectPath(ref, true);
    if (!path) return undefined;
    const res = await this.request({ method: 'GET', path });
    if (res.status === 404) return undefined;
    return this.expectObject(res, `get ${describe(ref)}`);
  }

  async list(gvk: GroupVersionKind, options: ListOptions = {}): Promise<KubeList> {
    const info = await this.mustResolve(gvk);
    const res = await this.request({
      method: 'GET',
      path: collectionPath(info, options.namespace),
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit,
        continue: options.continueToken,
      },
    });
    const list = this.expectObject(res, `list ${gvk.kind}`) as unknown as KubeList;
    // Items of a list carry no apiVersion/kind; put them back so every object is self-describing.
    for (const item of list.items) {
      item.apiVersion = apiVersionOf(gvk);
      item.kind = gvk.kind;
    }
    return list;
  }

  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const path = await this.mustObjectPath(obj);
    const res = await this.request({
      method: 'PATCH',
      path,
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? 'true' : undefined,
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
    return this.expectObject(res, `${options.dryRun ? 'dry-run apply' : 'apply'} ${describe(obj)}`);
  }

  async create(obj: KubeObject, options: { fieldManager?: string } = {}): Promise<KubeObject> {
    const info = await this.mustResolve({ ...splitApiVersion(obj.apiVersion), kind: obj.kind });
    const res = await this.request({
      method: 'POST',
      path: collectionPath(info, obj.metadata.namespace),
      query: { fieldManager: options.fieldManager },
      body: obj,
    });
    return this.expectObject(res, `create ${describe(obj)}`);
  }

  async replace(obj: KubeObject, options: { fieldManager?: string } = {}): Promise<KubeObject> {
    const path = await this.mustObjectPath(obj);
    const res = await this.request({
      method: 'PUT',
      path,
      query: { fieldManager: options.fieldManager },
      body: obj,
    });
    return this.expectObject(res, `update ${describe(obj)}`);
  }

  async mergePatch(
    ref: ObjectRef,
    patch: unknown,
    options: { fieldManager?: string } = {},
  ): Promise<KubeObject> {
    const path = await this.mustObjectPath(ref);
    const res = await this.request({
      method: 'PATCH',
      path,
      query: { fieldManager: options.fieldManager },
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    return this.expectObject(res, `patch ${describe(ref)}`);
  }

  async delete(ref: ObjectRef, options: { uid?: string; resourceVersion?: string } = {}): Promise<void> {
    const path = await this.objectPath(ref, true);
    if (!path) return;
    const preconditions =
      options.uid || options.resourceVersion
        ? { uid: options.uid, resourceVersion: options.resourceVersion }
        : undefined;
    const res = await this.request({
      method: 'DELETE',
      path,
      body: preconditions ? { kind: 'DeleteOptions', apiVersion: 'v1', preconditions } : undefined,
    });
    if (res.status === 404) return;
    this.expectObject(res, `delete ${describe(ref)}`);
  }

  async getRaw(path: string): Promise<string> {
    const res = await this.request({ method: 'GET', path });
    if (res.status >= 300) throw apiError(`GET ${path}`, res);
    return res.body;
  }

  async watch(
    gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle> {
    const info = await this.mustResolve(gvk);
    const url = this.transport.url(collectionPath(info, options.namespace), {
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      timeoutSeconds: options.timeoutSeconds,
    });
    return openWatch(url, await this.transport.requestOptions('GET', undefined, 'watch'), gvk, onEvent);
  }

  // --- internals ---

  private async discover(group: string, version: string): Promise<DiscoveryResource[] | undefined> {
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    const res = await this.request({ method: 'GET', path });
    if (res.status === 404 || res.status === 503) return undefined;
    const body = this.expectObject(res, `discover ${path}`) as unknown as { resources?: DiscoveryResource[] };
    return body.resources ?? [];
  }

  private async mustResolve(gvk: GroupVersionKind): Promise<ResourceInfo> {
    const info = await this.resolve(gvk);
    if (!info) {
      throw new KubeApiError(
        `the server does not serve ${gvk.kind} in ${apiVersionOf(gvk)}`,
        404,
        'NotServed',
      );
    }
    return info;
  }

  /** undefined when the kind is not served (only when `lenient`). */
  private async objectPath(ref: ObjectRef, lenient: boolean): Promise<string | undefined> {
    const gvk = { ...splitApiVersion(ref.apiVersion), kind: ref.kind };
    const info = lenient ? await this.resolve(gvk) : await this.mustResolve(gvk);
    if (!info) return undefined;
    if (!ref.name) throw new OperatorError(`${ref.kind} reference has no name`);
    return `${collectionPath(info, ref.namespace)}/${encodeURIComponent(ref.name)}`;
  }

  private async mustObjectPath(ref: ObjectRef | KubeObject): Promise<string> {
    const plain =
      'metadata' in ref
        ? {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.metadata.name ?? '',
            namespace: ref.metadata.namespace,
          }
        : ref;
    return (await this.objectPath(plain as ObjectRef, false)) as string;
  }

  private request(spec: RequestSpec): Promise<RawResponse> {
    return this.transport.request(spec);
  }

  private expectObject(res: RawResponse, what: string): KubeObject {
    if (res.status < 200 || res.status >= 300) throw apiError(what, res);
    return JSON.parse(res.body) as KubeObject;
  }
}
