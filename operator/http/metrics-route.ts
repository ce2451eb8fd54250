import type { Route } from './routing.js';

/** Where the metrics text comes from (an adapter over the operator's own prom-client Registry). */
export interface MetricsSource {
  render(): Promise<string>;
  readonly contentType: string;
}

/** GET /metrics: the source's exposition text with its content type. */
export function metricsRoute(source: MetricsSource): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handle: async () => ({ status: 200, contentType: source.contentType, body: await source.render() }),
  };
}
