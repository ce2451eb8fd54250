import type { AssetDefinition, Catalog } from '../assets/catalog.js';
import { buildRenderContext, contextForAsset, imagesFromEnv, type RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import { OperatorError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { keyOfObject, objectKey, refOf, type KubeObject } from '../kube/types.js';
import type { EventRecorder } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics, SeriesRef } from '../observability/metrics.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { parseAutopilot, type AutopilotSelection } from '../pipeline/decisions/autopilot.js';
import { runPipeline } from '../pipeline/pipeline.js';
import { OutcomeRecorder, seriesRef } from '../pipeline/record.js';
import type { Stop, StepDeps } from '../pipeline/step.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import type { ClusterView } from './cluster-view.js';
import { DependencyReporter } from './dependencies.js';
import { decideEligibility, requiredKinds, wantedFeatureKinds } from './eligibility.js';
import { liveReader, MapVerifiedCache } from './live-reader.js';
import { findOrphans } from './orphans.js';
import type { StatusBoard } from './status-board.js';
import { processTombstones } from './tombstones.js';

export interface ReconcilerDeps {
  catalog: Catalog;
  renderer: TemplateRenderer;
  tombstones: readonly Tombstone[];
  view: ClusterView;
  client: KubeClient;
  metrics: Metrics;
  events: EventRecorder;
  logger: Logger;
  clock: Clock;
  tokens: TokenBuckets;
  board: StatusBoard;
  env: Readonly<Record<string, string | undefined>>;
  /** Wake an asset up later (deferred correction) or retry it with backoff (failed). */
  schedule: { after(asset: string, delayMs: number): void; retry(asset: string): void };
}

/**
 * The autopilot's reconcile logic above the pipeline: which assets run, in which order, with
 * which context, and what their outcomes mean for the next trigger.
 */
export class PlatformReconciler {
  private readonly recorder: OutcomeRecorder;
  private readonly stepDeps: StepDeps;
  private readonly lastRef = new Map<string, SeriesRef>();
  private readonly refToAsset = new Map<string, string>();
  private readonly forced = new Set<string>();
  private readonly deferredUntil = new Map<string, number>();
  private readonly dependencies: DependencyReporter;
  /** RELATED_IMAGE_* never change while the process runs: parsed once. */
  private readonly images: Readonly<Record<string, string>>;
  private idle = false;
  private waiting = false;

  constructor(private readonly deps: ReconcilerDeps) {
    this.recorder = new OutcomeRecorder(deps.metrics, deps.events, deps.logger);
    this.dependencies = new DependencyReporter(deps.metrics, deps.events);
    this.images = Object.freeze(imagesFromEnv(deps.env));
    this.stepDeps = {
      client: deps.client,
      live: liveReader(deps.view, deps.client),
      tokens: deps.tokens,
      verified: new MapVerifiedCache(),
      clock: deps.clock,
      logger: deps.logger,
      render: (s) => deps.renderer.render(s.asset, s.context),
    };
  }

  /** The asset that renders the object with this `Kind/ns/name` key, if any. */
  assetFor(key: string): string | undefined {
    return this.refToAsset.get(key);
  }

  isDeferred(asset: string): boolean {
    return (this.deferredUntil.get(asset) ?? 0) > this.deps.clock.now();
  }

  /** A new force-reconcile value: the next run of this asset skips the shortcut and the bucket once. */
  force(asset: string): void {
    this.forced.add(asset);
    this.deferredUntil.delete(asset);
  }

  /** The full pass of SPEC §3. */
  async reconcilePass(): Promise<void> {
    const selection = this.selection();
    if (!selection) return;
    const hco = this.deps.view.hco() as KubeObject;
    this.deps.board.setTombstones(
      await processTombstones({ ...this.deps, tombstones: this.deps.tombstones }),
    );
    const rendered = new Set<string>();
    let base = this.context(hco);
    for (const asset of this.deps.catalog.assets) {
      const stop = await this.runAsset(asset, base, selection, { rendered, inPass: true });
      if (asset.reconcileOrder !== 0) continue;
      if (stop?.stop === 'failed') {
        throw new OperatorError(`HCO asset ${asset.name} failed, pass stopped: ${stop.reason ?? ''}`);
      }
      // Everything else renders from the effective HCO: the golden one as the server now holds it.
      base = this.context(stop?.state.live ?? this.deps.view.hco() ?? hco);
    }
    this.dependencies.settle();
    this.settleOrphans(rendered);
  }

  /** One asset, after an event on its object. */
  async reconcileAsset(name: string): Promise<void> {
    const asset = this.deps.catalog.get(name);
    if (!asset) return;
    if (asset.reconcileOrder === 0) return this.reconcilePass();
    const selection = this.selection();
    if (!selection) return;
    const stop = await this.runAsset(asset, this.context(this.deps.view.hco() as KubeObject), selection, {
      rendered: new Set(),
      inPass: false,
    });
    if (stop?.stop === 'failed') throw new OperatorError(`asset ${name}: ${stop.reason ?? 'failed'}`);
  }

  private selection(): AutopilotSelection | undefined {
    const { view, logger } = this.deps;
    const hco = view.hco();
    if (!view.hcoServed() || !hco) {
      if (!this.waiting)
        logger.info(
          'waiting for the HyperConverged kubevirt-hyperconverged to exist; nothing to do until then',
        );
      this.waiting = true;
      return undefined;
    }
    this.waiting = false;
    const selection = parseAutopilot(hco.metadata.annotations?.[ANNOTATIONS.autopilot]);
    if (selection.kind === 'off') {
      if (!this.idle)
        logger.info('autopilot disabled by platform.kubevirt.io/autopilot=false: idle, no writes');
      this.goIdle();
      return undefined;
    }
    this.idle = false;
    return selection;
  }

  private context(hco: KubeObject): RenderContext {
    const { view, env } = this.deps;
    const infrastructure = view.infrastructure();
    const scheduler = view.scheduler();
    return buildRenderContext({
      hco,
      nodes: view.nodes(),
      env,
      images: this.images,
      served: (gvk) => view.isServed(gvk),
      ...(infrastructure ? { infrastructure } : {}),
      ...(scheduler ? { scheduler } : {}),
    });
  }

  private async runAsset(
    asset: AssetDefinition,
    base: RenderContext,
    selection: AutopilotSelection,
    pass: { rendered: Set<string>; inPass: boolean },
  ): Promise<Stop | undefined> {
    const { view, board, clock } = this.deps;
    const context = contextForAsset(base, asset);
    const eligibility = decideEligibility({ asset, selection, context, served: (gvk) => view.isServed(gvk) });
    if (eligibility.eligible || eligibility.cause === 'missing-dependency') {
      for (const gvk of [...requiredKinds(asset), ...wantedFeatureKinds(asset, base)]) {
        await this.dependencies.note(gvk, !view.isServed(gvk), asset.name, base.hco);
      }
    }
    if (!eligibility.eligible) {
      this.forgetAsset(asset.name);
      board.setAsset({
        asset: asset.name,
        outcome: eligibility.cause === 'missing-dependency' ? 'missing-dependency' : 'excluded',
        reason: eligibility.reason,
        at: new Date(clock.now()).toISOString(),
      });
      return undefined;
    }
    const forced = this.forced.delete(asset.name);
    const started = clock.now();
    const stop = await runPipeline({ asset, context, customizations: [], forced }, this.stepDeps);
    await this.recorder.record(stop, (clock.now() - started) / 1000);
    this.track(asset, stop, pass);
    return stop;
  }

  private track(asset: AssetDefinition, stop: Stop, pass: { rendered: Set<string>; inPass: boolean }): void {
    const obj = stop.state.desired;
    if (obj) {
      const key = keyOfObject(obj);
      pass.rendered.add(key);
      this.refToAsset.set(key, asset.name);
      const previous = this.lastRef.get(asset.name);
      if (previous && objectKey(previous) !== key) this.deps.metrics.forgetObject(previous);
      this.lastRef.set(asset.name, seriesRef(obj));
    }
    this.deps.board.setAsset({
      asset: asset.name,
      outcome: stop.stop,
      ...(stop.reason ? { reason: stop.reason } : {}),
      ...(obj
        ? {
            object: {
              kind: obj.kind,
              name: obj.metadata.name ?? '',
              ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
            },
          }
        : {}),
      at: new Date(this.deps.clock.now()).toISOString(),
    });
    if (stop.stop === 'deferred') {
      const delay = stop.retryAfterMs ?? 60_000;
      this.deferredUntil.set(asset.name, this.deps.clock.now() + delay);
      this.deps.schedule.after(asset.name, delay);
    } else {
      this.deferredUntil.delete(asset.name);
    }
    if (stop.stop === 'failed' && pass.inPass && asset.reconcileOrder !== 0)
      this.deps.schedule.retry(asset.name);
  }

  /** The asset is no longer managed: its series go, its object stays. */
  private forgetAsset(name: string): void {
    const ref = this.lastRef.get(name);
    if (!ref) return;
    this.deps.metrics.forgetObject(ref);
    this.deps.tokens.forget(objectKey(ref));
    this.lastRef.delete(name);
  }

  private goIdle(): void {
    this.idle = true;
    for (const name of [...this.lastRef.keys()]) this.forgetAsset(name);
    this.dependencies.settle();
  }

  private settleOrphans(rendered: ReadonlySet<string>): void {
    const tombstoned = new Set(this.deps.tombstones.map((t) => objectKey(refOf(t.object))));
    const orphans = findOrphans({ labelled: this.deps.view.labelled(), rendered, tombstoned });
    this.deps.metrics.setOrphans(orphans.map(seriesRef));
    this.deps.board.setOrphans(orphans);
  }
}
