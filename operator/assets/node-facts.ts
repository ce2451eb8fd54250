import type { KubeObject, ObjectMeta } from '../kube/types.js';
import { isExtendedResource, isHardwareLabel, TOPOLOGY_POLICY_ANNOTATION } from './hardware.js';
import { isRecord } from './json.js';
import { isTopologyLabel } from './topology.js';

function pick<T>(
  entries: Record<string, T> | undefined,
  keep: (key: string) => boolean,
): Record<string, T> | undefined {
  if (!entries) return undefined;
  const kept = Object.entries(entries).filter(([key]) => keep(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The part of a Node that hardware and topology facts read: the role and device labels, the
 * topology-manager annotation and extended-resource capacity. Everything else (images,
 * conditions, addresses, the hundreds of CPU-feature labels) is dropped before the informer
 * caches it; a real Node shrinks from several KiB to a few hundred bytes. Pure;
 * `detectHardware` and `detectTopology` give the same answer for the projection as for the Node.
 */
export function nodeFactsProjection(node: KubeObject): KubeObject {
  const { name, resourceVersion, uid } = node.metadata;
  const labels = pick(node.metadata.labels, (key) => isHardwareLabel(key) || isTopologyLabel(key));
  const annotations = pick(node.metadata.annotations, (key) => key === TOPOLOGY_POLICY_ANNOTATION);
  const metadata: ObjectMeta = {
    ...(name !== undefined ? { name } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
  const status = node.status;
  const capacity = isRecord(status) && isRecord(status.capacity) ? status.capacity : undefined;
  const devices = pick(capacity, isExtendedResource);
  return {
    apiVersion: node.apiVersion,
    kind: node.kind,
    metadata,
    ...(devices ? { status: { capacity: devices } } : {}),
  };
}
