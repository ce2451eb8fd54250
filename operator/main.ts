import { loadCatalog } from './assets/catalog.js';
import { TemplateRenderer } from './assets/renderer.js';
import { loadTombstones } from './assets/tombstones.js';
import type { Config } from './config.js';
import { loadCredentials } from './kube/credentials/load.js';
import type { Credentials } from './kube/credentials/types.js';
import { NodeKubeClient } from './kube/node-client.js';
import { EventRecorder } from './observability/events.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { Operator } from './runtime/operator.js';
import { systemClock } from './throttling/clock.js';
import { defaultThrottleConfig, TokenBuckets } from './throttling/token-bucket.js';
import { debugRoutes } from './debug/routes.js';

/**
 * The composition root: the only place that picks implementations. Everything below receives
 * its collaborators through constructors.
 */
export function composeOperator(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
): {
  operator: Operator;
  close(): void;
} {
  const credentials = loadCredentials(config.credentials);
  logCredentials(logger, credentials);
  const client = new NodeKubeClient(credentials, {
    userAgent: `virt-platform-autopilot/${config.identity}`,
  });
  const clock = systemClock;
  const metrics = new Metrics();
  const catalog = loadCatalog(config.templatesDir);
  const strict = { burst: config.throttle.strictBurst, refillPerMinute: config.throttle.refillPerMinute };
  const tokens = new TokenBuckets(
    clock,
    defaultThrottleConfig({
      default: { burst: config.throttle.burst, refillPerMinute: config.throttle.refillPerMinute },
      perKind: { MachineConfig: strict, KubeletConfig: strict },
    }),
  );
  const renderer = new TemplateRenderer(config.templatesDir);
  const operator = new Operator({
    config,
    client,
    logger,
    metrics,
    clock,
    tokens,
    catalog,
    renderer,
    tombstones: loadTombstones(config.templatesDir),
    events: new EventRecorder({ client, instance: config.identity, clock, logger }),
    debugRoutes: (op) => debugRoutes({ operator: op, catalog, config, renderer, logger, client }),
  });
  return { operator, close: () => client.close() };
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
