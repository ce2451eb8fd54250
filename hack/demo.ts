// `npm run demo`: a local control plane (the harness the tests use), the CRDs, a sample fully
// opted-in HCO and Nodes with hardware labels, and the operator running in this process. Prints a
// live compliance table until every enabled asset is compliant, shows a patch annotation taking
// effect, then runs until Ctrl-C and cleans up. DEMO_EXIT_AFTER_CONVERGE=1 exits after the patch
// step (tests, CI). The first run builds the control-plane binaries from Go modules.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../operator/assets/catalog.js';
import { parseRunConfig } from '../operator/config.js';
import type { KubeClient } from '../operator/kube/client.js';
import { loadKubeConfig, NodeKubeClient } from '../operator/kube/node-client.js';
import type { ObjectRef } from '../operator/kube/types.js';
import { composeOperator } from '../operator/main.js';
import { createLogger } from '../operator/observability/logger.js';
import { formatTable } from '../operator/render/format.js';
import { objectLabel } from '../operator/render/report.js';
import type { Operator } from '../operator/runtime/operator.js';
import { findBinaries } from '../tests/support/control-plane/binaries.js';
import type { ControlPlane } from '../tests/support/control-plane/control-plane.js';
import { repoRoot } from '../tests/support/paths.js';
import { seedSamplePlatform } from '../tests/support/sample-platform.js';
import { startControlPlane } from './control-plane.js';

const NS = 'openshift-cnv';
const EXIT_AFTER_CONVERGE = process.env.DEMO_EXIT_AFTER_CONVERGE === '1';
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS ?? 300_000);
const COMPLIANT = new Set(['created', 'applied', 'unchanged']);
const NOT_ENABLED = new Set(['excluded', 'missing-dependency', 'skipped']);
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

async function seed(client: KubeClient): Promise<void> {
  const { nodes, namespaces } = await seedSamplePlatform(client, 'autopilot-demo');
  say(
    `created namespaces ${namespaces.join(', ')}, ${nodes.length} Nodes with hardware labels and a fully opted-in HCO`,
  );
}

/** The compliance table (as text) and whether every enabled asset is compliant. */
function complianceTable(
  operator: Operator,
  assetCount: number,
): { text: string; rows: number; done: boolean; enabled: number } {
  const statuses = operator.board.assetStatuses();
  const rows = statuses.map((s) => {
    const state = NOT_ENABLED.has(s.outcome) ? 'not enabled' : COMPLIANT.has(s.outcome) ? 'ok' : 'NOT OK';
    return [s.asset, state, s.outcome, s.object ? objectLabel(s.object) : '', s.reason ?? ''];
  });
  const enabled = statuses.filter((s) => !NOT_ENABLED.has(s.outcome));
  const done =
    statuses.length === assetCount && enabled.length > 0 && enabled.every((s) => COMPLIANT.has(s.outcome));
  return {
    text: formatTable(['ASSET', 'COMPLIANT', 'OUTCOME', 'OBJECT', 'REASON'], rows),
    rows: rows.length,
    done,
    enabled: enabled.length,
  };
}

/** Prints the table when it changed: in place on a terminal, appended otherwise. */
function tablePrinter(): (text: string) => void {
  let last = '';
  return (text) => {
    if (text === last) return;
    if (process.stdout.isTTY && last) process.stdout.write(`\x1b[${last.split('\n').length - 1}F\x1b[0J`);
    else if (!process.stdout.isTTY) say(`compliance at +${seconds(demoStart)}:`);
    process.stdout.write(text);
    last = text;
  };
}

/** Refreshes the table until every enabled asset is compliant (true) or Ctrl-C (false). */
async function waitForCompliance(operator: Operator, stopping: () => boolean): Promise<boolean> {
  const started = Date.now();
  const print = tablePrinter();
  const assetCount = loadCatalog(path.join(repoRoot, 'templates')).assets.length;
  for (;;) {
    const table = complianceTable(operator, assetCount);
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
async function demonstratePatch(client: KubeClient): Promise<void> {
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
    if (Date.now() - started > 60_000) throw new Error('the patch annotation did not take effect within 60s');
    await sleep(100);
  }
  say(
    `the operator applied the patch ${seconds(started)} later: spec.sessionAffinity ${String(before)} -> ${PATCH.spec.sessionAffinity}`,
  );
}

async function main(): Promise<number> {
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => void ((stopping = true), resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.env.KUBEBUILDER_ASSETS = await ensureBinaries().catch((err: Error) => {
    say(`${err.message}; looking for binaries that already exist`);
    return path.dirname(findBinaries().kubeApiServer);
  });
  if (stopping) return 0;
  const cleanup: (() => Promise<void> | void)[] = [];
  try {
    const plane: ControlPlane = await startControlPlane((line) => say(line));
    cleanup.unshift(() => plane.stop());
    const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-demo' });
    cleanup.unshift(() => client.close());
    await seed(client);
    const operator = await startOperator(plane.kubeconfigPath, cleanup);
    if (!(await waitForCompliance(operator, () => stopping))) return 0;
    await demonstratePatch(client);
    if (EXIT_AFTER_CONVERGE) return 0;
    printTryIt(plane, operator);
    await stopped;
    return 0;
  } finally {
    say('cleaning up: stopping the operator and the control plane');
    for (const step of cleanup) await step();
  }
}

async function startOperator(kubeconfig: string, cleanup: (() => Promise<void> | void)[]): Promise<Operator> {
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
  cleanup.unshift(async () => {
    await operator.stop();
    close();
    logs.end();
  });
  await operator.start();
  say(`operator running in this process (JSON logs in ${logFile})`);
  return operator;
}

function printTryIt(plane: ControlPlane, operator: Operator): void {
  const debug = operator.boundAddresses.find((b) => b.name === 'debug');
  const metrics = operator.boundAddresses.find((b) => b.name === 'metrics');
  say('running until Ctrl-C. Try:');
  say(`  export KUBECONFIG=${plane.kubeconfigPath}`);
  say(`  curl -s http://127.0.0.1:${debug?.port ?? 0}/debug/render/metrics-service?format=yaml`);
  say(`  curl -s http://127.0.0.1:${metrics?.port ?? 0}/metrics | grep virt_platform_compliance_status`);
  say('  npx tsx operator/cli/bin.ts diff --kubeconfig=$KUBECONFIG');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[demo] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
