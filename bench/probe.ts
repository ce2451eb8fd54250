// Memory probe: runs several operator variants (entry point, Node flags, environment) one after
// another against ONE control plane, interleaved over PROBE_ROUNDS rounds, and prints per variant
// start-to-compliant, steady RSS (RssAnon / RssFile), VmHWM, heap and drift p50; then, with
// PROBE_NODES realistic Nodes seeded, the same again plus the Node label-change-to-render p50.
//   PROBE_VARIANTS=variants.json npx tsx bench/probe.ts
// PROBE_ROUNDS, PROBE_NODES (PROBE_NODES_ONLY=1: only the phase with the Nodes), PROBE_SETTLE_SECONDS, PROBE_EDITS; PROBE_SMAPS=1 writes each variant's
// /proc/<pid>/smaps and heap spaces to /tmp/probe-*; PROBE_SNAPSHOT=1 signals SIGUSR2 (for
// --heapsnapshot-signal=SIGUSR2 variants).
// variants.json: [{ "name": "...", "entry": "path/to/bin.js"?, "nodeFlags": [...], "env": {...} }]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { NS, seedFullCatalog, startBenchCluster } from './cluster.js';
import { serviceAccountMount } from './in-cluster.js';
import { nodeLabelLatencies, seedRealisticNodes } from './nodes.js';
import { spawnImageOperator } from './image-proc.js';
import { spawnBenchOperator, type BenchOperator, type MemorySample } from './operator-proc.js';
import { driftLatencies, percentile, sleep, timeToCompliant } from './phases.js';
import { loadCatalog } from '../operator/assets/catalog.js';
import { repoRoot } from '../tests/support/paths.js';
import path from 'node:path';

interface Variant {
  name: string;
  /** A built image, run as manifests/base/deployment.yaml runs it (entry, nodeFlags and env unused). */
  image?: string;
  /** The Deployment manifest an image variant runs (default manifests/base/deployment.yaml). */
  deployment?: string;
  entry?: string;
  nodeFlags?: string[];
  env?: Record<string, string>;
}

const variants = JSON.parse(readFileSync(process.env.PROBE_VARIANTS ?? '', 'utf8')) as Variant[];
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 1);
const NODES = Number(process.env.PROBE_NODES ?? 0);
const SETTLE_S = Number(process.env.PROBE_SETTLE_SECONDS ?? 30);
const EDITS = Number(process.env.PROBE_EDITS ?? 30);
const say = (line: string): void => void process.stderr.write(`[probe] ${line}\n`);
const mib = (b: number): string => (b / 2 ** 20).toFixed(1);

function mean(samples: MemorySample[], key: keyof MemorySample): number {
  return samples.reduce((s, x) => s + x[key], 0) / samples.length;
}

async function main(): Promise<void> {
  const bench = await startBenchCluster(say);
  const rows: string[] = [];
  try {
    await seedFullCatalog(bench.client);
    const credentials = await serviceAccountMount(bench, NS, 'autopilot-bench-operator');
    const assets = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
    const once = async (v: Variant, phase: string): Promise<void> => {
      const flags = [
        '--throttle-burst=1000000',
        '--throttle-strict-burst=1000000',
        // A refill this fast also fills the bucket a restarted process seeds from managedFields times.
        '--throttle-refill-per-minute=1000000',
      ];
      const op: BenchOperator = v.image
        ? await spawnImageOperator({
            image: v.image,
            credentials: credentials as Extract<typeof credentials, { kind: 'in-cluster' }>,
            namespace: NS,
            flags,
            ...(v.deployment ? { deployment: v.deployment } : {}),
          })
        : await spawnBenchOperator({
            credentials,
            namespace: NS,
            runtime: 'built',
            ...(v.entry ? { entry: v.entry } : {}),
            ...(v.env ? { env: v.env } : {}),
            nodeFlags: v.nodeFlags ?? [],
            flags,
          });
      try {
        const c = await timeToCompliant(op, v.image ? undefined : assets, 300_000);
        await sleep(SETTLE_S * 1000);
        const samples: MemorySample[] = [];
        for (let i = 0; i < 6; i++) {
          samples.push(op.memory());
          await sleep(5000);
        }
        const metrics = await op.metrics();
        const heap = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(metrics)?.[1] ?? NaN);
        const spaces = [
          ...metrics.matchAll(/^nodejs_heap_space_size_(total|used)_bytes\{space="(\w+)"\} (\S+)/gm),
        ]
          .map((m) => `${m[2]}.${m[1]}=${mib(Number(m[3]))}`)
          .join(' ');
        // PROBE_PAGEMAP: a command given the pid, e.g. a script that attributes the node binary's
        // resident pages (/proc/<pid>/pagemap) to its symbols.
        const pagemap = process.env.PROBE_PAGEMAP
          ? execFileSync(process.env.PROBE_PAGEMAP, [String(op.pid)], { encoding: 'utf8' })
          : '';
        if (process.env.PROBE_SNAPSHOT && !v.image) {
          // The variant runs with --heapsnapshot-signal=SIGUSR2: the snapshot lands in the cwd.
          process.kill(op.pid, 'SIGUSR2');
          await sleep(15_000);
        }
        const drift = [...(await driftLatencies(bench.client, EDITS))].sort((a, b) => a - b);
        const flips =
          phase === 'nodes' ? [...(await nodeLabelLatencies(bench.client, 6))].sort((a, b) => a - b) : [];
        const end = op.memory();
        const row = [
          phase,
          v.name,
          `start=${(c.ms / 1000).toFixed(2)}s`,
          `rss=${mib(mean(samples, 'rssBytes'))}`,
          `anon=${mib(mean(samples, 'anonBytes'))}`,
          `file=${mib(mean(samples, 'fileBytes'))}`,
          `hwm=${mib(end.peakRssBytes)}`,
          `endrss=${mib(end.rssBytes)}`,
          `heap=${mib(heap)}`,
          `drift50=${percentile(drift, 50).toFixed(1)}`,
          `drift95=${percentile(drift, 95).toFixed(1)}`,
          ...(flips.length ? [`flip50=${percentile(flips, 50).toFixed(0)}`] : []),
        ].join(' ');
        rows.push(row);
        say(row);
        if (process.env.PROBE_SMAPS) {
          writeFileSync(
            `/tmp/probe-smaps-${phase}-${v.name}.txt`,
            readFileSync(`/proc/${op.pid}/smaps`, 'utf8'),
          );
          writeFileSync(`/tmp/probe-detail-${phase}-${v.name}.txt`, `${spaces}\n${pagemap}`);
        }
      } finally {
        await op.stop();
      }
    };
    if (!process.env.PROBE_NODES_ONLY)
      for (let r = 0; r < ROUNDS; r++) for (const v of variants) await once(v, 'small');
    if (NODES > 0) {
      say(`seeding ${NODES} Nodes`);
      await seedRealisticNodes(bench.client, NODES);
      for (let r = 0; r < ROUNDS; r++) for (const v of variants) await once(v, 'nodes');
    }
  } finally {
    await bench.stop();
    process.stdout.write(`${rows.join('\n')}\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
