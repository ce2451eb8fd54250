import { CatalogError, type AssetDefinition, type Catalog } from '../assets/catalog.js';
import { accessHandler } from './access.js';
import { consoleHandler } from './console.js';
import { deschedulerHandler } from './descheduler.js';
import { hcoHandler } from './hco.js';
import { inFlightOperationsHandler } from './in-flight-operations.js';
import { loggingHandler } from './logging.js';
import { metricsExporterHandler } from './metrics-exporter.js';
import { monitoringHandler } from './monitoring.js';
import { nodeTuningsHandler } from './node-tunings.js';
import { operatorCrsHandler } from './operator-crs.js';
import { remediationHandler } from './remediation.js';
import { groupKindOf, owns, type ResourceHandler } from './resource-handler.js';

/** The handlers the design names, the HCO first. A new catalog kind needs a place in one of them. */
export const HANDLERS: readonly ResourceHandler[] = [
  hcoHandler,
  nodeTuningsHandler,
  deschedulerHandler,
  remediationHandler,
  operatorCrsHandler,
  monitoringHandler,
  consoleHandler,
  accessHandler,
  loggingHandler,
  metricsExporterHandler,
  inFlightOperationsHandler,
];

/** The handler that owns each asset of a catalog. */
export interface HandlerSet {
  ownerOf(asset: AssetDefinition): ResourceHandler;
}

/** Pure: every handler that claims the asset's kind (exactly one, in a consistent catalog). */
export function claimsOf(
  asset: AssetDefinition,
  handlers: readonly ResourceHandler[] = HANDLERS,
): ResourceHandler[] {
  return handlers.filter((handler) => owns(handler, asset));
}

/**
 * Assigns each asset of the catalog to its one handler. An asset whose kind no handler (or more
 * than one) claims is a packaging error, reported at start with every such asset named.
 */
export function assignHandlers(
  catalog: Catalog,
  handlers: readonly ResourceHandler[] = HANDLERS,
): HandlerSet {
  const owners = new Map<string, ResourceHandler>();
  const problems: string[] = [];
  for (const asset of catalog.assets) {
    const claims = claimsOf(asset, handlers);
    const [owner] = claims;
    const { group, kind } = groupKindOf(asset);
    if (owner && claims.length === 1) owners.set(asset.name, owner);
    else if (!owner) problems.push(`asset ${asset.name}: no handler owns ${kind} (group "${group}")`);
    else problems.push(`asset ${asset.name}: ${kind} is owned by ${claims.map((h) => h.name).join(' and ')}`);
  }
  if (problems.length > 0) {
    throw new CatalogError(`${problems.join('; ')}: give each kind one handler in operator/handlers/`);
  }
  return {
    ownerOf(asset) {
      const owner = owners.get(asset.name);
      if (!owner)
        throw new CatalogError(`asset ${asset.name} is not in the catalog the handlers were assigned for`);
      return owner;
    },
  };
}
