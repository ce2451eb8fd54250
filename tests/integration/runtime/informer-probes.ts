import winston from 'winston';
import type { KubeClient, WatchHandle } from '../../../operator/kube/client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { InformerHandler } from '../../../operator/runtime/informer.js';

export const CONFIGMAP = { group: '', version: 'v1', kind: 'ConfigMap' };
export const quietLogger = winston.createLogger({ silent: true });

export interface SeenEvent {
  type: 'add' | 'update' | 'delete';
  name: string;
  resourceVersion: string;
}

/** A handler that records what the informer announced, in order. */
export function recorder(): { seen: SeenEvent[]; handler: InformerHandler } {
  const seen: SeenEvent[] = [];
  const record = (type: SeenEvent['type'], obj: KubeObject): void => {
    seen.push({ type, name: obj.metadata.name ?? '', resourceVersion: obj.metadata.resourceVersion ?? '' });
  };
  return {
    seen,
    handler: {
      onAdd: (o) => record('add', o),
      onUpdate: (o) => record('update', o),
      onDelete: (o) => record('delete', o),
    },
  };
}

/** `name@resourceVersion`, sorted: what "the cache equals the server" compares. */
export function versions(objects: KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
}

/** Events announced more than once for the same object version (must be none). */
export function repeats(seen: SeenEvent[]): string[] {
  const keys = seen.map((e) => `${e.type} ${e.name}@${e.resourceVersion}`);
  return keys.filter((key, i) => keys.indexOf(key) !== i);
}

export function eventsFor(seen: SeenEvent[], name: string): string[] {
  return seen.filter((e) => e.name === name).map((e) => e.type);
}

/**
 * Wraps a client so the test can hold an informer's watch still: `pause()` ends the open watches
 * and makes new ones wait until `resume()`, so the informer's resourceVersion stops advancing.
 * Every way a watch ended with an error is kept in `watchErrors`.
 */
export function pausableWatches(client: KubeClient): {
  client: KubeClient;
  pause(): void;
  resume(): void;
  watchErrors: unknown[];
  waitingWatches(): number;
} {
  const live = new Set<WatchHandle>();
  const watchErrors: unknown[] = [];
  let gate: { promise: Promise<void>; open(): void } | undefined;
  let waiting = 0;
  const watch: KubeClient['watch'] = async (gvk, options, onEvent) => {
    while (gate) {
      waiting += 1;
      await gate.promise.finally(() => (waiting -= 1));
    }
    const handle = await client.watch(gvk, options, onEvent);
    live.add(handle);
    handle.done.then(
      () => live.delete(handle),
      (err: unknown) => {
        watchErrors.push(err);
        live.delete(handle);
      },
    );
    return handle;
  };
  const wrapped = new Proxy(client, {
    get: (target, prop, receiver) => {
      if (prop === 'watch') return watch;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    client: wrapped,
    watchErrors,
    waitingWatches: () => waiting,
    pause: () => {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
      for (const handle of live) handle.stop();
    },
    resume: () => {
      const current = gate;
      gate = undefined;
      current?.open();
    },
  };
}
