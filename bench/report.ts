import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable } from '../operator/render/format.js';
import type { RequestFigures, VerbCounts } from './requests.js';
import type { ImageFigures } from './image-phase.js';
import type { NodeScaleFigures } from './node-scale.js';
import type { MemoryPoint } from './phases.js';

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; kubeApiServer: string };
  setup: { runtime: string; credentials: string; v8Flags: string[] };
  startToCompliant: { ms: number; enabledAssets: number; catalogAssets: number };
  drift: {
    edits: number;
    throttleBurst: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    maxMs: number;
    meanMs: number;
  };
  idle: { seconds: number; requests: RequestFigures; memory: MemoryPoint[] };
  edits: { requests: RequestFigures };
  memory: {
    watchEvents: number;
    samples: MemoryPoint[];
    peakRssMiB: number;
    steadyRssMiB: number;
    /** The same samples' RssAnon (private) and RssFile (mapped files, mostly the node binary). */
    steadyAnonMiB: number;
    steadyFileMiB: number;
    peakHeapUsedMiB: number;
  };
  nodeScale?: NodeScaleFigures;
  /** The built image (BENCH_IMAGE): on the sample platform, and again with the Nodes seeded. */
  image?: { figures: ImageFigures[]; skipped?: string };
}

export function machineInfo(kubeApiServer: string): BenchResults['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kubeApiServer,
  };
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
/** Per verb (the audit keys carry the resource too; the JSON keeps that detail). */
const byVerb = (counts: VerbCounts): VerbCounts => {
  const out: VerbCounts = {};
  for (const [key, value] of Object.entries(counts)) {
    const verb = `${key.split(' ')[0] ?? ''}${key.endsWith('(dry-run)') ? ' (dry-run)' : ''}`;
    out[verb] = (out[verb] ?? 0) + value;
  }
  return out;
};
const fmt = (counts: VerbCounts): string =>
  Object.entries(byVerb(counts))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || '(none)';

/** The human-readable summary printed at the end of a run. */
export function summaryTable(r: BenchResults): string {
  const rows: string[][] = [
    [
      'start to all compliant',
      `${(r.startToCompliant.ms / 1000).toFixed(2)} s`,
      `${r.startToCompliant.enabledAssets} enabled of ${r.startToCompliant.catalogAssets} assets`,
    ],
    [
      'drift correction p50',
      `${r.drift.p50Ms.toFixed(1)} ms`,
      `${r.drift.edits} edits, --throttle-burst=${r.drift.throttleBurst}`,
    ],
    ['drift correction p95', `${r.drift.p95Ms.toFixed(1)} ms`, ''],
    ['drift correction p99', `${r.drift.p99Ms.toFixed(1)} ms`, `max ${r.drift.maxMs.toFixed(1)} ms`],
    ['idle: operator writes', String(r.idle.requests.operatorWrites), `${r.idle.seconds} s idle`],
    ['idle: operator dry-runs', String(r.idle.requests.operatorDryRuns), ''],
    ['idle: operator requests', fmt(r.idle.requests.operator), 'audit log, operator user'],
    [
      'idle: apiserver_request_total',
      fmt(r.idle.requests.metricAllClients),
      'all clients (incl. apiserver itself)',
    ],
    ['idle: bench requests', fmt(r.idle.requests.bench), 'excluded from operator figures'],
    ['edits: operator writes', String(r.edits.requests.operatorWrites), ''],
    ['edits: operator dry-runs', String(r.edits.requests.operatorDryRuns), ''],
    ['edits: operator requests', fmt(r.edits.requests.operator), 'audit log, operator user'],
    ['edits: apiserver_request_total', fmt(r.edits.requests.metricAllClients), 'all clients'],
    [
      'steady RSS',
      `${r.memory.steadyRssMiB.toFixed(1)} MiB`,
      `mean of the idle samples' second half (${r.setup.credentials} credentials)`,
    ],
    [
      'steady RssAnon / RssFile',
      `${r.memory.steadyAnonMiB.toFixed(1)} / ${r.memory.steadyFileMiB.toFixed(1)} MiB`,
      'private memory / mapped files (mostly the node binary)',
    ],
    ['peak RSS', `${r.memory.peakRssMiB.toFixed(1)} MiB`, `VmHWM after ${r.memory.watchEvents} watch events`],
    ['peak heap used', `${r.memory.peakHeapUsedMiB.toFixed(1)} MiB`, 'nodejs_heap_size_used_bytes'],
    [
      'RSS samples (MiB)',
      r.memory.samples.map((s) => mib(s.rssBytes)).join(' '),
      'every 1/10 of the events, then settled',
    ],
    ['heap samples (MiB)', r.memory.samples.map((s) => mib(s.heapUsedBytes)).join(' '), ''],
    ...nodeScaleRows(r.nodeScale),
    ...imageRows(r.image),
  ];
  return formatTable(['FIGURE', 'VALUE', 'NOTE'], rows);
}

function nodeScaleRows(n: NodeScaleFigures | undefined): string[][] {
  if (!n) return [];
  const nodes = `${n.nodes} Nodes`;
  return [
    [`${nodes}: start to all compliant`, `${(n.startToCompliantMs / 1000).toFixed(2)} s`, 'fresh process'],
    [
      `${nodes}: steady RSS`,
      `${n.steadyRssMiB.toFixed(1)} MiB`,
      `anon ${n.steadyAnonMiB.toFixed(1)} / file ${n.steadyFileMiB.toFixed(1)} MiB, heap used ${n.heapUsedMiB.toFixed(1)} MiB`,
    ],
    [`${nodes}: peak RSS`, `${n.peakRssMiB.toFixed(1)} MiB`, 'VmHWM'],
    [
      `${nodes}: label change to render p50`,
      `${n.labelToRender.p50Ms.toFixed(1)} ms`,
      `p95 ${n.labelToRender.p95Ms.toFixed(1)} ms, max ${n.labelToRender.maxMs.toFixed(1)} ms, ${n.labelToRender.flips} flips`,
    ],
  ];
}

function imageRows(image: BenchResults['image']): string[][] {
  if (!image) return [];
  if (image.skipped) return [['image', 'skipped', image.skipped]];
  return image.figures.flatMap((f) => {
    const where = `image${f.nodes > 0 ? `, ${f.nodes} Nodes` : ''}`;
    return [
      [
        `${where}: start to all compliant`,
        `${(f.startToCompliantMs / 1000).toFixed(2)} s`,
        `${f.image}, from podman run`,
      ],
      [
        `${where}: steady RSS`,
        `${f.steady.rssMiB.toFixed(1)} MiB`,
        `anon ${f.steady.anonMiB.toFixed(1)} / file ${f.steady.fileMiB.toFixed(1)} MiB`,
      ],
      [`${where}: peak RSS`, `${f.peakRssMiB.toFixed(1)} MiB`, 'VmHWM, Deployment env and limits'],
    ];
  });
}

export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
