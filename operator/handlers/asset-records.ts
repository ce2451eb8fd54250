import type { AssetDefinition } from '../assets/catalog.js';
import { keyOfObject, objectKey, type KubeObject } from '../kube/types.js';
import type { Metrics, SeriesRef } from '../observability/metrics.js';
import { seriesRef } from '../pipeline/record.js';
import type { Stop, ThrottleMemory } from '../pipeline/step.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import type { StatusBoard } from './status-board.js';

export interface AssetRecordsDeps {
  metrics: Metrics;
  tokens: TokenBuckets;
  throttle: ThrottleMemory;
  board: StatusBoard;
  clock: Clock;
}

/**
 * What the reconciler remembers per asset between requests: which object it renders (so an event
 * on that object wakes the asset), its metric series, and its latest outcome on the status board.
 */
export class AssetRecords {
  private readonly lastRef = new Map<string, SeriesRef>();
  private readonly refToAsset = new Map<string, string>();

  constructor(private readonly deps: AssetRecordsDeps) {}

  /** The asset that renders the object with this `Kind/ns/name` key, if any. */
  assetFor(key: string): string | undefined {
    return this.refToAsset.get(key);
  }

  /** After the pipeline: the object's key joins `rendered`, its series move with it, the board shows the outcome. */
  ran(asset: AssetDefinition, stop: Stop, rendered: Set<string>): void {
    const obj = stop.state.desired;
    if (obj) {
      const key = keyOfObject(obj);
      rendered.add(key);
      this.refToAsset.set(key, asset.name);
      const previous = this.lastRef.get(asset.name);
      if (previous && objectKey(previous) !== key) this.deps.metrics.forgetObject(previous);
      this.lastRef.set(asset.name, seriesRef(obj));
    } else if (stop.stop === 'skipped') {
      // Rendered nothing (not applicable here any more): the object it rendered before is no longer managed.
      this.forget(asset.name);
    }
    this.deps.board.setAsset({
      asset: asset.name,
      outcome: stop.stop,
      ...(stop.reason ? { reason: stop.reason } : {}),
      ...(obj ? { object: objectOf(obj) } : {}),
      at: this.now(),
    });
  }

  /** Not eligible: the board says why, and the asset is no longer managed. */
  skipped(asset: string, outcome: 'missing-dependency' | 'excluded', reason: string): void {
    this.forget(asset);
    this.deps.board.setAsset({ asset, outcome, reason, at: this.now() });
  }

  /** The asset is no longer managed: its series go, its object stays. */
  forget(name: string): void {
    const ref = this.lastRef.get(name);
    if (!ref) return;
    this.deps.metrics.forgetObject(ref);
    this.deps.tokens.forget(objectKey(ref));
    this.deps.throttle.waitUntil.delete(objectKey(ref));
    this.lastRef.delete(name);
  }

  forgetAll(): void {
    for (const name of [...this.lastRef.keys()]) this.forget(name);
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

function objectOf(obj: KubeObject): { kind: string; name: string; namespace?: string } {
  return {
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}
