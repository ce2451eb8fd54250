import type { AssetDefinition, Catalog } from '../assets/catalog.js';
import { buildRenderContext, contextForAsset, imagesFromEnv, type RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import type { KubeClient } from '../kube/client.js';
import { keyOfObject, objectKey, refOf, type KubeObject } from '../kube/types.js';
import type { EventRecorder } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics, SeriesRef } from '../observability/metrics.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { parseAutopilot, type AutopilotSelection } from '../pipeline/decisions/autopilot.js';
import { runPipeline } from '../pipeline/pipeline.js';
import { PoolGate } from '../pipeline/pool-gate.js';
import { OutcomeRecorder, seriesRef } from '../pipeline/record.js';
import type { Stop, StepDeps } from '../pipeline/step.js';
import type { ReconcileResult } from '../reconcile.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import type { ClusterView } from './cluster-view.js';
import { DependencyReporter } from './dependencies.js';
import { decideEligibility, requiredKinds, wantedFeatureKinds } from './eligibility.js';
import { liveReader, MapVerifiedCache, newThrottleMemory } from './live-reader.js';
import { findOrphans } from './orphans.js';
import { assetAction, assetResult, passFollowUps, type AssetAction } from './outcome-policy.js';
import { PASS, requestKey, type Request } from './request.js';
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
  /** The periodic resync: the pass asks to run again after this long. */
  resyncPeriodMs: number;
  /** Re-reads which kinds are served (after a CRD change); true when any changed. */
  refreshServed(): Promise<boolean>;
}

type AssetRun = { asset: AssetDefinition; stop: Stop | undefined; action: AssetAction };

/**
 * The autopilot's reconcile logic above the pipeline: which assets run, in which order, with
 * which context, and what their outcomes mean for the next trigger.
 */
export class PlatformReconciler {
  private readonly recorder: OutcomeRecorder;
  private readonly stepDeps: StepDeps;
  private readonly lastRef = new Map<string, SeriesRef>();
  private readonly refToAsset = new Map<string, string>();
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
      throttle: newThrottleMemory(),
      clock: deps.clock,
      logger: deps.logger,
      render: (s) => deps.renderer.render(s.asset, s.context),
      pools: new PoolGate(deps.client),
    };
  }

  /** The asset that renders the object with this `Kind/ns/name` key, if any. */
  assetFor(key: string): string | undefined {
    return this.refToAsset.get(key);
  }

  key(request: Request): string {
    return requestKey(request);
  }

  /** One request → what the queue should do next; failures are thrown with their kind. */
  async reconcile(request: Request): Promise<ReconcileResult<Request>> {
    switch (request.kind) {
      case 'pass': {
        const runs = (await this.reconcilePass()) ?? [];
        return { requeueAfterMs: this.deps.resyncPeriodMs, followUps: passFollowUps(runs.map(named)) };
      }
      case 'crds':
        return (await this.deps.refreshServed()) ? { followUps: [{ request: PASS, afterMs: 0 }] } : {};
      case 'asset':
        return this.reconcileAsset(request.asset);
    }
  }

  /** The full pass of SPEC §3: every asset, the HCO first; the others render from the live HCO. */
  private async reconcilePass(): Promise<AssetRun[] | undefined> {
    const selection = this.selection();
    if (!selection) return undefined;
    const hco = this.deps.view.hco() as KubeObject;
    this.deps.board.setTombstones(
      await processTombstones({ ...this.deps, tombstones: this.deps.tombstones }),
    );
    const rendered = new Set<string>();
    const runs: AssetRun[] = [];
    let base = this.context(hco);
    for (const asset of this.deps.catalog.assets) {
      const stop = await this.runAsset(asset, base, selection, rendered);
      runs.push({ asset, stop, action: assetAction(asset.name, stop) });
      // Held, failed or waiting, the HCO never stops the others: they render from the live one.
      if (asset.reconcileOrder === 0) base = this.context(stop?.state.live ?? this.deps.view.hco() ?? hco);
    }
    this.dependencies.settle();
    this.settleOrphans(rendered);
    return runs;
  }

  /** One asset, after an event on its object; the HCO's asset runs the pass (all render from it). */
  private async reconcileAsset(name: string): Promise<ReconcileResult<Request>> {
    const asset = this.deps.catalog.get(name);
    if (!asset) return {};
    if (asset.reconcileOrder === 0) {
      const runs = (await this.reconcilePass()) ?? [];
      const own = runs.find((r) => r.asset.name === name);
      const followUps = passFollowUps(runs.filter((r) => r !== own).map(named));
      return { ...assetResult(own?.action ?? { kind: 'done' }), followUps };
    }
    const selection = this.selection();
    if (!selection) return {};
    const base = this.context(this.deps.view.hco() as KubeObject);
    const stop = await this.runAsset(asset, base, selection, new Set());
    return assetResult(assetAction(name, stop));
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
    rendered: Set<string>,
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
    const started = clock.now();
    const stop = await runPipeline({ asset, context, customizations: [], forced: false }, this.stepDeps);
    await this.recorder.record(stop, (clock.now() - started) / 1000);
    this.track(asset, stop, rendered);
    return stop;
  }

  private track(asset: AssetDefinition, stop: Stop, rendered: Set<string>): void {
    const obj = stop.state.desired;
    if (obj) {
      const key = keyOfObject(obj);
      rendered.add(key);
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
  }

  /** The asset is no longer managed: its series go, its object stays. */
  private forgetAsset(name: string): void {
    const ref = this.lastRef.get(name);
    if (!ref) return;
    this.deps.metrics.forgetObject(ref);
    this.deps.tokens.forget(objectKey(ref));
    this.stepDeps.throttle.waitUntil.delete(objectKey(ref));
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

function named(run: AssetRun): { asset: string; action: AssetAction } {
  return { asset: run.asset.name, action: run.action };
}
