import { detectTopology } from '../assets/topology.js';
import { nodeFactsFingerprint } from '../handlers/routing.js';
import type { KubeObject } from '../kube/types.js';

/**
 * What rendering reads from Nodes, Infrastructure and Scheduler, as one string: the Node facts,
 * and the topology the two OpenShift config objects yield. A projection, not the objects
 * themselves, so a status field rendering never reads changes nothing, and no depth of a
 * user-written Scheduler spec can break it.
 */
export function factsFingerprint(input: {
  nodes: readonly KubeObject[];
  infrastructure?: KubeObject | undefined;
  scheduler?: KubeObject | undefined;
}): string {
  const { infrastructure, scheduler } = input;
  const topology = detectTopology({
    nodes: [],
    ...(infrastructure ? { infrastructure } : {}),
    ...(scheduler ? { scheduler } : {}),
  });
  return nodeFactsFingerprint(input.nodes) + JSON.stringify(topology);
}
