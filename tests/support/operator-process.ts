import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './control-plane/process.js';
import { eventually } from './cluster.js';
import { repoRoot } from './paths.js';

export interface OperatorProcess {
  pid: number;
  metricsUrl: string;
  healthUrl: string;
  /** The loopback debug server (`/debug/*`). */
  debugUrl: string;
  output: string[];
  exited: Promise<number | null>;
  scrape(): Promise<string>;
  ready(): Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `virt-platform-autopilot run` (the package bin, through tsx) as a real child process. */
export async function spawnOperator(options: {
  kubeconfig: string;
  namespace: string;
  flags?: string[];
  identity?: string;
}): Promise<OperatorProcess> {
  const [metricsPort, healthPort, debugPort] = [await freePort(), await freePort(), await freePort()];
  // Node itself with tsx as a loader (not the tsx CLI, which forks a second process that a
  // signal to the wrapper would miss): a SIGKILL here really kills the operator.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'operator', 'cli', 'bin.ts'),
      'run',
      `--kubeconfig=${options.kubeconfig}`,
      `--namespace=${options.namespace}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--health-probe-bind-address=127.0.0.1:${healthPort}`,
      `--debug-bind-address=127.0.0.1:${debugPort}`,
      ...(options.flags ?? []),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        POD_NAME: options.identity ?? `proc-${metricsPort}`,
        KUBECONFIG: options.kubeconfig,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // If this test process exits without its afterAll (a crash, a timeout), take the operator with it.
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.removeListener('exit', reap));
  const output: string[] = [];
  const collect = (chunk: Buffer): void => void output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const metricsUrl = `http://127.0.0.1:${metricsPort}`;
  const healthUrl = `http://127.0.0.1:${healthPort}`;
  const proc: OperatorProcess = {
    pid: child.pid ?? 0,
    metricsUrl,
    healthUrl,
    debugUrl: `http://127.0.0.1:${debugPort}`,
    output,
    exited,
    scrape: async () => (await fetch(`${metricsUrl}/metrics`)).text(),
    ready: async () => (await fetch(`${healthUrl}/readyz`)).status,
    kill: (signal) => void child.kill(signal),
  };
  await eventually(async () => (await fetch(`${healthUrl}/healthz`)).status === 200, {
    timeoutMs: 60_000,
    what: 'operator process /healthz',
  });
  return proc;
}
