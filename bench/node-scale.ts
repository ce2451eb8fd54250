import path from 'node:path';
import { loadCatalog } from '../operator/assets/catalog.js';
import { repoRoot } from '../tests/support/paths.js';
import type { BenchCluster } from './cluster.js';
import { nodeLabelLatencies, seedRealisticNodes } from './nodes.js';
import type { BenchOperator } from './operator-proc.js';
import { percentile, settledMemory, timeToCompliant } from './phases.js';

export interface NodeScaleFigures {
  nodes: number;
  seedSeconds: number;
  startToCompliantMs: number;
  /** Mean RSS over 30 s, sampled every 5 s, starting 30 s after all assets were compliant. */
  steadyRssMiB: number;
  /** The same samples' RssAnon and RssFile. */
  steadyAnonMiB: number;
  steadyFileMiB: number;
  peakRssMiB: number;
  heapUsedMiB: number;
  labelToRender: { flips: number; p50Ms: number; p95Ms: number; maxMs: number };
}

const heapUsed = async (op: BenchOperator): Promise<number> =>
  Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await op.metrics())?.[1] ?? NaN);

/**
 * Seeds `nodes` realistic Nodes, starts a fresh operator and measures its start-up, its memory
 * with them cached, and how long a Node label change takes to show in a rendered object.
 * Returns the running operator for the caller to stop.
 */
export async function nodeScale(
  bench: BenchCluster,
  spawn: () => Promise<BenchOperator>,
  options: { nodes: number; flips: number; say: (line: string) => void },
): Promise<{ figures: NodeScaleFigures; op: BenchOperator }> {
  const seedStart = performance.now();
  await seedRealisticNodes(bench.client, options.nodes);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  options.say(`seeded ${options.nodes} Nodes in ${seedSeconds.toFixed(0)} s`);
  const op = await spawn();
  const catalogAssets = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
  const compliant = await timeToCompliant(op, catalogAssets, 300_000);
  options.say(`with ${options.nodes} Nodes: compliant after ${compliant.ms.toFixed(0)} ms`);
  const steady = await settledMemory(op);
  const heap = await heapUsed(op);
  const latencies = await nodeLabelLatencies(bench.client, options.flips);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    op,
    figures: {
      nodes: options.nodes,
      seedSeconds,
      startToCompliantMs: compliant.ms,
      steadyRssMiB: steady.rssMiB,
      steadyAnonMiB: steady.anonMiB,
      steadyFileMiB: steady.fileMiB,
      peakRssMiB: op.memory().peakRssBytes / 2 ** 20,
      heapUsedMiB: heap / 2 ** 20,
      labelToRender: {
        flips: sorted.length,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        maxMs: sorted.at(-1) ?? NaN,
      },
    },
  };
}
