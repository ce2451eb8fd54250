import { errorMessage } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { buildEvent, eventKey, eventNamespace, microTime, type EventSpec } from './event-object.js';
import type { Logger } from './logger.js';

export { type EventSpec } from './event-object.js';

/** Every Event reason the operator emits, in one place (runbooks and tests refer to these). */
export const REASONS = {
  /** The object did not exist and was created. */
  Created: 'Created',
  /** An existing object the autopilot had never applied was brought to its desired state. */
  Adopted: 'Adopted',
  /** Another writer changed managed fields; they were set back. */
  DriftCorrected: 'DriftCorrected',
  /** The object's own `patch` annotation changed its desired state, and it was applied. */
  CustomizationApplied: 'CustomizationApplied',
  /** The autopilot's desired state changed (template, HCO input, a removed customisation). */
  Updated: 'Updated',
  Held: 'Held',
  /** An ignore-fields path matches no field of the desired or the live object (a typo, usually). */
  IgnoredFieldNotFound: 'IgnoredFieldNotFound',
  Throttled: 'Throttled',
  TombstoneDeleted: 'TombstoneDeleted',
  TombstoneSkipped: 'TombstoneSkipped',
  TombstoneFailed: 'TombstoneFailed',
  DependencyMissing: 'DependencyMissing',
  DependencyFound: 'DependencyFound',
  /** `mode: unmanaged` was set: the autopilot stopped managing the object. */
  Unmanaged: 'Unmanaged',
  /** `mode: unmanaged` was removed: the autopilot manages the object again. */
  Managed: 'Managed',
  ApplyFailed: 'ApplyFailed',
  /** A MachineConfig or KubeletConfig write waits while its MachineConfigPool is paused, Updating or Degraded. */
  WaitingForPool: 'WaitingForPool',
  /** A pool's KubeletConfig is held: a KubeletConfig the autopilot does not own selects the same pool. */
  KubeletConfigConflict: 'KubeletConfigConflict',
  /** That hold ended: no other KubeletConfig selects the pool now, and ours is written again. */
  KubeletConfigConflictResolved: 'KubeletConfigConflictResolved',
} as const;
export type Reason = (typeof REASONS)[keyof typeof REASONS];

/** client-go's window: an isomorphic occurrence within 6 minutes of the last one joins its series. */
export const SERIES_WINDOW_MS = 6 * 60_000;

interface Series {
  readonly namespace: string;
  name: string | undefined;
  count: number;
  sentCount: number;
  lastObserved: number;
  /** Writes of one series run in order, so a later count never lands before an earlier one. */
  tail: Promise<void>;
}

export interface EventRecorderOptions {
  client: Pick<KubeClient, 'create' | 'mergePatch'>;
  /** `reportingInstance`: the pod name (or hostname). */
  instance: string;
  /**
   * @deprecated Ignored: Events about cluster-scoped objects must live in `default` (the API
   * server rejects any other namespace for them). Kept so existing callers compile.
   */
  defaultNamespace?: string;
  clock: { now(): number };
  logger: Logger;
}

/**
 * Writes events.k8s.io/v1 Events about managed objects. Repeats within the window patch the
 * existing Event's `series` instead of creating objects. Never throws: a failed write is logged
 * and dropped, because an Event must never fail a reconcile.
 */
export class EventRecorder {
  private readonly series = new Map<string, Series>();

  constructor(private readonly opts: EventRecorderOptions) {}

  emit(spec: EventSpec): Promise<void> {
    const now = this.opts.clock.now();
    this.forgetExpired(now);
    const key = eventKey(spec);
    const existing = this.series.get(key);
    if (existing) {
      existing.count += 1;
      existing.lastObserved = now;
      existing.tail = existing.tail.then(() => this.patchSeries(key, existing, spec));
      return existing.tail;
    }
    const namespace = eventNamespace(spec);
    const fresh: Series = {
      namespace,
      name: undefined,
      count: 1,
      sentCount: 1,
      lastObserved: now,
      tail: Promise.resolve(),
    };
    this.series.set(key, fresh);
    fresh.tail = this.create(key, fresh, spec);
    return fresh.tail;
  }

  private async create(key: string, series: Series, spec: EventSpec): Promise<void> {
    const event = buildEvent(spec, {
      namespace: series.namespace,
      instance: this.opts.instance,
      epochMs: series.lastObserved,
    });
    try {
      const created = await this.opts.client.create(event);
      series.name = created.metadata.name;
    } catch (err) {
      this.drop(key, series, spec, err);
    }
  }

  private async patchSeries(key: string, series: Series, spec: EventSpec): Promise<void> {
    // Nothing to patch when the create failed, or an earlier patch already sent this count.
    if (!series.name || series.sentCount >= series.count) return;
    const count = series.count;
    const patch = { series: { count, lastObservedTime: microTime(series.lastObserved) } };
    try {
      await this.opts.client.mergePatch(
        { apiVersion: 'events.k8s.io/v1', kind: 'Event', name: series.name, namespace: series.namespace },
        patch,
      );
      series.sentCount = count;
    } catch (err) {
      this.drop(key, series, spec, err);
    }
  }

  /** Forgets the series (the next occurrence starts a new Event) and logs why. */
  private drop(key: string, series: Series, spec: EventSpec, err: unknown): void {
    if (this.series.get(key) === series) this.series.delete(key);
    this.opts.logger.warn('event dropped: write failed', {
      reason: spec.reason,
      kind: spec.regarding.kind,
      name: spec.regarding.name,
      namespace: spec.regarding.namespace ?? '',
      error: errorMessage(err),
    });
  }

  private forgetExpired(now: number): void {
    for (const [key, series] of this.series) {
      if (now - series.lastObserved > SERIES_WINDOW_MS) this.series.delete(key);
    }
  }
}
