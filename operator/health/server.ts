import { textResponse } from '../http/routing.js';
import type { Route } from '../http/routing.js';

export type Readiness = boolean | { ready: false; reason: string };

/** The probes behind /healthz and /readyz (ready once the caches have synced). */
export interface HealthChecks {
  live(): boolean;
  ready(): Readiness;
}

/** `/healthz` answers 200 `ok` while live; `/readyz` 200 `ok` when ready, else 503 with the reason. */
export function healthRoutes(checks: HealthChecks): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: async () => (checks.live() ? textResponse(200, 'ok') : textResponse(503, 'not live')),
    },
    {
      method: 'GET',
      path: '/readyz',
      handle: async () => {
        const readiness = checks.ready();
        if (readiness === true) return textResponse(200, 'ok');
        return textResponse(503, readiness === false ? 'not ready' : `not ready: ${readiness.reason}`);
      },
    },
  ];
}
