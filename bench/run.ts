// `npm run bench`: starts its own control plane (with an audit log), seeds a fully opted-in HCO
// and hardware Nodes, runs the operator as a child process under its own client identity, and
// measures start-to-compliant, drift-correction latency, API requests while idle and during the
// edit series, and memory under watch-event load. Prints a table, writes bench/results/latest.json.
// BENCH_IDLE_SECONDS (default 600), BENCH_EDITS (default 200), BENCH_WATCH_EVENTS (default 10000),
// BENCH_RUNTIME (bundle = the one-file bundle the image runs, the default; built = tsc's per-module
// output; tsx = TypeScript sources),
// BENCH_CREDENTIALS (in-cluster = a ServiceAccount token mount, the default; kubeconfig),
// BENCH_NODES (default 2000; 0 skips the Node-scale phase), BENCH_NODE_FLIPS (default 10),
// BENCH_V8_FLAGS (Node/V8 flags for the operator process, space-separated), BENCH_IMAGE (the
// built image also measured as the Deployment runs it; default localhost/virt-platform-autopilot:dev,
// `none` skips it).
import path from 'node:path';
import { loadCatalog } from '../operator/assets/catalog.js';
import { repoRoot } from '../tests/support/paths.js';
import {
  BENCH_USER,
  NS,
  OPERATOR_USER,
  seedFullCatalog,
  startBenchCluster,
  type BenchCluster,
} from './cluster.js';
import { serviceAccountMount, type BenchCredentials } from './in-cluster.js';
import { DEFAULT_IMAGE, imageSkipReason, spawnImageOperator } from './image-proc.js';
import { imagePhase } from './image-phase.js';
import { nodeScale } from './node-scale.js';
import { spawnBenchOperator, type BenchOperator, type BenchRuntime } from './operator-proc.js';
import {
  driftLatencies,
  meanMemory,
  percentile,
  sleep,
  timeToCompliant,
  watchEventLoad,
  type MemoryPoint,
  type SettledMemory,
} from './phases.js';
import { machineInfo, summaryTable, writeResults, type BenchResults } from './report.js';
import { auditCounts, diffCounts, requestTotals, writesAndDryRuns, type RequestFigures } from './requests.js';

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 600);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const WATCH_EVENTS = Number(process.env.BENCH_WATCH_EVENTS ?? 10_000);
// Throttling is not the subject here: a bucket this deep never runs dry during the edit series.
const THROTTLE_BURST = 1_000_000;
const RUNTIME: BenchRuntime =
  process.env.BENCH_RUNTIME === 'tsx' || process.env.BENCH_RUNTIME === 'built'
    ? process.env.BENCH_RUNTIME
    : 'bundle';
const CREDENTIALS = process.env.BENCH_CREDENTIALS === 'kubeconfig' ? 'kubeconfig' : 'in-cluster';
const NODES = Number(process.env.BENCH_NODES ?? 2000);
const NODE_FLIPS = Number(process.env.BENCH_NODE_FLIPS ?? 10);
const V8_FLAGS = (process.env.BENCH_V8_FLAGS ?? '').split(' ').filter(Boolean);
const IMAGE = process.env.BENCH_IMAGE ?? DEFAULT_IMAGE;
const RESULTS = path.join(repoRoot, 'bench', 'results', 'latest.json');

const say = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** Counts the operator's, the bench's and everyone's requests while `period` runs. */
async function countRequests(
  bench: BenchCluster,
  operatorUser: string,
  period: () => Promise<void>,
): Promise<RequestFigures> {
  const before = requestTotals(await bench.client.getRaw('/metrics'));
  const { offset } = auditCounts(bench.auditLog, 0);
  await period();
  const after = requestTotals(await bench.client.getRaw('/metrics'));
  const { byUser } = auditCounts(bench.auditLog, offset);
  const operator = byUser[operatorUser] ?? {};
  const { writes, dryRuns } = writesAndDryRuns(operator);
  return {
    metricAllClients: diffCounts(after, before),
    operator,
    bench: byUser[BENCH_USER] ?? {},
    operatorWrites: writes,
    operatorDryRuns: dryRuns,
  };
}

async function idlePeriod(op: BenchOperator): Promise<MemoryPoint[]> {
  const samples: MemoryPoint[] = [];
  const deadline = Date.now() + IDLE_SECONDS * 1000;
  while (Date.now() < deadline) {
    await sleep(Math.min(30_000, deadline - Date.now()));
    const heap = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await op.metrics())?.[1] ?? NaN);
    samples.push({ events: 0, ...op.memory(), heapUsedBytes: heap });
    say(`idle: ${Math.round((deadline - Date.now()) / 1000)} s left`);
  }
  return samples;
}

/** Mean memory of the second half of the idle samples: the process after start-up has settled. */
const steadyMemory = (samples: MemoryPoint[]): SettledMemory =>
  meanMemory(samples.slice(Math.floor(samples.length / 2)));

async function measure(bench: BenchCluster, op: BenchOperator, user: string): Promise<BenchResults> {
  const catalogAssets = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
  const compliant = await timeToCompliant(op, catalogAssets, 300_000);
  say(`all ${compliant.enabled} enabled assets compliant after ${compliant.ms.toFixed(0)} ms`);
  await sleep(5000); // let the start-up pass's own watch echoes settle before the idle window opens
  let idleMemory: MemoryPoint[] = [];
  say(`idle period: ${IDLE_SECONDS} s`);
  const idle = await countRequests(bench, user, async () => void (idleMemory = await idlePeriod(op)));
  say(`drift series: ${EDITS} edits`);
  let latencies: number[] = [];
  const edits = await countRequests(
    bench,
    user,
    async () => void (latencies = await driftLatencies(bench.client, EDITS)),
  );
  say(`watch-event load: ${WATCH_EVENTS} updates`);
  const samples = await watchEventLoad(bench.client, op, WATCH_EVENTS);
  await sleep(10_000);
  samples.push({
    events: WATCH_EVENTS,
    ...op.memory(),
    heapUsedBytes: Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await op.metrics())?.[1] ?? NaN),
  });
  const sorted = [...latencies].sort((a, b) => a - b);
  const steady = steadyMemory(idleMemory);
  return {
    date: new Date().toISOString(),
    machine: machineInfo(bench.plane.version),
    setup: { runtime: RUNTIME, credentials: CREDENTIALS, v8Flags: V8_FLAGS },
    startToCompliant: { ms: compliant.ms, enabledAssets: compliant.enabled, catalogAssets },
    drift: {
      edits: latencies.length,
      throttleBurst: THROTTLE_BURST,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? NaN,
      meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    },
    idle: { seconds: IDLE_SECONDS, requests: idle, memory: idleMemory },
    edits: { requests: edits },
    memory: {
      watchEvents: WATCH_EVENTS,
      samples,
      peakRssMiB: Math.max(...samples.map((s) => s.peakRssBytes)) / 2 ** 20,
      steadyRssMiB: steady.rssMiB,
      steadyAnonMiB: steady.anonMiB,
      steadyFileMiB: steady.fileMiB,
      peakHeapUsedMiB: Math.max(...[...samples, ...idleMemory].map((s) => s.heapUsedBytes)) / 2 ** 20,
    },
  };
}

async function operatorCredentials(bench: BenchCluster): Promise<BenchCredentials> {
  return CREDENTIALS === 'kubeconfig'
    ? { kind: 'kubeconfig', kubeconfig: bench.operatorKubeconfig, user: OPERATOR_USER }
    : serviceAccountMount(bench, NS, 'autopilot-bench-operator');
}

/** Why the image is not measured in this run, or undefined when it is. */
function imageSkipped(credentials: BenchCredentials): string | undefined {
  if (IMAGE === 'none') return 'BENCH_IMAGE=none';
  if (credentials.kind !== 'in-cluster') return 'the image runs with in-cluster credentials only';
  return imageSkipReason(IMAGE);
}

async function main(): Promise<void> {
  const bench = await startBenchCluster(say);
  let op: BenchOperator | undefined;
  try {
    await seedFullCatalog(bench.client);
    const credentials = await operatorCredentials(bench);
    const spawn = (): Promise<BenchOperator> =>
      spawnBenchOperator({
        credentials,
        namespace: NS,
        runtime: RUNTIME,
        nodeFlags: V8_FLAGS,
        flags: [`--throttle-burst=${THROTTLE_BURST}`, `--throttle-strict-burst=${THROTTLE_BURST}`],
      });
    op = await spawn();
    const results = await measure(bench, op, credentials.user);
    await op.stop();
    op = undefined;
    const skipped = imageSkipped(credentials);
    results.image = { figures: [], ...(skipped ? { skipped } : {}) };
    const measureImage = async (nodes: number): Promise<void> => {
      if (skipped || credentials.kind !== 'in-cluster') return;
      say(`image ${IMAGE}${nodes ? ` with ${nodes} Nodes` : ''}`);
      const spawnImage = (): Promise<BenchOperator> =>
        spawnImageOperator({ image: IMAGE, credentials, namespace: NS, flags: [] });
      results.image?.figures.push(
        await imagePhase(spawnImage, {
          image: IMAGE,
          nodes,
          catalogAssets: results.startToCompliant.catalogAssets,
        }),
      );
    };
    await measureImage(0);
    if (NODES > 0) {
      say(`node scale: ${NODES} realistic Nodes, ${NODE_FLIPS} label flips`);
      const scale = await nodeScale(bench, spawn, { nodes: NODES, flips: NODE_FLIPS, say });
      results.nodeScale = scale.figures;
      await scale.op.stop();
      await measureImage(NODES);
    }
    writeResults(RESULTS, results);
    process.stdout.write(`${summaryTable(results)}\n`);
    say(`wrote ${path.relative(repoRoot, RESULTS)}`);
  } finally {
    await op?.stop();
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
