import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The identity of one managed object's series; `namespace` is '' for cluster-scoped objects. */
export interface SeriesRef {
  kind: string;
  name: string;
  namespace: string;
}

export type CustomizationType = 'patch' | 'ignore' | 'unmanaged';
export type ReconcileResult = 'success' | 'error' | 'requeue' | 'deferred';
export type TombstoneStatus = 0 | -1 | -2;

const CUSTOMIZATION_TYPES: readonly CustomizationType[] = ['patch', 'ignore', 'unmanaged'];
const OBJECT_LABELS = ['kind', 'name', 'namespace'] as const;
const GVK_LABELS = ['group', 'version', 'kind'] as const;
const DEFAULT_PREFIX = 'virt_platform_';

/** Full default names, written out so docs and dashboards can be checked against this file. */
const FAMILIES = {
  compliance: {
    name: 'virt_platform_compliance_status',
    help: 'Compliance of a managed object (1 synced, 0 drifted, failed or held).',
  },
  thrashing: {
    name: 'virt_platform_thrashing_total',
    help: 'Corrections deferred because the token bucket of the object was empty.',
  },
  customization: {
    name: 'virt_platform_customization_info',
    help: 'User customizations set through annotations (1 when present).',
  },
  missingDependency: {
    name: 'virt_platform_missing_dependency',
    help: 'A kind an enabled asset needs is not served (1 missing, 0 present).',
  },
  duration: {
    name: 'virt_platform_reconcile_duration_seconds',
    help: 'Time to reconcile one managed object through the pipeline.',
  },
  tombstone: {
    name: 'virt_platform_tombstone_status',
    help: 'Tombstone outcome (0 deleted or absent, -1 failed, -2 skipped: not ours).',
  },
  orphans: {
    name: 'virt_platform_orphaned_resources',
    help: 'Objects with the managed-by label that no enabled asset renders, per kind (names: /debug/orphans).',
  },
  queueDepth: { name: 'virt_platform_workqueue_depth', help: 'Keys waiting in the work queue.' },
  queueRetries: {
    name: 'virt_platform_workqueue_retries_total',
    help: 'Keys requeued with backoff after a failure.',
  },
  reconciles: { name: 'virt_platform_reconcile_total', help: 'Reconciles by result.' },
  leader: { name: 'virt_platform_leader', help: 'Whether this replica holds the leader lease (1 leader).' },
  poolWait: {
    name: 'virt_platform_pool_wait',
    help: 'A MachineConfig or KubeletConfig write waits for its MachineConfigPool (1 while waiting; reason paused, degraded or updating).',
  },
} as const;
type Family = keyof typeof FAMILIES;

/** Same buckets as Prometheus' defaults: from 5 ms (a cached no-op) to 10 s (a slow apiserver). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labelsOf(ref: SeriesRef): Record<ObjectLabel, string> {
  return { kind: ref.kind, name: ref.name, namespace: ref.namespace };
}

type ObjectLabel = (typeof OBJECT_LABELS)[number];

/** Creates every family on `registry`; `prefix` replaces `virt_platform_` (tests, side-by-side runs). */
function createFamilies(registry: Registry, prefix: string) {
  const registers = [registry];
  const meta = (key: Family) => ({
    name: prefix + FAMILIES[key].name.slice(DEFAULT_PREFIX.length),
    help: FAMILIES[key].help,
    registers,
  });
  const gauge = <L extends string>(key: Family, labelNames: readonly L[]) =>
    new Gauge<L>({ ...meta(key), labelNames });
  const counter = <L extends string>(key: Family, labelNames: readonly L[]) =>
    new Counter<L>({ ...meta(key), labelNames });
  return {
    compliance: gauge('compliance', OBJECT_LABELS),
    thrashing: counter('thrashing', OBJECT_LABELS),
    customization: gauge('customization', [...OBJECT_LABELS, 'type']),
    missingDependency: gauge('missingDependency', GVK_LABELS),
    duration: new Histogram<ObjectLabel>({
      ...meta('duration'),
      labelNames: OBJECT_LABELS,
      buckets: DURATION_BUCKETS,
    }),
    tombstone: gauge('tombstone', OBJECT_LABELS),
    orphans: gauge('orphans', ['kind']),
    queueDepth: gauge('queueDepth', []),
    queueRetries: counter('queueRetries', []),
    reconciles: counter('reconciles', ['result']),
    leader: gauge('leader', []),
    poolWait: gauge('poolWait', [...OBJECT_LABELS, 'pool', 'reason']),
  };
}

/**
 * Every metric the operator exports, on a Registry of its own (nothing touches prom-client's
 * global default). Series of objects that stop being managed are removed, never left stale.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly contentType: string;
  private readonly m: ReturnType<typeof createFamilies>;
  /** The pool-wait series per object, so it can be removed without guessing its labels. */
  private readonly poolWaits = new Map<string, { pool: string; reason: string }>();

  constructor(opts: { prefix?: string } = {}) {
    this.contentType = this.registry.contentType;
    collectDefaultMetrics({ register: this.registry });
    this.m = createFamilies(this.registry, opts.prefix ?? DEFAULT_PREFIX);
  }

  setCompliance(ref: SeriesRef, synced: boolean): void {
    this.m.compliance.set(labelsOf(ref), synced ? 1 : 0);
  }

  incThrashing(ref: SeriesRef): void {
    this.m.thrashing.inc(labelsOf(ref));
  }

  /** Sets the listed types to 1 and removes the series of every type not listed. */
  setCustomizations(ref: SeriesRef, types: readonly CustomizationType[]): void {
    for (const type of CUSTOMIZATION_TYPES) {
      const labels = { ...labelsOf(ref), type };
      if (types.includes(type)) this.m.customization.set(labels, 1);
      else this.m.customization.remove(labels);
    }
  }

  setMissingDependency(gvk: { group: string; version: string; kind: string }, missing: boolean): void {
    this.m.missingDependency.set(gvkLabels(gvk), missing ? 1 : 0);
  }

  removeMissingDependency(gvk: { group: string; version: string; kind: string }): void {
    this.m.missingDependency.remove(gvkLabels(gvk));
  }

  observeReconcile(ref: SeriesRef, seconds: number): void {
    this.m.duration.observe(labelsOf(ref), seconds);
  }

  setTombstoneStatus(ref: SeriesRef, status: TombstoneStatus): void {
    this.m.tombstone.set(labelsOf(ref), status);
  }

  /**
   * Replaces the whole orphan set with a count per kind: user-named objects never become series
   * (bounded cardinality; the names are on /debug/orphans). Kinds without orphans disappear.
   */
  setOrphans(refs: readonly SeriesRef[]): void {
    const perKind = new Map<string, number>();
    for (const ref of refs) perKind.set(ref.kind, (perKind.get(ref.kind) ?? 0) + 1);
    this.m.orphans.reset();
    for (const [kind, count] of perKind) this.m.orphans.set({ kind }, count);
  }

  /** The object stopped being managed: its state series go; the thrashing history stays. */
  forgetObject(ref: SeriesRef): void {
    const labels = labelsOf(ref);
    this.m.compliance.remove(labels);
    this.m.duration.remove(labels);
    for (const type of CUSTOMIZATION_TYPES) this.m.customization.remove({ ...labels, type });
    this.clearPoolWait(ref);
  }

  setQueueDepth(n: number): void {
    this.m.queueDepth.set(n);
  }

  incQueueRetries(): void {
    this.m.queueRetries.inc();
  }

  incReconcile(result: ReconcileResult): void {
    this.m.reconciles.inc({ result });
  }

  /** The object's write waits for `pool` in state `reason`: that one series is 1, its others go. */
  setPoolWait(ref: SeriesRef, pool: string, reason: string): void {
    this.clearPoolWait(ref);
    this.m.poolWait.set({ ...labelsOf(ref), pool, reason }, 1);
    this.poolWaits.set(objectKeyOf(ref), { pool, reason });
  }

  /** The object no longer waits for a pool (written, or no longer managed). */
  clearPoolWait(ref: SeriesRef): void {
    const key = objectKeyOf(ref);
    const wait = this.poolWaits.get(key);
    if (!wait) return;
    this.m.poolWait.remove({ ...labelsOf(ref), ...wait });
    this.poolWaits.delete(key);
  }

  setLeader(isLeader: boolean): void {
    this.m.leader.set(isLeader ? 1 : 0);
  }

  /** The exposition text for `/metrics` (serve it with `contentType`). */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

function objectKeyOf(ref: SeriesRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

function gvkLabels(gvk: { group: string; version: string; kind: string }): Record<string, string> {
  return { group: gvk.group, version: gvk.version, kind: gvk.kind };
}
