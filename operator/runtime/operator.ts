import type { Catalog } from '../assets/catalog.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import type { Config } from '../config.js';
import { createDebugServer } from '../debug/server.js';
import { assetGvk, gateKindsOf } from '../handlers/eligibility.js';
import { PlatformReconciler } from '../handlers/platform-reconciler.js';
import { PASS, type Request } from '../handlers/request.js';
import { nodeFactsFingerprint, requestsFor, type WatchEvent } from '../handlers/routing.js';
import { StatusBoard } from '../handlers/status-board.js';
import { healthRoutes } from '../health/server.js';
import { metricsRoute } from '../http/metrics-route.js';
import { HttpServer, type Route } from '../http/server.js';
import type { KubeClient } from '../kube/client.js';
import type { EventRecorder } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import { ClusterCache } from './cluster-cache.js';
import { Controller } from './controller.js';
import { InformerRegistry } from './informer-registry.js';
import { LeaderElector } from './leader-election.js';
import { WorkQueue } from './work-queue.js';

export interface OperatorDeps {
  config: Config;
  client: KubeClient;
  logger: Logger;
  metrics: Metrics;
  events: EventRecorder;
  clock: Clock;
  tokens: TokenBuckets;
  catalog: Catalog;
  renderer: TemplateRenderer;
  tombstones: readonly Tombstone[];
  /** Debug routes (read-only), built by the composition root from the operator's state. */
  debugRoutes?: (op: Operator) => Route[];
}

/**
 * The running operator: informers feed a keyed queue; only the leader drains it. Non-leaders
 * keep their caches warm so a takeover starts reconciling at once.
 */
export class Operator {
  readonly board = new StatusBoard();
  readonly queue: WorkQueue;
  readonly cache: ClusterCache;
  readonly reconciler: PlatformReconciler;
  private readonly registry: InformerRegistry;
  private readonly controller: Controller<Request>;
  private readonly servers: HttpServer[] = [];
  private elector?: LeaderElector;
  private factsFingerprint = '';
  private factsCheckQueued = false;
  private lostLease?: () => void;
  readonly leaseLost: Promise<void>;

  constructor(private readonly deps: OperatorDeps) {
    const { config, client, logger, metrics } = deps;
    this.queue = new WorkQueue({ clock: deps.clock, onDepth: (n) => metrics.setQueueDepth(n) });
    this.registry = new InformerRegistry(client, logger);
    this.cache = new ClusterCache(client, this.registry, {
      namespace: config.namespace,
      managedKinds: deps.catalog.assets.map(assetGvk),
      gateKinds: gateKindsOf(deps.catalog.assets),
      logger,
      events: {
        onHco: () => this.route({ source: 'hco' }),
        onManaged: (object, old) => this.route({ source: 'managed', object, ...(old ? { old } : {}) }),
        onFacts: () => this.factsChanged(),
        // Every replica's cache follows CRDs itself; what changed is the pass's business.
        onServedChanged: () => this.controller.enqueue(PASS),
      },
    });
    this.reconciler = new PlatformReconciler({
      ...deps,
      view: this.cache,
      board: this.board,
      env: config.env,
      resyncPeriodMs: config.resyncPeriodMs,
      refreshServed: () => this.cache.refreshServed(),
    });
    this.controller = new Controller(this.queue, this.reconciler, metrics, logger);
    this.leaseLost = new Promise((resolve) => (this.lostLease = resolve));
  }

  live(): boolean {
    return true;
  }

  ready(): true | { ready: false; reason: string } {
    if (!this.cache.synced()) return { ready: false, reason: 'informer caches not synced yet' };
    if (!this.cache.hcoServed())
      return {
        ready: false,
        reason: 'HyperConverged CRD (hyperconvergeds.hco.kubevirt.io) is not installed',
      };
    return true;
  }

  async start(): Promise<void> {
    await this.startServers();
    await this.cache.start();
    if (!this.cache.hcoServed()) {
      this.deps.logger.warn(
        'HyperConverged CRD hyperconvergeds.hco.kubevirt.io is not installed: waiting for it (not ready)',
      );
    }
    const { config } = this.deps;
    if (!config.leaderElect) return this.lead();
    this.elector = new LeaderElector(this.deps.client, {
      namespace: config.namespace,
      name: config.leaderElectionId,
      identity: config.identity,
      leaseDurationMs: config.leaseDurationMs,
      renewDeadlineMs: config.renewDeadlineMs,
      retryPeriodMs: config.retryPeriodMs,
      clock: this.deps.clock,
      logger: this.deps.logger,
    });
    this.elector.run({
      onStartedLeading: () => this.lead(),
      onStoppedLeading: () => {
        this.deps.metrics.setLeader(false);
        this.deps.logger.error('lost the leader lease: stopping so that only one replica writes');
        this.lostLease?.();
      },
    });
  }

  /** Graceful stop: no new keys, in-flight work finishes (bounded), the lease is released. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    const drained = await this.queue.drain(this.deps.config.shutdownTimeoutMs);
    if (!drained) this.deps.logger.warn('shutdown timeout: in-flight reconcile abandoned');
    await this.elector?.release();
    this.cache.stop();
    await this.registry.stopAll();
    await Promise.all(this.servers.map((s) => s.stop()));
  }

  private lead(): void {
    const { metrics, logger, config } = this.deps;
    metrics.setLeader(true);
    logger.info('leading: reconciling', { identity: config.identity });
    this.controller.start();
    // The pass asks for its own resync (requeueAfter), so one enqueue starts the cycle.
    this.controller.enqueue(PASS);
  }

  private route(event: WatchEvent): void {
    for (const request of requestsFor(event, (key) => this.reconciler.assetFor(key))) {
      this.controller.enqueue(request);
    }
  }

  /**
   * A Node list arrives as one add per Node in a single synchronous run: compare the facts once
   * after it (a microtask later), so start-up with n Nodes costs O(n), not O(n²).
   */
  private factsChanged(): void {
    if (this.factsCheckQueued) return;
    this.factsCheckQueued = true;
    queueMicrotask(() => {
      this.factsCheckQueued = false;
      this.route(this.factsEvent());
    });
  }

  private factsEvent(): WatchEvent {
    const infra = this.cache.infrastructure();
    const scheduler = this.cache.scheduler();
    const previous = this.factsFingerprint;
    this.factsFingerprint =
      nodeFactsFingerprint(this.cache.nodes()) + JSON.stringify([infra?.status, scheduler?.spec]);
    return { source: 'facts', fingerprint: this.factsFingerprint, previous };
  }

  private async startServers(): Promise<void> {
    const { config, logger, metrics } = this.deps;
    if (config.metricsBindAddress !== '0') {
      this.servers.push(
        new HttpServer({
          name: 'metrics',
          bindAddress: config.metricsBindAddress,
          routes: [metricsRoute(metrics)],
          logger,
        }),
      );
    }
    if (config.healthProbeBindAddress !== '0') {
      const routes = healthRoutes({ live: () => this.live(), ready: () => this.ready() });
      this.servers.push(
        new HttpServer({ name: 'health', bindAddress: config.healthProbeBindAddress, routes, logger }),
      );
    }
    if (config.enableDebugServer) {
      this.servers.push(
        createDebugServer({
          bindAddress: config.debugBindAddress,
          routes: this.deps.debugRoutes?.(this) ?? [],
          logger,
        }),
      );
    }
    this.boundAddresses = await Promise.all(
      this.servers.map(async (s) => ({ name: s.name, ...(await s.start()) })),
    );
  }

  /** Where each server listens (port 0 in tests resolves to a real port). */
  boundAddresses: { name: string; host: string; port: number }[] = [];
}
