import type { Catalog } from '../assets/catalog.js';
import type { Config } from '../config.js';
import type { Route } from '../http/server.js';
import type { Operator } from '../runtime/operator.js';
import { formatBody } from './server.js';

/**
 * Read-only debug routes on the loopback debug server. (The render/exclusion routes grow with
 * the CLI; these expose what the running operator knows.)
 */
export function debugRoutes(deps: { operator: Operator; catalog: Catalog; config: Config }): Route[] {
  const json =
    (value: () => unknown): Route['handle'] =>
    async (req) => {
      const format = new URL(req.url ?? '/', 'http://localhost').searchParams.get('format');
      return { status: 200, ...formatBody(value(), format) };
    };
  return [
    {
      method: 'GET',
      path: '/debug/health',
      handle: json(() => ({ live: deps.operator.live(), ready: deps.operator.ready() })),
    },
    { method: 'GET', path: '/debug/status', handle: json(() => deps.operator.board.assetStatuses()) },
    { method: 'GET', path: '/debug/tombstones', handle: json(() => deps.operator.board.tombstones()) },
    { method: 'GET', path: '/debug/orphans', handle: json(() => deps.operator.board.orphans()) },
  ];
}
