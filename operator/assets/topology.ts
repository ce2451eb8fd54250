import type { KubeObject } from '../kube/types.js';
import { isRecord, valueAt } from './json.js';

/** Cluster shape for conditions and templates. Zero values when OpenShift's config kinds are absent. */
export interface TopologyFacts {
  /** Hosted control plane (`Infrastructure.status.controlPlaneTopology == External`). */
  isHCP: boolean;
  /** Every node is a control-plane node that also runs workloads. */
  isCompact: boolean;
  hasSchedulableMasters: boolean;
  controlPlaneTopology: string;
  /** `Infrastructure.status.platformStatus.type`, e.g. BareMetal, AWS, None. */
  cloudProvider: string;
  isBareMetal: boolean;
  masterCount: number;
  /** Workers that are not control-plane nodes. */
  workerCount: number;
  totalNodeCount: number;
}

/** The facts a `topology` condition may test. */
export const TOPOLOGY_BOOLEAN_FIELDS: readonly string[] = [
  'isHCP',
  'isCompact',
  'hasSchedulableMasters',
  'isBareMetal',
];

const MASTER_LABELS = ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane'];
const WORKER_LABEL = 'node-role.kubernetes.io/worker';

/** True for the label keys `detectTopology` reads. */
export function isTopologyLabel(key: string): boolean {
  return key === WORKER_LABEL || MASTER_LABELS.includes(key);
}

/** Pure: nodes plus the optional `Infrastructure/cluster` and `Scheduler/cluster` objects. */
export function detectTopology(input: {
  nodes: readonly KubeObject[];
  infrastructure?: KubeObject;
  scheduler?: KubeObject;
}): TopologyFacts {
  const roles = input.nodes.map((node) => {
    const labels = node.metadata.labels ?? {};
    return { master: MASTER_LABELS.some((l) => l in labels), worker: WORKER_LABEL in labels };
  });
  const masters = roles.filter((r) => r.master);
  const masterCount = masters.length;
  const workerCount = roles.filter((r) => r.worker && !r.master).length;
  const controlPlaneTopology = stringAt(input.infrastructure, 'status.controlPlaneTopology');
  const cloudProvider =
    stringAt(input.infrastructure, 'status.platformStatus.type') ||
    stringAt(input.infrastructure, 'status.platform');
  // OpenShift labels control-plane nodes as workers too once masters are schedulable, so the
  // nodes tell it even where the Scheduler kind is not served.
  const schedulerSays = valueAt(input.scheduler, 'spec.mastersSchedulable') === true;
  return {
    isHCP: controlPlaneTopology === 'External',
    isCompact: masterCount > 0 && workerCount === 0 && masters.every((r) => r.worker),
    hasSchedulableMasters: schedulerSays || masters.some((r) => r.worker),
    controlPlaneTopology,
    cloudProvider,
    isBareMetal: cloudProvider === 'BareMetal',
    masterCount,
    workerCount,
    totalNodeCount: input.nodes.length,
  };
}

function stringAt(obj: KubeObject | undefined, dottedPath: string): string {
  if (!isRecord(obj)) return '';
  const value = valueAt(obj, dottedPath);
  return typeof value === 'string' ? value : '';
}
