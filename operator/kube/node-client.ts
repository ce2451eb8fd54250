import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, OperatorError } from '../errors.js';
import {
  apiError,
  collectionPath,
  describe,
  readBody,
  transport,
  type RawResponse,
  type RequestSpec,
} from './http.js';
import { stringifyJson } from './json-walk.js';
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

/**
 * The only module that imports @kubernetes/client-node. client-node supplies the KubeConfig
 * (files, in-cluster service account, exec plugins, token refresh); requests are raw JSON over
 * node:https, because the typed models drop unknown fields and re-format timestamps, and its
 * Watch aborts any stream that is idle for 30 s.
 */
export function loadKubeConfig(kubeconfigPath?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new OperatorError('kubeconfig has no current cluster');
  return kc;
}

interface DiscoveryResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export interface NodeKubeClientOptions {
  /** Per-request timeout for non-watch calls. */
  requestTimeoutMs?: number;
  /** User-Agent sent with every request (shows in the apiserver's audit log). */
  userAgent?: string;
}

export class NodeKubeClient implements KubeClient {
  private readonly server: URL;
  private readonly discovery = new Map<string, Promise<DiscoveryResource[] | undefined>>();
  private readonly agent: https.Agent | http.Agent;
  private readonly requestTimeoutMs: number;
  private readonly userAgent: string;

  constructor(
    private readonly kc: KubeConfig,
    options: NodeKubeClientOptions = {},
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new OperatorError('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    this.agent =
      this.server.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 32 })
        : new http.Agent({ keepAlive: true, maxSockets: 32 });
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'virt-platform-autopilot';
  }

  /** Close idle keep-alive sockets (so a process can exit promptly). */
  close(): void {
    this.agent.destroy();
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
    const url = this.url(collectionPath(info, options.namespace), {
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      timeoutSeconds: options.timeoutSeconds,
    });
    return openWatch(url, await this.requestOptions('GET'), gvk, onEvent);
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

  private url(path: string, query?: RequestSpec['query']): URL {
    const url = new URL(this.server.href.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async requestOptions(method: string, contentType?: string): Promise<https.RequestOptions> {
    const options: https.RequestOptions = {
      method,
      agent: this.agent,
      headers: { Accept: 'application/json', 'User-Agent': this.userAgent },
    };
    // Fills in CA, client certificate and bearer token (refreshed per call for exec/token files).
    await this.kc.applyToHTTPSOptions(options);
    if (contentType) (options.headers as Record<string, string>)['Content-Type'] = contentType;
    options.agent = this.agentFor(options);
    return options;
  }

  /** Keep-alive agent with the TLS material client-node worked out (set once, reused). */
  private agentFor(options: https.RequestOptions): http.Agent {
    if (this.server.protocol !== 'https:') return this.agent;
    const agent = this.agent as https.Agent & { tlsConfigured?: boolean };
    if (!agent.tlsConfigured) {
      Object.assign(agent.options, {
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        rejectUnauthorized: options.rejectUnauthorized,
      });
      agent.tlsConfigured = true;
    }
    return agent;
  }

  private async request(spec: RequestSpec): Promise<RawResponse> {
    const url = this.url(spec.path, spec.query);
    const body = spec.body === undefined ? undefined : stringifyJson(spec.body);
    const options = await this.requestOptions(
      spec.method,
      body ? (spec.contentType ?? 'application/json') : undefined,
    );
    // Node sends a DELETE body with neither Content-Length nor chunking: the server would ignore
    // it (dropping delete preconditions) and read it as the start of the next keep-alive request.
    if (body !== undefined)
      (options.headers as Record<string, string | number>)['Content-Length'] = Buffer.byteLength(body);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = transport(url).request(
        url,
        { ...options, timeout: spec.timeoutMs ?? this.requestTimeoutMs },
        (res) => {
          readBody(res).then((text) => resolve({ status: res.statusCode ?? 0, body: text }), reject);
        },
      );
      req.on('timeout', () => req.destroy(new OperatorError(`${spec.method} ${spec.path} timed out`)));
      req.on('error', (err) =>
        reject(
          err instanceof OperatorError
            ? err
            : new OperatorError(`${spec.method} ${spec.path}: ${err.message}`, { cause: err }),
        ),
      );
      req.end(body);
    });
  }

  private expectObject(res: RawResponse, what: string): KubeObject {
    if (res.status < 200 || res.status >= 300) throw apiError(what, res);
    return JSON.parse(res.body) as KubeObject;
  }
}
