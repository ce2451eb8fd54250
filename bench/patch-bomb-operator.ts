/**
 * Peak RSS of the whole operator when a copy-bomb patch lands on a managed object (issue 14).
 * Starts `virt-platform-autopilot run` under tsx with the Deployment's heap flag against the
 * control plane of KUBECONFIG (e.g. `npx tsx hack/control-plane.ts start`), sets the 20-level
 * bomb on the metrics Service, and reports VmHWM from /proc 15 s later and whether it survived:
 *   npx tsx bench/patch-bomb-operator.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKubeConfig, NodeKubeClient } from '../operator/kube/node-client.js';
import { repoRoot } from '../tests/support/paths.js';
import { copyBomb } from './patch-bomb.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function peakRssKiB(pid: number | undefined): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process is gone
  }
}

async function main(): Promise<void> {
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('set KUBECONFIG to a control plane (npx tsx hack/control-plane.ts start)');
  const client = new NodeKubeClient(loadKubeConfig(kubeconfig));
  const ns = `bomb-${Date.now().toString(36)}`;
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await client.create({
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: {
      name: 'kubevirt-hyperconverged',
      namespace: ns,
      annotations: { 'platform.kubevirt.io/autopilot': 'metrics-service' },
    },
    spec: {},
  });
  const args = ['--max-old-space-size=160', '--import', 'tsx', path.join(repoRoot, 'operator/cli/bin.ts')];
  const child = spawn(
    process.execPath,
    [...args, 'run', `--kubeconfig=${kubeconfig}`, `--namespace=${ns}`, '--leader-elect=false'].concat(
      ['metrics', 'health-probe', 'debug'].map((s) => `--${s}-bind-address=127.0.0.1:0`),
    ),
    { cwd: repoRoot, env: { ...process.env, POD_NAME: ns }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let exit = 'alive';
  child.on('exit', (code, signal) => void (exit = `exited (${code ?? signal ?? '?'})`));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  const ref = { apiVersion: 'v1', kind: 'Service', name: 'virt-platform-autopilot-metrics', namespace: ns };
  for (let i = 0; i < 120 && !(await client.get(ref)); i++) await sleep(500);
  await sleep(3000);
  const before = peakRssKiB(child.pid);
  let peak = before ?? 0;
  const poll = setInterval(() => void (peak = Math.max(peak, peakRssKiB(child.pid) ?? 0)), 100);
  await client.mergePatch(ref, { metadata: { annotations: { 'platform.kubevirt.io/patch': copyBomb(20) } } });
  await sleep(15_000);
  clearInterval(poll);
  const oom = /heap limit|out of memory/i.test(stderr) ? ', heap out of memory' : '';
  console.log(`peak RSS before the bomb ${before} KiB; 15 s after ${peak} KiB; operator ${exit}${oom}`);
  child.kill('SIGKILL');
  client.close();
}

await main();
