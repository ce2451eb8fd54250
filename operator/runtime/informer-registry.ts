import type { Logger } from 'winston';
import type { KubeClient } from '../kube/client.js';
import { gvkKey, type GroupVersionKind } from '../kube/types.js';
import { Informer, type InformerHandler, type InformerOptions } from './informer.js';

interface Entry {
  gvk: GroupVersionKind;
  informer: Informer;
  handlers: Set<InformerHandler>;
}

/**
 * Informers started and stopped while the operator runs, so a kind whose CRD appears later gets
 * its informer without a restart. One informer per kind + namespace + label selector.
 */
export class InformerRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly client: KubeClient,
    private readonly logger: Logger,
  ) {}

  /**
   * The started informer for this kind and selector, created on first use. Idempotent: asking
   * again returns the same informer, and a handler already attached is not attached twice.
   */
  ensure(
    gvk: GroupVersionKind,
    options: Omit<InformerOptions, 'logger'>,
    handler: InformerHandler,
  ): Informer {
    const key = entryKey(gvk, options);
    let entry = this.entries.get(key);
    if (!entry) {
      const informer = new Informer(this.client, gvk, { ...options, logger: this.logger });
      entry = { gvk, informer, handlers: new Set() };
      this.entries.set(key, entry);
      informer.start();
    }
    if (!entry.handlers.has(handler)) {
      entry.handlers.add(handler);
      entry.informer.addHandler(handler);
    }
    return entry.informer;
  }

  /** Stops and forgets every informer of this kind (whatever its selector). */
  async remove(gvk: GroupVersionKind): Promise<void> {
    const removed = this.matching(gvk);
    for (const [key] of removed) this.entries.delete(key);
    await Promise.all(removed.map(([, entry]) => entry.informer.stop()));
  }

  /** The informer of this kind (the first one when several selectors are watched). */
  get(gvk: GroupVersionKind): Informer | undefined {
    return this.matching(gvk)[0]?.[1].informer;
  }

  all(): Informer[] {
    return [...this.entries.values()].map((entry) => entry.informer);
  }

  /** True when every registered informer has synced (vacuously true with none). */
  allSynced(): boolean {
    return this.all().every((informer) => informer.synced);
  }

  async stopAll(): Promise<void> {
    const informers = this.all();
    this.entries.clear();
    await Promise.all(informers.map((informer) => informer.stop()));
  }

  private matching(gvk: GroupVersionKind): [string, Entry][] {
    const wanted = gvkKey(gvk);
    return [...this.entries].filter(([, entry]) => gvkKey(entry.gvk) === wanted);
  }
}

function entryKey(gvk: GroupVersionKind, options: Omit<InformerOptions, 'logger'>): string {
  return [gvkKey(gvk), options.namespace ?? '', options.labelSelector ?? ''].join('|');
}
