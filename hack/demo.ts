// `npm run demo`: a local control plane (the harness the tests use), the CRDs, a sample fully
// opted-in HCO and Nodes with hardware labels, and the operator running in this process. Prints a
// compliance table, shows a patch annotation taking effect, prints how to try every annotation,
// and keeps the table live until Ctrl-C or SIGTERM. Its temp dir (with the admin kubeconfig and
// certificates) is removed on every way out. DEMO_EXIT_AFTER_CONVERGE=1 exits after the patch
// step (tests, CI). The first run builds the control-plane binaries from Go modules.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../operator/assets/catalog.js';
import { parseRunConfig } from '../operator/config.js';
import type { KubeClient } from '../operator/kube/client.js';
import { loadKubeConfig, NodeKubeClient } from '../operator/kube/node-client.js';
import type { ObjectRef } from '../operator/kube/types.js';
import { composeOperator, type OperatorApp } from '../operator/main.js';
import { createLogger } from '../operator/observability/logger.js';
import { findBinaries } from '../tests/support/control-plane/binaries.js';
import { repoRoot } from '../tests/support/paths.js';
import { seedSamplePlatform } from '../tests/support/sample-platform.js';
import { startControlPlane } from './control-plane.js';
import { Cleanup } from './demo/cleanup.js';
import { complianceTable, tablePrinter } from './demo/table.js';
import { parentGone, signalAction } from './demo/signals.js';
import { tryItLines } from './demo/try-it.js';

const NS = 'openshift-cnv';
const EXIT_AFTER_CONVERGE = process.env.DEMO_EXIT_AFTER_CONVERGE === '1';
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS ?? 300_000);
const SERVICE: ObjectRef = {
  apiVersion: 'v1',
  kind: 'Service',
  name: 'virt-platform-autopilot-metrics',
  namespace: NS,
};
const PATCH = { spec: { sessionAffinity: 'ClientIP' } };
const demoStart = Date.now();

const say = (line: string): void => void process.stdout.write(`[demo] ${line}\n`);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs hack/envtest/build.sh (its progress goes to stderr) and returns the binaries' directory. */
function ensureBinaries(): Promise<string> {
  say('control-plane binaries: reusing the cache, or building kube-apiserver, etcd and kubectl from Go');
  say('modules (a cold build takes several minutes on 2 cores and downloads ~1 GB; progress below)');
  return new Promise((resolve, reject) => {
    const build = spawn('bash', [path.join(repoRoot, 'hack', 'envtest', 'build.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    build.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    build.on('error', reject);
    build.on('exit', (code) =>
      code === 0
        ? resolve(out.trim().split('\n').at(-1) ?? '')
        : reject(new Error(`hack/envtest/build.sh failed (exit ${code})`)),
    );
  });
}

/** Refreshes the table until every enabled asset is compliant (true) or a stop signal (false). */
async function waitForCompliance(operator: OperatorApp, print: (t: string) => void, stopping: () => boolean) {
  const started = Date.now();
  const assetCount = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
  for (;;) {
    const table = complianceTable(operator.board, assetCount);
    if (table.rows > 0) print(table.text);
    if (table.done) {
      say(
        `all assets compliant (${table.enabled} enabled) ${seconds(started)} after the operator started, ${seconds(demoStart)} since the demo started`,
      );
      return true;
    }
    if (stopping()) return false;
    if (Date.now() - started > TIMEOUT_MS)
      throw new Error(`not compliant after ${TIMEOUT_MS / 1000}s (see the table)`);
    await sleep(250);
  }
}

/** Sets a patch annotation on the metrics Service and waits for the operator to apply it. */
async function demonstratePatch(client: KubeClient, stopping: () => boolean): Promise<void> {
  const affinity = async (): Promise<unknown> =>
    ((await client.get(SERVICE))?.spec as { sessionAffinity?: unknown })?.sessionAffinity;
  const before = await affinity();
  const annotation = JSON.stringify(PATCH);
  say(`customising Service/${NS}/${SERVICE.name}: platform.kubevirt.io/patch='${annotation}'`);
  const started = Date.now();
  await client.mergePatch(
    SERVICE,
    { metadata: { annotations: { 'platform.kubevirt.io/patch': annotation } } },
    { fieldManager: 'demo-user' },
  );
  while ((await affinity()) !== PATCH.spec.sessionAffinity) {
    if (stopping()) return;
    if (Date.now() - started > 60_000) throw new Error('the patch annotation did not take effect within 60s');
    await sleep(100);
  }
  say(
    `the operator applied the patch ${seconds(started)} later: spec.sessionAffinity ${String(before)} -> ${PATCH.spec.sessionAffinity}`,
  );
}

/** Keeps the table live until a stop signal. */
async function liveTable(operator: OperatorApp, print: (t: string) => void, stopping: () => boolean) {
  const assetCount = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
  while (!stopping()) {
    print(complianceTable(operator.board, assetCount).text);
    await sleep(250);
  }
}

async function main(cleanup: Cleanup, stopping: () => boolean): Promise<number> {
  process.env.KUBEBUILDER_ASSETS = await ensureBinaries().catch((err: Error) => {
    say(`${err.message}; looking for binaries that already exist`);
    return path.dirname(findBinaries().kubeApiServer);
  });
  if (stopping()) return 0;
  const plane = await startControlPlane(
    (line) => say(line),
    (dir) => {
      cleanup.removeDirOnExit(dir);
      say(`control plane files (admin kubeconfig, certificates, logs): ${dir}; removed when the demo ends`);
    },
  );
  cleanup.add(() => plane.stop());
  const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-demo' });
  cleanup.add(() => client.close());
  const { nodes, namespaces } = await seedSamplePlatform(client, 'autopilot-demo');
  say(
    `created namespaces ${namespaces.join(', ')}, ${nodes.length} Nodes with hardware labels and a fully opted-in HCO`,
  );
  const operator = await startOperator(plane.kubeconfigPath, cleanup);
  const table = tablePrinter(process.stdout, () => `+${seconds(demoStart)}`);
  const print = (text: string): void => table.print(text);
  if (!(await waitForCompliance(operator, print, stopping))) return 0;
  await demonstratePatch(client, stopping);
  if (EXIT_AFTER_CONVERGE || stopping()) return 0;
  const port = (name: string): number | undefined =>
    operator.boundAddresses.find((b) => b.name === name)?.port;
  const kubectl = plane.binaries.kubectl ?? 'kubectl';
  const ports = { metrics: port('metrics'), health: port('health'), debug: port('debug') };
  for (const line of tryItLines({ kubectl, kubeconfig: plane.kubeconfigPath, namespace: NS, ports }))
    say(line);
  table.detach();
  await liveTable(operator, print, stopping);
  return 0;
}

async function startOperator(kubeconfig: string, cleanup: Cleanup): Promise<OperatorApp> {
  const logFile = path.join(path.dirname(kubeconfig), 'operator.log');
  const config = parseRunConfig(
    [
      `--kubeconfig=${kubeconfig}`,
      `--namespace=${NS}`,
      '--metrics-bind-address=127.0.0.1:0',
      '--health-probe-bind-address=127.0.0.1:0',
      '--debug-bind-address=127.0.0.1:0',
    ],
    { POD_NAME: 'autopilot-demo' },
  );
  const logs = createWriteStream(logFile);
  const { operator, close } = composeOperator(config, createLogger({ level: 'info', stream: logs }));
  cleanup.add(async () => {
    await operator.stop();
    close();
    logs.end();
  });
  await operator.start();
  say(`operator running in this process (JSON logs in ${logFile})`);
  return operator;
}

/**
 * Signals: the first one stops gracefully; one within a second of it is the same Ctrl-C delivered
 * twice and ignored; a later one removes the files at once and exits. Losing the parent (npm or
 * the terminal killed) stops gracefully like a signal, so the demo never runs on orphaned.
 */
function onSignals(cleanup: Cleanup): () => boolean {
  let firstAt: number | undefined;
  const stop = (why: string): void => {
    if (firstAt !== undefined) return;
    firstAt = Date.now();
    say(`${why}: stopping`);
  };
  const handle = (signal: NodeJS.Signals): void => {
    const action = signalAction(firstAt, Date.now());
    if (action === 'stop') return stop(signal);
    if (action === 'ignore') return;
    say(`${signal} again: removing the control plane files and exiting now`);
    cleanup.removeDirs();
    process.exit(130);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  process.on('SIGHUP', handle);
  const startPpid = process.ppid;
  setInterval(() => {
    if (parentGone(startPpid, process.ppid)) stop('parent process gone');
  }, 250).unref();
  return () => firstAt !== undefined;
}

const cleanup = new Cleanup();
process.on('exit', () => cleanup.removeDirs());
const stopping = onSignals(cleanup);
main(cleanup, stopping)
  .then(
    (code) => code,
    (err: unknown) => {
      process.stderr.write(`[demo] failed: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    },
  )
  .then(async (code) => {
    say('cleaning up: stopping the operator and the control plane, removing their files');
    await cleanup.run(say);
    process.exit(code);
  });
