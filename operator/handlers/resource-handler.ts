import type { AssetDefinition } from '../assets/catalog.js';
import { splitApiVersion } from '../kube/types.js';
import { runPipeline } from '../pipeline/pipeline.js';
import type { KubeletConfigReader } from '../pipeline/kubelet-configs.js';
import type { PoolGate } from '../pipeline/pool-gate.js';
import type { PipelineState, Step, StepDeps, Stop } from '../pipeline/step.js';

/** A kind as the catalog names it: the API group of `api_version` ('' for core) and `component`. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** What a handler needs to run one asset: the shared steps and their dependencies. */
export interface PipelineIo {
  readonly steps: readonly Step[];
  /** Shared by every handler; carries no pool gate (only the node tunings handler adds it). */
  readonly deps: StepDeps;
  /** MachineConfigPool readiness; absent in previews, where nothing waits. */
  readonly pools?: PoolGate;
  /** Other tools' KubeletConfigs on a pool; absent in previews without a cluster. */
  readonly kubeletConfigs?: KubeletConfigReader;
}

/** One asset run: its specialised context, nothing forced. */
export type AssetRun = Pick<PipelineState, 'asset' | 'context'>;

/**
 * A resource handler: it says which catalog kinds it owns and runs its assets through the one
 * shared Patched Baseline pipeline. `scope: 'pass'` marks the handler whose objects every other
 * asset renders from (the HCO): its assets run first, and a request for one of them runs the pass.
 */
export interface ResourceHandler {
  readonly name: string;
  readonly kinds: readonly GroupKind[];
  readonly scope: 'asset' | 'pass';
  reconcile(run: AssetRun, io: PipelineIo): Promise<Stop>;
}

/** The kind of a catalog asset. */
export function groupKindOf(asset: Pick<AssetDefinition, 'apiVersion' | 'component'>): GroupKind {
  return { group: splitApiVersion(asset.apiVersion).group, kind: asset.component };
}

/** Whether the handler owns the asset: its kind (group and Kind) is one the handler lists. */
export function owns(handler: Pick<ResourceHandler, 'kinds'>, asset: AssetDefinition): boolean {
  const { group, kind } = groupKindOf(asset);
  return handler.kinds.some((k) => k.group === group && k.kind === kind);
}

/** The Patched Baseline as every handler runs it, with the shared dependencies only. */
export function runShared(run: AssetRun, io: PipelineIo): Promise<Stop> {
  return runPipeline({ ...run, customizations: [], forced: false }, io.deps, io.steps);
}

/** A handler that runs its assets through the shared pipeline with nothing of its own. */
export function plainHandler(name: string, kinds: readonly GroupKind[]): ResourceHandler {
  return { name, kinds, scope: 'asset', reconcile: runShared };
}
