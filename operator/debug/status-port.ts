import type { ClusterView } from '../handlers/cluster-view.js';
import type { StatusBoard } from '../handlers/status-board.js';
import type { Readiness } from '../health/server.js';

/**
 * What /debug/* reads of the running operator, and nothing it could change: the probes, the
 * informer cache the operator renders from, and the latest outcomes.
 */
export interface DebugStatus {
  live(): boolean;
  ready(): Readiness;
  /** The HCO, Nodes, topology, served kinds and cached objects, as the informers hold them. */
  readonly view: ClusterView;
  readonly board: Pick<StatusBoard, 'assetStatuses' | 'tombstones' | 'orphans'>;
}
