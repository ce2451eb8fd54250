import { ClusterCache } from './app/cluster-cache.js';
import { EventRouter } from './app/event-router.js';
import { LeaderFencedClient } from './app/leader-fence.js';
import { readiness } from './app/readiness.js';
import { HttpServers, type BoundAddress } from './app/servers.js';
import { loadCatalog, type Catalog } from './assets/catalog.js';
import { TemplateRenderer } from './assets/renderer.js';
import { loadTombstones, type Tombstone } from './assets/tombstones.js';
import type { Config } from './config.js';
import { debugRoutes } from './debug/routes.js';
import type { DebugStatus } from './debug/status-port.js';
import { assetGvk, gateKindsOf } from './handlers/eligibility.js';
import { PlatformReconciler } from './handlers/platform-reconciler.js';
import { PASS, type Request } from './handlers/request.js';
import { StatusBoard } from './handlers/status-board.js';
import { loadCredentials } from './kube/credentials/load.js';
import type { Credentials } from './kube/credentials/types.js';
import { NodeKubeClient } from './kube/node-client.js';
import { EventRecorder } from './observability/events.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { Controller } from './runtime/controller.js';
import { InformerRegistry } from './runtime/informer-registry.js';
import { LeaderElector } from './runtime/leader-election.js';
import { Manager, type Election, type Runnable } from './runtime/manager.js';
import { WorkQueue } from './runtime/work-queue.js';
import { systemClock, type Clock } from './throttling/clock.js';
import { defaultThrottleConfig, TokenBuckets } from './throttling/token-bucket.js';

/** The running operator as its callers (run, the tests, the demo) see it. */
export interface OperatorApp {
  start(): Promise<void>;
  /** Graceful: in-flight work finishes (bounded), the lease is released, servers close. */
  stop(): Promise<void>;
  /** Resolves when this replica lost a lease it held: it must stop. */
  readonly leaseLost: Promise<void>;
  /** Where each server listens (port 0 in tests resolves to a real port). */
  readonly boundAddresses: readonly BoundAddress[];
  readonly board: StatusBoard;
}

/**
 * The composition root: the only place that picks implementations. Everything below receives
 * its collaborators through constructors; runtime/ runs what is built here and knows no domain.
 */
export function composeOperator(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
): { operator: OperatorApp; close(): void } {
  const credentials = loadCredentials(config.credentials);
  logCredentials(logger, credentials);
  const client = new NodeKubeClient(credentials, { userAgent: `virt-platform-autopilot/${config.identity}` });
  const clock = systemClock;
  const metrics = new Metrics();
  const catalog = loadCatalog(config.templatesDir);
  const renderer = new TemplateRenderer(config.templatesDir);
  const tombstones = loadTombstones(config.templatesDir);
  const board = new StatusBoard();

  // Informers feed the router, the router feeds the queue, the controller (leader only) drains it.
  const queue = new WorkQueue({ clock, onDepth: (n) => metrics.setQueueDepth(n) });
  const router: EventRouter = new EventRouter({
    enqueue: (request: Request): void => controller.enqueue(request),
    assetFor: (key: string): string | undefined => reconciler.assetFor(key),
    facts: () => ({
      nodes: cache.nodes(),
      infrastructure: cache.infrastructure(),
      scheduler: cache.scheduler(),
    }),
  });
  const cache: ClusterCache = new ClusterCache(client, new InformerRegistry(client, logger), {
    namespace: config.namespace,
    managedKinds: catalog.assets.map(assetGvk),
    sharedKinds: catalog.assets.filter((a) => a.shared).map(assetGvk),
    gateKinds: gateKindsOf(catalog.assets),
    events: router,
    logger,
  });
  const reconciler: PlatformReconciler = new PlatformReconciler({
    catalog,
    renderer,
    tombstones,
    view: cache,
    // Writes stop the moment the lease is lost, not once the reconcile in flight has drained.
    client: new LeaderFencedClient(client, () => manager.isLeading()),
    metrics,
    events: new EventRecorder({ client, instance: config.identity, clock, logger }),
    logger,
    clock,
    tokens: tokenBuckets(config, clock),
    board,
    images: config.images,
    resyncPeriodMs: config.resyncPeriodMs,
  });
  const controller = new Controller<Request>(queue, reconciler, metrics, logger);

  const status: DebugStatus = { live: () => true, ready: () => readiness(cache), view: cache, board };
  const servers = new HttpServers(config, {
    metrics,
    health: status,
    debugRoutes: () =>
      debugRoutes(debugDeps(config, { status, catalog, renderer, tombstones, logger, client })),
    logger,
  });
  const manager: Manager = new Manager({
    logger,
    onLeadership: (leading) => metrics.setLeader(leading),
    ...(config.leaderElect ? { election: leaderElection(config, client, clock, logger) } : {}),
  })
    .add(servers)
    .add({ name: 'cluster-cache', start: () => cache.start(), stop: () => cache.stop() })
    .add(reconciling(controller, queue, config.shutdownTimeoutMs, logger), { leaderOnly: true });

  const operator: OperatorApp = {
    start: () => manager.start(),
    stop: () => manager.stop(),
    leaseLost: manager.leaseLost,
    get boundAddresses() {
      return servers.bound;
    },
    board,
  };
  return { operator, close: () => client.close() };
}

/** The leader's controller loop: the first pass starts the cycle (it asks for its own resync). */
function reconciling(
  controller: Controller<Request>,
  queue: WorkQueue,
  shutdownTimeoutMs: number,
  logger: Logger,
): Runnable {
  return {
    name: 'controller',
    start: () => {
      controller.start();
      controller.enqueue(PASS);
    },
    stop: async () => {
      if (!(await queue.drain(shutdownTimeoutMs)))
        logger.warn('shutdown timeout: in-flight reconcile abandoned');
    },
  };
}

/** Token buckets per managed object; MachineConfig and KubeletConfig get the strict burst. */
function tokenBuckets(config: Config, clock: Clock): TokenBuckets {
  const { burst, strictBurst, refillPerMinute } = config.throttle;
  const strict = { burst: strictBurst, refillPerMinute };
  return new TokenBuckets(
    clock,
    defaultThrottleConfig({
      default: { burst, refillPerMinute },
      perKind: { MachineConfig: strict, KubeletConfig: strict },
    }),
  );
}

function leaderElection(config: Config, client: NodeKubeClient, clock: Clock, logger: Logger): Election {
  return new LeaderElector(client, {
    namespace: config.namespace,
    name: config.leaderElectionId,
    identity: config.identity,
    leaseDurationMs: config.leaseDurationMs,
    renewDeadlineMs: config.renewDeadlineMs,
    retryPeriodMs: config.retryPeriodMs,
    clock,
    logger,
  });
}

function debugDeps(
  config: Config,
  parts: {
    status: DebugStatus;
    catalog: Catalog;
    renderer: TemplateRenderer;
    tombstones: readonly Tombstone[];
    logger: Logger;
    client: NodeKubeClient;
  },
): Parameters<typeof debugRoutes>[0] {
  return { ...parts, namespace: config.namespace, images: config.images };
}

/** Says where the credentials came from, and when client-node will be loaded for a plugin. */
function logCredentials(logger: Logger, credentials: Credentials): void {
  const { kind, files, plugin, user } = credentials.origin;
  const fields = { source: kind, files, server: credentials.server.origin, ...(user ? { user } : {}) };
  logger.info('API credentials loaded', fields);
  if (plugin) {
    logger.info('the kubeconfig user needs @kubernetes/client-node: loading it on the first request', {
      ...fields,
      plugin,
    });
  }
}

/** `virt-platform-autopilot run`: until SIGTERM/SIGINT (exit 0) or a lost lease (exit 1). */
export async function runOperator(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel });
  const { operator, close } = composeOperator(config, logger);
  logger.info('starting virt-platform-autopilot', {
    namespace: config.namespace,
    leaderElect: config.leaderElect,
    identity: config.identity,
  });
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // A signal during start-up (discovery retrying against an unreachable API server) stops at once.
  const early = await Promise.race([operator.start().then(() => undefined), signal]);
  const reason =
    early ?? (await Promise.race([signal, operator.leaseLost.then(() => 'lease-lost' as const)]));
  logger.info('shutting down', { reason });
  await operator.stop();
  close();
  return reason === 'lease-lost' ? 1 : 0;
}
