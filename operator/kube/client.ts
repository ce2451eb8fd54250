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

/** Discovery: which kinds the server serves. */
export interface KindResolver {
  /** How the server serves a kind, or undefined when it does not. */
  resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined>;
  /** Forget discovery answers (after a CRD appears or disappears). */
  invalidateDiscovery(): void;
}

/** Reads objects; not found is `undefined`. */
export interface ObjectReader {
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(gvk: GroupVersionKind, options?: ListOptions): Promise<KubeList>;
}

/** Server-Side Apply (`application/apply-patch+yaml`, JSON body): all the pipeline ever writes with. */
export interface ObjectApplier {
  apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject>;
}

/** The other writes: create, replace, merge patch and delete. */
export interface ObjectWriter {
  create(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** PUT with the object's resourceVersion: a 409 means someone else wrote first. */
  replace(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** JSON merge patch (RFC 7386). */
  mergePatch(ref: ObjectRef, patch: unknown, options?: { fieldManager?: string }): Promise<KubeObject>;
  /** 404 is success. */
  delete(ref: ObjectRef, options?: { uid?: string; resourceVersion?: string }): Promise<void>;
}

/** Watches a kind from a resourceVersion. */
export interface ObjectWatcher {
  watch(
    gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle>;
}

/**
 * The port between the operator and the API server, by role: plain JSON objects in and out.
 * Expected answers are values (`undefined` = not found or not served); failures are KubeApiError.
 * Components take only the roles they use, so fakes implement no more than that.
 */
export interface KubeClient extends KindResolver, ObjectReader, ObjectApplier, ObjectWriter, ObjectWatcher {
  /** GET of a raw path (`/version`, `/metrics`), returned as text. */
  getRaw(path: string): Promise<string>;
}
