import { runShared, type ResourceHandler } from './resource-handler.js';

/**
 * The HyperConverged (reconcile_order 0): applied first in every pass, because every other asset
 * renders from the effective HCO it leaves; an event on it therefore runs the whole pass.
 */
export const hcoHandler: ResourceHandler = {
  name: 'hco',
  kinds: [{ group: 'hco.kubevirt.io', kind: 'HyperConverged' }],
  scope: 'pass',
  reconcile: runShared,
};
