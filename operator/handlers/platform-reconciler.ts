import type { Catalog } from '../assets/catalog.js';
import { renderContextOf, type RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import type { KubeClient } from '../kube/client.js';
import { objectKey, refOf, type KubeObject } from '../kube/types.js';
import type { EventRecorder } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AutopilotSelection } from '../pipeline/decisions/autopilot.js';
import { kubeletConfigReaderFor } from '../pipeline/kubelet-configs.js';
import { PATCHED_BASELINE } from '../pipeline/pipeline.js';
import { PoolGate } from '../pipeline/pool-gate.js';
import { OutcomeRecorder, seriesRef } from '../pipeline/record.js';
import type { Stop } from '../pipeline/step.js';
import type { ReconcileResult } from '../reconcile.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import { AssetRecords } from './asset-records.js';
import { AutopilotSwitch } from './autopilot-switch.js';
import { factsOf, type ClusterView } from './cluster-view.js';
import { DependencyReporter } from './dependencies.js';
import { assignHandlers, type HandlerSet } from './handler-set.js';
import { liveReader, MapVerifiedCache, newThrottleMemory } from './live-reader.js';
import { findOrphans } from './orphans.js';
import { assetAction, assetResult, passFollowUps, type AssetAction } from './outcome-policy.js';
import { planAsset, planPass } from './pass-plan.js';
import { runPass, type AssetTurn, type PassVisitor } from './pass-runner.js';
import { requestKey, type Request } from './request.js';
import type { PipelineIo } from './resource-handler.js';
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
  /** RELATED_IMAGE_* as parsed once by the configuration. */
  images: Readonly<Record<string, string>>;
  /** The periodic resync: the pass asks to run again after this long. */
  resyncPeriodMs: number;
}

type AssetRun = { asset: string; action: AssetAction };

/**
 * The autopilot's reconcile of typed requests: it plans the pass (or one asset), hands each asset
 * to the resource handler that owns its kind, and says what the outcomes mean for the queue.
 */
export class PlatformReconciler {
  private readonly recorder: OutcomeRecorder;
  private readonly io: PipelineIo;
  private readonly records: AssetRecords;
  private readonly owners: HandlerSet;
  private readonly dependencies: DependencyReporter;
  /** RELATED_IMAGE_* never change while the process runs: parsed once. */
  private readonly images: Readonly<Record<string, string>>;
  private readonly autopilot: AutopilotSwitch;

  constructor(private readonly deps: ReconcilerDeps) {
    this.owners = assignHandlers(deps.catalog);
    this.autopilot = new AutopilotSwitch(deps.logger);
    this.recorder = new OutcomeRecorder(deps.metrics, deps.events, deps.logger);
    this.dependencies = new DependencyReporter(deps.metrics, deps.events);
    this.images = Object.freeze({ ...deps.images });
    const throttle = newThrottleMemory();
    this.io = {
      steps: PATCHED_BASELINE,
      deps: {
        client: deps.client,
        live: liveReader(deps.view, deps.client),
        tokens: deps.tokens,
        verified: new MapVerifiedCache(),
        throttle,
        clock: deps.clock,
        logger: deps.logger,
        render: (s) => deps.renderer.render(s.asset, s.context),
      },
      pools: new PoolGate(deps.client),
      kubeletConfigs: kubeletConfigReaderFor(deps.client, deps.tombstones),
    };
    this.records = new AssetRecords({ ...deps, throttle });
  }

  /** The asset that renders the object with this `Kind/ns/name` key, if any. */
  assetFor(key: string): string | undefined {
    return this.records.assetFor(key);
  }

  key(request: Request): string {
    return requestKey(request);
  }

  /** One request → what the queue should do next; failures are thrown with their kind. */
  async reconcile(request: Request): Promise<ReconcileResult<Request>> {
    switch (request.kind) {
      case 'pass': {
        const runs = (await this.reconcilePass()) ?? [];
        return { requeueAfterMs: this.deps.resyncPeriodMs, followUps: passFollowUps(runs) };
      }
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
    const plan = planPass(this.deps.catalog, this.owners);
    const visited = await runPass(plan, this.context(hco), selection, this.visitor(rendered, hco));
    this.dependencies.settle();
    this.settleOrphans(rendered);
    return visited.map(({ planned, verdict }) => ({
      asset: planned.asset.name,
      action: assetAction(planned.asset.name, verdict),
    }));
  }

  /** One asset, after an event on its object; the HCO's asset runs the pass (all render from it). */
  private async reconcileAsset(name: string): Promise<ReconcileResult<Request>> {
    const asset = this.deps.catalog.get(name);
    if (!asset) return {};
    const plan = planAsset(asset, this.owners);
    if (plan === 'pass') {
      const runs = (await this.reconcilePass()) ?? [];
      const own = runs.find((r) => r.asset === name);
      const followUps = passFollowUps(runs.filter((r) => r !== own));
      const action = own?.action ?? { kind: 'done' };
      // A failed HCO must not take the other assets' waits and retries down with it.
      if (action.kind === 'retry' || action.kind === 'terminal') return { error: action.error, followUps };
      return { ...assetResult(action), followUps };
    }
    const selection = this.selection();
    if (!selection) return {};
    const hco = this.deps.view.hco() as KubeObject;
    const [run] = await runPass(plan, this.context(hco), selection, this.visitor(new Set(), hco));
    return assetResult(assetAction(name, run?.verdict));
  }

  /** Each asset runs through its handler; after the HCO the others render from the HCO as it is now. */
  private visitor(rendered: Set<string>, hco: KubeObject): PassVisitor<Stop | undefined> {
    return {
      visit: (turn) => this.runAsset(turn, rendered),
      rebase: (stop) => this.context(stop?.state.live ?? this.deps.view.hco() ?? hco),
    };
  }

  private selection(): AutopilotSelection | undefined {
    return this.autopilot.read(this.deps.view, () => {
      this.records.forgetAll();
      this.dependencies.settle();
    });
  }

  private context(hco: KubeObject): RenderContext {
    return renderContextOf(factsOf(this.deps.view, hco), this.images);
  }

  /** One asset's turn: dependencies reported, then its handler's pipeline run, recorded. */
  private async runAsset(turn: AssetTurn, rendered: Set<string>): Promise<Stop | undefined> {
    const { planned, base, context, eligibility } = turn;
    const { asset, handler } = planned;
    await this.dependencies.noteAsset(asset, base, eligibility);
    if (!eligibility.eligible) {
      const outcome = eligibility.cause === 'missing-dependency' ? 'missing-dependency' : 'excluded';
      this.records.skipped(asset.name, outcome, eligibility.reason);
      return undefined;
    }
    const started = this.deps.clock.now();
    const stop = await handler.reconcile({ asset, context }, this.io);
    await this.recorder.record(stop, (this.deps.clock.now() - started) / 1000);
    this.records.ran(asset, stop, rendered);
    return stop;
  }

  private settleOrphans(rendered: ReadonlySet<string>): void {
    const tombstoned = new Set(this.deps.tombstones.map((t) => objectKey(refOf(t.object))));
    const orphans = findOrphans({ labelled: this.deps.view.labelled(), rendered, tombstoned });
    this.deps.metrics.setOrphans(orphans.map(seriesRef));
    this.deps.board.setOrphans(orphans);
  }
}
