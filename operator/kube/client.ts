import type { GroupVersionKind, KubeList, KubeObject, ObjectRef, ResourceInfo } from './types.js';

export interface ApplyOptions {
  fieldManager: string;
  force: boolean;
  dryRun: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion: string;
  /** Server-side timeout; the watch ends cleanly after it. */
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchHandle {
  stop(): void;
  /** Resolves when the stream ends; rejects with a KubeApiError or a transport error. */
  readonly done: Promise<void>;
}

/**
 * The port between the operator and the API server: plain JSON objects in and out. Expected
 * answers are values (`undefined` = not found or not served); failures are KubeApiError.
 */
export interface KubeClient {
  /** Discovery: how the server serves a kind, or undefined when it does not. */
  resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined>;
  /** Forget discovery answers (after a CRD appears or disappears). */
  invalidateDiscovery(): void;
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(gvk: GroupVersionKind, options?: ListOptions): Promise<KubeList>;
  /** Server-Side Apply (`application/apply-patch+yaml`, JSON body). */
  apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  create(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** PUT with the object's resourceVersion: a 409 means someone else wrote first. */
  replace(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** JSON merge patch (RFC 7386). */
  mergePatch(ref: ObjectRef, patch: unknown, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** 404 is success. */
  delete(ref: ObjectRef, options?: { uid?: string; resourceVersion?: string }): Promise<void>;
  watch(
    gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle>;
  /** GET of a raw path (`/version`, `/metrics`), returned as text. */
  getRaw(path: string): Promise<string>;
}
