import type { AssetDefinition } from '../assets/catalog.js';
import type { RenderContext } from '../assets/context.js';
import type { ObjectApplier } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import type { CustomizationType } from '../observability/metrics.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../throttling/clock.js';
import type { TokenBuckets } from '../throttling/token-bucket.js';
import type { DriftResult } from './decisions/drift.js';
import type { PoolWaitReason } from './decisions/pool-readiness.js';
import type { KubeletConfigReader } from './kubelet-configs.js';
import type { PoolGate } from './pool-gate.js';
import type { WriteCause } from './decisions/write-cause.js';

/** How one asset's pass through the pipeline ended. */
export type Outcome =
  | 'created' // the object did not exist and was applied
  | 'applied' // drift was corrected
  | 'unchanged' // compliant, nothing written
  | 'unmanaged' // mode: unmanaged on the live object
  | 'excluded' // disabled-resources matched
  | 'held' // a user annotation cannot be honoured: no write until it is fixed
  | 'deferred' // drift found but the token bucket is empty: requeued for the next token
  | 'skipped' // not applicable (rendered empty, namespace missing)
  | 'failed'; // the API server refused (dry-run or apply)

/** What the pipeline knows about one asset; each step returns an updated copy. */
export interface PipelineState {
  readonly asset: AssetDefinition;
  readonly context: RenderContext;
  /** The template's output, before patch and mask (what `render --raw` shows). */
  readonly rendered?: KubeObject;
  /** The object the autopilot wants, after render, patch and mask. */
  readonly desired?: KubeObject;
  readonly live?: KubeObject;
  readonly customizations: readonly CustomizationType[];
  /** A new force-reconcile value: bypass the steady-state shortcut and the token bucket once. */
  readonly forced: boolean;
  readonly drift?: DriftResult;
  readonly desiredHash?: string;
  /** Why the apply step writes (decided by the attribute step from the live object before the write). */
  readonly write?: WriteCause;
  /**
   * What the autopilot itself wants, before the mask copies live values in: render, HCO, patch
   * and the ignore-fields list. A change of it is "our desired state changed" (a free write).
   */
  readonly intentHash?: string;
  /** Problems worth a Warning Event that do not stop the pipeline (an ignore-fields path that matches nothing). */
  readonly warnings?: readonly StepWarning[];
}

export interface StepWarning {
  reason: string;
  note: string;
}

export interface Stop {
  stop: Outcome;
  state: PipelineState;
  /** Human-readable cause (held, deferred, failed, skipped). */
  reason?: string;
  /** The annotation at fault when held. */
  annotation?: string;
  /** When deferred: how long until the next token; when held by a conflict: until the next check. */
  retryAfterMs?: number;
  /** Deferred by an earlier run and still waiting: not a new deferral (counted once per wait). */
  waiting?: boolean;
  /** When deferred because the node tuning's MachineConfigPool is not ready: which pool, and why. */
  poolWait?: { pool: string; reason: PoolWaitReason };
  /** When held because other KubeletConfigs select the pool of ours: the pool and their names. */
  conflict?: { pool: string; others: readonly string[] };
  /** Competing field managers and paths when deferred. */
  competitors?: { managers: readonly string[]; paths: readonly string[] };
  error?: unknown;
}

export type StepResult = { next: PipelineState } | Stop;

/** Where the pipeline reads live objects: the informer cache first, then a live GET (adoption). */
export interface LiveReader {
  read(desired: KubeObject): Promise<KubeObject | undefined>;
  namespaceExists(name: string): Promise<boolean>;
}

/** The last state verified compliant per object: when neither side changed, skip the dry-run. */
export interface VerifiedCache {
  isCurrent(key: string, desiredHash: string, resourceVersion: string | undefined): boolean;
  remember(key: string, hashes: VerifiedHashes, resourceVersion: string | undefined): void;
  /** The intent hash last applied or verified for this object (undefined after a restart). */
  lastIntent(key: string): string | undefined;
  forget(key: string): void;
}

export interface VerifiedHashes {
  readonly desired: string;
  readonly intent: string;
}

/**
 * Per-object memory of the throttle, keyed `Kind/namespace/name`: when a deferred correction may
 * run (epoch ms), and the force-reconcile value last seen (`null` = seen without one).
 */
export interface ThrottleMemory {
  readonly waitUntil: Map<string, number>;
  readonly forceSeen: Map<string, string | null>;
}

export interface StepDeps {
  /** Steps only ever apply (dry-run or real); reads go through `live`. */
  readonly client: ObjectApplier;
  readonly live: LiveReader;
  readonly tokens: TokenBuckets;
  readonly verified: VerifiedCache;
  readonly throttle: ThrottleMemory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly render: (state: PipelineState) => KubeObject | undefined;
  /** Reads node tunings' MachineConfigPools before a write; without it (previews) nothing waits. */
  readonly pools?: PoolGate;
  /** Finds other tools' KubeletConfigs on the pool of ours; without it nothing is held for them. */
  readonly kubeletConfigs?: KubeletConfigReader;
}

export interface Step {
  readonly name: string;
  run(state: PipelineState, deps: StepDeps): Promise<StepResult>;
}

export function isStop(result: StepResult): result is Stop {
  return 'stop' in result;
}
