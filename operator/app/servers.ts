import { createDebugServer } from '../debug/server.js';
import { healthRoutes, type HealthChecks } from '../health/server.js';
import { metricsRoute, type MetricsSource } from '../http/metrics-route.js';
import { HttpServer, type Logger, type Route } from '../http/server.js';
import type { Runnable } from '../runtime/manager.js';

export interface ServerSettings {
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  debugBindAddress: string;
  enableDebugServer: boolean;
}

export interface BoundAddress {
  name: string;
  host: string;
  port: number;
}

/**
 * The metrics, health and (loopback) debug servers as one runnable on every replica: a bind
 * address of `0` turns the first two off, as in controller-runtime.
 */
export class HttpServers implements Runnable {
  readonly name = 'http-servers';
  private readonly servers: HttpServer[] = [];
  private addresses: BoundAddress[] = [];

  constructor(
    settings: ServerSettings,
    sources: { metrics: MetricsSource; health: HealthChecks; debugRoutes: () => Route[]; logger: Logger },
  ) {
    const { logger } = sources;
    if (settings.metricsBindAddress !== '0') {
      const routes = [metricsRoute(sources.metrics)];
      this.servers.push(
        new HttpServer({ name: 'metrics', bindAddress: settings.metricsBindAddress, routes, logger }),
      );
    }
    if (settings.healthProbeBindAddress !== '0') {
      const routes = healthRoutes(sources.health);
      this.servers.push(
        new HttpServer({ name: 'health', bindAddress: settings.healthProbeBindAddress, routes, logger }),
      );
    }
    if (settings.enableDebugServer) {
      this.servers.push(
        createDebugServer({ bindAddress: settings.debugBindAddress, routes: sources.debugRoutes(), logger }),
      );
    }
  }

  /** Where each server listens (port 0 resolves to a real port once started). */
  get bound(): readonly BoundAddress[] {
    return this.addresses;
  }

  async start(): Promise<void> {
    this.addresses = await Promise.all(
      this.servers.map(async (s) => ({ name: s.name, ...(await s.start()) })),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}
