import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../tests/support/control-plane/process.js';
import { repoRoot } from '../tests/support/paths.js';
import type { BenchCredentials } from './in-cluster.js';

export interface AssetStatus {
  asset: string;
  outcome: string;
  reason?: string;
}

export interface BenchOperator {
  pid: number;
  startedAt: number;
  metrics(): Promise<string>;
  status(): Promise<AssetStatus[]>;
  memory(): MemorySample;
  stop(): Promise<void>;
}

export interface MemorySample {
  rssBytes: number;
  peakRssBytes: number;
  /** RssAnon: private memory (heaps, stacks, malloc). */
  anonBytes: number;
  /** RssFile: file-backed pages resident (mostly the node binary's code and read-only data). */
  fileBytes: number;
}

// Under node_modules so that lint and git ignore it and Node still finds the dependencies.
const BUILD_DIR = path.join(repoRoot, 'node_modules', '.cache', 'autopilot-bench');

export type BenchRuntime = 'bundle' | 'built' | 'tsx';

/**
 * The operator's entry point and Node arguments: the one-file bundle the image runs
 * (hack/image/bundle.mjs), the per-module output of `tsc -p tsconfig.build.json` (both into
 * node_modules/.cache), or the TypeScript sources through tsx.
 */
function entryPoint(runtime: BenchRuntime): string[] {
  if (runtime === 'tsx') return ['--import', 'tsx', path.join(repoRoot, 'operator', 'cli', 'bin.ts')];
  if (runtime === 'bundle') {
    const bundle = path.join(BUILD_DIR, 'bundle', 'bin.mjs');
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'hack', 'image', 'bundle.mjs'),
        path.join(repoRoot, 'operator', 'cli', 'bin.ts'),
        bundle,
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    return [bundle];
  }
  const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  return [path.join(BUILD_DIR, 'operator', 'cli', 'bin.js')];
}

/**
 * Runs `virt-platform-autopilot run` as its own process, so that its RSS is its own and its
 * requests carry its own client identity.
 */
export async function spawnBenchOperator(options: {
  credentials: BenchCredentials;
  namespace: string;
  flags: string[];
  runtime: BenchRuntime;
  /** Node/V8 flags for the operator process (e.g. --max-semi-space-size=1). */
  nodeFlags?: string[];
  /** A JavaScript entry point to run instead of the one `runtime` names (e.g. a bundle). */
  entry?: string;
  /** Extra environment for the operator process (e.g. MALLOC_ARENA_MAX). */
  env?: Record<string, string>;
}): Promise<BenchOperator> {
  const { credentials } = options;
  const env: NodeJS.ProcessEnv = { ...process.env, POD_NAME: 'autopilot-bench', ...options.env };
  delete env['KUBECONFIG'];
  if (credentials.kind === 'in-cluster') Object.assign(env, credentials.env);
  const entry = options.entry ? [options.entry] : entryPoint(options.runtime);
  const [metricsPort, healthPort, debugPort] = [await freePort(), await freePort(), await freePort()];
  const startedAt = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      ...entry,
      'run',
      `--templates-dir=${path.join(repoRoot, 'templates')}`,
      credentials.kind === 'kubeconfig'
        ? `--kubeconfig=${credentials.kubeconfig}`
        : `--service-account-dir=${credentials.serviceAccountDir}`,
      `--namespace=${options.namespace}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--health-probe-bind-address=127.0.0.1:${healthPort}`,
      `--debug-bind-address=127.0.0.1:${debugPort}`,
      '--log-level=info',
      ...options.flags,
    ],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', process.env.BENCH_OPERATOR_LOG ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? 0;
  return {
    pid,
    startedAt,
    metrics: async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
    status: async () =>
      (await (await fetch(`http://127.0.0.1:${debugPort}/debug/status`)).json()) as AssetStatus[],
    memory: () => procMemory(pid),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      process.removeListener('exit', reap);
    },
  };
}

/** VmRSS, VmHWM (the kernel's peak RSS), RssAnon and RssFile of a process, from /proc/<pid>/status. */
export function procMemory(pid: number): MemorySample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return {
    rssBytes: kib('VmRSS'),
    peakRssBytes: kib('VmHWM'),
    anonBytes: kib('RssAnon'),
    fileBytes: kib('RssFile'),
  };
}
