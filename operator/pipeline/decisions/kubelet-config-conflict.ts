import { byCodeUnits } from '../../compare.js';
import { isManagedByUs } from '../ownership.js';
import type { KubeObject } from '../../kube/types.js';
import { selectorMatches } from './label-selector.js';

/** The label the Machine Config Operator puts on each of its pools, and our KubeletConfig selects. */
export const POOL_LABEL_PREFIX = 'pools.operator.machineconfiguration.openshift.io/';

/** Another tool's KubeletConfig on the pool of ours: the Machine Config Operator would keep only one. */
export interface KubeletConfigConflict {
  pool: string;
  /** The other KubeletConfigs that select the pool, by name (sorted). */
  others: readonly string[];
  message: string;
}

export interface ConflictInput {
  /** Our KubeletConfig's name (`virt-kubelet-<pool>`). */
  ours: string;
  pool: string;
  /** The live MachineConfigPool, or undefined while it does not exist. */
  livePool: KubeObject | undefined;
  kubeletConfigs: readonly KubeObject[];
  /** KubeletConfigs a tombstone names (an earlier release's, removed at the start of each pass). */
  retired?: readonly string[];
}

/**
 * The KubeletConfigs not owned by the autopilot that select the same MachineConfigPool as ours.
 * The MCO does not merge KubeletConfigs: the one created last wins whole, so writing ours would
 * silently drop theirs (a PerformanceProfile's, an admin's), or theirs already drops ours. Pool
 * labels are the live pool's; while the pool does not exist, the one label our selector names.
 * A labelled object is ours only when a tombstone names it (an earlier release's, being removed):
 * a copy of ours renamed by an admin keeps the label but is never deleted (an orphan), so the MCO
 * would keep only one of the two for good. Pure.
 */
export function findKubeletConfigConflict(input: ConflictInput): KubeletConfigConflict | undefined {
  const labels = input.livePool?.metadata.labels ?? { [`${POOL_LABEL_PREFIX}${input.pool}`]: '' };
  const foreign = input.kubeletConfigs.filter(
    (kc) =>
      kc.metadata.name !== input.ours &&
      !(isManagedByUs(kc) && (input.retired ?? []).includes(kc.metadata.name ?? '')) &&
      kc.metadata.deletionTimestamp === undefined &&
      selectorMatches(specOf(kc).machineConfigPoolSelector, labels),
  );
  if (foreign.length === 0) return undefined;
  const others = foreign.map((kc) => kc.metadata.name ?? '').sort();
  const ourLive = input.kubeletConfigs.find((kc) => kc.metadata.name === input.ours);
  const newest = newestOf(ourLive ? [...foreign, ourLive] : foreign);
  return { pool: input.pool, others, message: conflictMessage(input, others, newest) };
}

function conflictMessage(
  input: ConflictInput,
  others: readonly string[],
  newest: string | undefined,
): string {
  const list = others.map((n) => `KubeletConfig/${n}`).join(', ');
  const verb = others.length === 1 ? 'selects' : 'select';
  const now = newest ? `; the MCO applies the one created last whole (now ${newest})` : '';
  return (
    `${list} ${verb} MachineConfigPool ${input.pool} too, and is not the autopilot's: the Machine Config ` +
    `Operator does not merge KubeletConfigs${now}, so KubeletConfig/${input.ours} is not written ` +
    `(never deleted) until only one KubeletConfig selects the pool`
  );
}

/** The KubeletConfig created last (the one the MCO applies), when the timestamps tell it apart. */
function newestOf(candidates: readonly KubeObject[]): string | undefined {
  const stamped = candidates.map((kc) => ({
    name: kc.metadata.name ?? '',
    at: kc.metadata.creationTimestamp ?? '',
  }));
  if (stamped.some((s) => s.at === '')) return undefined;
  const [last, before] = stamped.sort((a, b) => byCodeUnits(b.at, a.at));
  return last && before?.at !== last.at ? last.name : undefined;
}

function specOf(kc: KubeObject): Record<string, unknown> {
  const spec = (kc as { spec?: unknown }).spec;
  return typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {};
}
