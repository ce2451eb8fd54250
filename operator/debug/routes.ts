import type { Catalog } from '../assets/catalog.js';
import type { RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import { HttpError, type Route } from '../http/server.js';
import { liveReader } from '../handlers/live-reader.js';
import type { KubeClient } from '../kube/client.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { featureViews } from '../render/features.js';
import { contextFromView, renderAssets } from '../render/operations.js';
import { ReadOnlyClient } from '../render/read-only-client.js';
import type { AssetReport } from '../render/report.js';
import { HCO_NAME } from '../assets/hco-ref.js';
import { debugRoute } from './server.js';
import type { DebugStatus } from './status-port.js';

export interface DebugRouteDeps {
  /** What the running operator knows (narrow: the routes read, never change). */
  status: DebugStatus;
  catalog: Catalog;
  namespace: string;
  /** RELATED_IMAGE_* as the configuration parsed them. */
  images: Readonly<Record<string, string>>;
  /**
   * The operator's client: live objects for patch and mask come from its informer cache, with a
   * read-only GET fallback. Without it, `/debug/render` stops at disabled-resources.
   */
  client?: KubeClient;
  /** The operator's renderer. */
  renderer: TemplateRenderer;
  /** The operator's tombstones (a tombstoned KubeletConfig of ours holds nothing, as in a pass). */
  tombstones: readonly Tombstone[];
  logger?: Logger;
}

/**
 * Read-only debug routes on the loopback debug server: what the running operator knows, and what
 * it would render right now from its own informer cache (HCO, Nodes, topology, served kinds),
 * with the operator's own eligibility, render and disabled-resources logic.
 */
export function debugRoutes(deps: DebugRouteDeps): Route[] {
  const { status, catalog, namespace, images, renderer, tombstones } = deps;
  const { view, board } = status;
  const logger = deps.logger ?? createLogger({ level: 'error' });
  const cluster = deps.client
    ? { client: deps.client, live: liveReader(view, new ReadOnlyClient(deps.client)) }
    : undefined;
  const render = async (only?: string, raw = false): Promise<AssetReport[]> => {
    const context = contextFromView(view, images);
    if (!context) {
      throw new HttpError(
        503,
        `no HyperConverged ${HCO_NAME} in namespace ${namespace} yet: nothing to render`,
      );
    }
    return renderAssets({
      catalog,
      renderer,
      tombstones,
      context,
      logger,
      raw,
      ...(cluster ? { cluster } : {}),
      ...(only ? { only } : {}),
    });
  };
  return [
    debugRoute('/debug/health', async () => ({ live: status.live(), ready: status.ready() })),
    debugRoute('/debug/status', async () => board.assetStatuses()),
    debugRoute('/debug/tombstones', async () => board.tombstones()),
    debugRoute('/debug/orphans', async () => board.orphans()),
    debugRoute('/debug/render', (_match, query) => render(undefined, isRaw(query('raw')))),
    debugRoute(/\/debug\/render\/([^/]*)/, async (match, query) => {
      const name = match?.[1] ?? '';
      if (!catalog.get(name)) throw new HttpError(404, `asset "${name}" not found in the catalog`);
      return (await render(name, isRaw(query('raw'))))[0];
    }),
    // The feature catalog and what this cluster gets of each feature (render throws 503 without an HCO).
    debugRoute('/debug/features', async () => {
      const reports = await render();
      return featureViews(catalog, reports, contextFromView(view, images) as RenderContext);
    }),
    debugRoute('/debug/exclusions', async () =>
      (await render()).filter((r) => !r.included).map(({ object: _object, ...rest }) => rest),
    ),
  ];
}

/** `?raw`, `?raw=true` or `?raw=1`: the template's output instead of the object as applied. */
function isRaw(value: string | null): boolean {
  return value !== null && value !== 'false' && value !== '0';
}
