import type { AssetDefinition } from '../assets/catalog.js';
import type { RenderContext } from '../assets/context.js';
import { gvkKey, isBuiltIn, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import { REASONS, type EventRecorder } from '../observability/events.js';
import type { Metrics } from '../observability/metrics.js';
import { requiredKinds, wantedFeatureKinds, type Eligibility } from './eligibility.js';

/**
 * `virt_platform_missing_dependency` for the kinds of enabled assets, plus an Event on the HCO
 * when a dependency goes missing or is found again (not on every pass: quiet when nothing changed).
 */
export class DependencyReporter {
  private state = new Map<string, { gvk: GroupVersionKind; missing: boolean }>();
  private seen = new Map<string, { gvk: GroupVersionKind; missing: boolean }>();

  constructor(
    private readonly metrics: Metrics,
    private readonly events: EventRecorder,
  ) {}

  async note(gvk: GroupVersionKind, missing: boolean, asset: string, hco: KubeObject): Promise<void> {
    // Built-in kinds are always served; only CRD-backed kinds are soft dependencies.
    if (isBuiltIn(gvk)) return;
    const key = gvkKey(gvk);
    this.seen.set(key, { gvk, missing });
    this.metrics.setMissingDependency(gvk, missing);
    const before = this.state.get(key)?.missing;
    this.state.set(key, { gvk, missing });
    if (before === missing || (before === undefined && !missing)) return;
    const name = `${gvk.kind}.${gvk.version}.${gvk.group}`;
    await this.events.emit({
      regarding: regardingOf(hco),
      type: missing ? 'Warning' : 'Normal',
      reason: missing ? REASONS.DependencyMissing : REASONS.DependencyFound,
      action: 'Reconcile',
      note: missing
        ? `${name} is not served (its CRD is not installed): asset ${asset} is skipped until it is`
        : `${name} is served again: asset ${asset} is reconciled`,
    });
  }

  /**
   * An asset's kinds (its own, its gate kinds, those of its switched-on sections), once it is
   * enabled: missing or not. Assets nobody switched on report nothing.
   */
  async noteAsset(asset: AssetDefinition, base: RenderContext, eligibility: Eligibility): Promise<void> {
    if (!eligibility.eligible && eligibility.cause !== 'missing-dependency') return;
    for (const gvk of [...requiredKinds(asset), ...wantedFeatureKinds(asset, base)]) {
      await this.note(gvk, !base.served(gvk), asset.name, base.hco);
    }
  }

  /** End of a full pass: kinds no enabled asset needs any more lose their series. */
  settle(): void {
    for (const [key, { gvk }] of this.state) {
      if (!this.seen.has(key)) {
        this.metrics.removeMissingDependency(gvk);
        this.state.delete(key);
      }
    }
    this.seen = new Map();
  }
}

function regardingOf(obj: KubeObject): {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
} {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
  };
}
