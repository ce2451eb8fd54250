import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ControlPlane } from './control-plane/control-plane.js';
import { installCrds, readCrds } from './control-plane/crds.js';
import { loadKubeConfig, NodeKubeClient } from '../../operator/kube/node-client.js';
import { crdDir, localCrdDir } from './paths.js';

/** Starts one control plane for the integration project and hands its kubeconfig to the workers. */

export async function globalSetup(): Promise<void> {
  if (process.env.USE_EXISTING_CLUSTER === 'true') return;
  const log = (line: string): void => void process.stderr.write(`[control-plane] ${line}\n`);
  const plane = new ControlPlane({ log });
  (globalThis as { __controlPlane?: ControlPlane }).__controlPlane = plane;
  await plane.start();
  const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
  const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
  const started = Date.now();
  await installCrds(client, crds);
  client.close();
  log(`installed ${crds.length} CRDs in ${Date.now() - started} ms`);
  process.env.KUBECONFIG = plane.kubeconfigPath;
  process.env.AUTOPILOT_TEST_KUBECONFIG = plane.kubeconfigPath;
  process.env.AUTOPILOT_TEST_ETCD_PORT = String(plane.etcdPort);
  process.env.AUTOPILOT_TEST_PLANE_DIR = plane.dir;
  writeFileSync(path.join(os.tmpdir(), 'autopilot-envtest-pids'), plane.pids.join('\n'));
}
