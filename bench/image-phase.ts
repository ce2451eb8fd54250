import type { BenchOperator } from './operator-proc.js';
import { settledMemory, timeToCompliant, type SettledMemory } from './phases.js';

export interface ImageFigures {
  image: string;
  /** Realistic Nodes in the cluster at the time (0: the sample platform only). */
  nodes: number;
  /** From `podman run` (container creation included) until every enabled asset is compliant. */
  startToCompliantMs: number;
  /** Means over 30 s (every 5 s), starting 30 s after all assets were compliant. */
  steady: SettledMemory;
  /** VmHWM of the container's process at the end. */
  peakRssMiB: number;
}

/**
 * The built image as the Deployment runs it: a fresh container, its start-up and its settled and
 * peak memory. Stops the container before returning.
 */
export async function imagePhase(
  spawn: () => Promise<BenchOperator>,
  options: { image: string; nodes: number; catalogAssets: number },
): Promise<ImageFigures> {
  const op = await spawn();
  try {
    const compliant = await timeToCompliant(op, options.catalogAssets, 300_000);
    const steady = await settledMemory(op);
    return {
      image: options.image,
      nodes: options.nodes,
      startToCompliantMs: compliant.ms,
      steady,
      peakRssMiB: op.memory().peakRssBytes / 2 ** 20,
    };
  } finally {
    await op.stop();
  }
}
