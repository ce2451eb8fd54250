import type {
  KubeClient,
  ListOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../../../operator/kube/client.js';
import type { GroupVersionKind, KubeList, KubeObject } from '../../../operator/kube/types.js';

/** One watch the informer opened; the test drives it. */
export interface FakeWatch {
  options: WatchOptions;
  emit(event: WatchEvent): void;
  end(): void;
  fail(err: unknown): void;
  stopped: boolean;
}

/**
 * A scripted list + watch server for informer unit tests: `items` is what a list returns,
 * `listErrors` are thrown by the next lists (one each), and every watch is handed to the test.
 */
export class FakeListWatch implements Partial<KubeClient> {
  items: KubeObject[] = [];
  listResourceVersion = '100';
  listErrors: unknown[] = [];
  watchErrors: unknown[] = [];
  readonly lists: ListOptions[] = [];
  readonly watches: FakeWatch[] = [];
  discoveryInvalidations = 0;

  asClient(): KubeClient {
    return this as unknown as KubeClient;
  }

  invalidateDiscovery(): void {
    this.discoveryInvalidations += 1;
  }

  async list(_gvk: GroupVersionKind, options: ListOptions = {}): Promise<KubeList> {
    this.lists.push(options);
    const error = this.listErrors.shift();
    if (error !== undefined) throw error;
    return {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: this.listResourceVersion },
      items: structuredClone(this.items),
    };
  }

  async watch(
    _gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<WatchHandle> {
    const error = this.watchErrors.shift();
    if (error !== undefined) throw error;
    let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const watch: FakeWatch = {
      options,
      stopped: false,
      emit: (event) => {
        if (!watch.stopped) onEvent(structuredClone(event));
      },
      end: () => settle?.resolve(),
      fail: (err) => settle?.reject(err),
    };
    this.watches.push(watch);
    return {
      done,
      stop: () => {
        watch.stopped = true;
        settle?.resolve();
      },
    };
  }
}

export function configMap(
  name: string,
  resourceVersion: string,
  data: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion }, data };
}

/** Polls `probe` on real timers until it holds (unit tests have no cluster helpers). */
export async function until(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
