import type { NodeKubeClient } from '../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../operator/kube/types.js';
import { NS } from './cluster.js';
import type { AssetStatus, BenchOperator, MemorySample } from './operator-proc.js';

const COMPLIANT = new Set(['created', 'applied', 'unchanged']);
const NOT_ENABLED = new Set(['excluded', 'missing-dependency', 'skipped']);
export const SERVICE: ObjectRef = {
  apiVersion: 'v1',
  kind: 'Service',
  name: 'virt-platform-autopilot-metrics',
  namespace: NS,
};
const SERVICE_GVK = { group: '', version: 'v1', kind: 'Service' };

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls /debug/status until every asset has a status and every enabled one is compliant. */
export async function timeToCompliant(
  op: BenchOperator,
  /** Every catalog asset has a status; undefined: an image built from another catalog. */
  assetCount: number | undefined,
  timeoutMs: number,
): Promise<{ ms: number; enabled: number; statuses: AssetStatus[] }> {
  for (;;) {
    const statuses = await op.status().catch(() => [] as AssetStatus[]);
    const enabled = statuses.filter((s) => !NOT_ENABLED.has(s.outcome));
    if (
      (assetCount === undefined || statuses.length === assetCount) &&
      enabled.length > 0 &&
      enabled.every((s) => COMPLIANT.has(s.outcome))
    )
      return { ms: performance.now() - op.startedAt, enabled: enabled.length, statuses };
    if (performance.now() - op.startedAt > timeoutMs)
      throw new Error(
        `not compliant after ${timeoutMs} ms: ${JSON.stringify(statuses.filter((s) => !COMPLIANT.has(s.outcome)))}`,
      );
    await sleep(20);
  }
}

const appOf = (obj: KubeObject): unknown =>
  (obj.spec as { selector?: { app?: unknown } } | undefined)?.selector?.app;

/**
 * External edits of a managed field (the metrics Service's selector), one at a time: each latency
 * runs from sending the edit until the bench's own watch sees the golden value back.
 */
export async function driftLatencies(client: NodeKubeClient, edits: number): Promise<number[]> {
  const golden = appOf((await client.get(SERVICE)) as KubeObject);
  let waiter: ((obj: KubeObject) => void) | undefined;
  const start = await client.get(SERVICE);
  const watch = await client.watch(
    SERVICE_GVK,
    {
      namespace: NS,
      fieldSelector: `metadata.name=${SERVICE.name}`,
      resourceVersion: start?.metadata.resourceVersion ?? '0',
    },
    (event) => waiter?.(event.object),
  );
  const latencies: number[] = [];
  try {
    for (let i = 0; i < edits; i++) {
      const restored = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`edit ${i} not corrected within 30 s`)), 30_000);
        let edited = false;
        waiter = (obj) => {
          if (appOf(obj) === `bench-drift-${i}`) edited = true;
          else if (edited && appOf(obj) === golden) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        };
      });
      const sent = performance.now();
      await client.mergePatch(
        SERVICE,
        { spec: { selector: { app: `bench-drift-${i}` } } },
        { fieldManager: 'bench-editor' },
      );
      latencies.push((await restored) - sent);
    }
  } finally {
    watch.stop();
  }
  return latencies;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface MemoryPoint extends MemorySample {
  events: number;
  heapUsedBytes: number;
}

const heapUsed = async (op: BenchOperator): Promise<number> =>
  Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await op.metrics())?.[1] ?? NaN);

/**
 * `total` watch events for the operator: annotation updates to labelled bystander Services (a
 * managed kind, label-selected by its informer) that no asset renders, with memory sampled as it goes.
 */
export async function watchEventLoad(
  client: NodeKubeClient,
  op: BenchOperator,
  total: number,
  objects = 20,
): Promise<MemoryPoint[]> {
  const names = Array.from({ length: objects }, (_, i) => `bench-load-${i}`);
  for (const name of names)
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name,
          namespace: NS,
          labels: { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' },
        },
        spec: { ports: [{ port: 80 }] },
      },
      { fieldManager: 'bench-load', force: true, dryRun: false },
    );
  const samples: MemoryPoint[] = [{ events: 0, ...op.memory(), heapUsedBytes: await heapUsed(op) }];
  const step = total / 10;
  for (let sent = 0; sent < total; ) {
    const batch = Math.min(step, total - sent);
    await runConcurrently(batch, 8, (k) => {
      const n = sent + k;
      const ref = { ...SERVICE, name: names[n % objects] ?? '' };
      return client.mergePatch(
        ref,
        { metadata: { annotations: { 'bench/seq': String(n) } } },
        { fieldManager: 'bench-load' },
      );
    });
    sent += batch;
    samples.push({ events: sent, ...op.memory(), heapUsedBytes: await heapUsed(op) });
  }
  return samples;
}

export async function runConcurrently(
  count: number,
  width: number,
  task: (k: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

export interface SettledMemory {
  /** Means over the samples, MiB. */
  rssMiB: number;
  anonMiB: number;
  fileMiB: number;
}

/** Mean VmRSS / RssAnon / RssFile of `count` samples `everyMs` apart, after waiting `settleMs`. */
export async function settledMemory(
  op: BenchOperator,
  { settleMs = 30_000, count = 6, everyMs = 5000 } = {},
): Promise<SettledMemory> {
  await sleep(settleMs);
  const samples: MemorySample[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(op.memory());
    if (i < count - 1) await sleep(everyMs);
  }
  return meanMemory(samples);
}

/** Means of VmRSS, RssAnon and RssFile over samples, in MiB. */
export function meanMemory(samples: readonly MemorySample[]): SettledMemory {
  const mean = (key: 'rssBytes' | 'anonBytes' | 'fileBytes'): number =>
    samples.reduce((sum, s) => sum + s[key], 0) / Math.max(1, samples.length) / 2 ** 20;
  return { rssMiB: mean('rssBytes'), anonMiB: mean('anonBytes'), fileMiB: mean('fileBytes') };
}
