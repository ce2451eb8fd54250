import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeClient } from '../operator/kube/client.js';
import { loadKubeConfig, NodeKubeClient } from '../operator/kube/node-client.js';
import { ControlPlane } from '../tests/support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../tests/support/control-plane/crds.js';
import { crdDir, localCrdDir } from '../tests/support/paths.js';
import { seedSamplePlatform } from '../tests/support/sample-platform.js';

export const NS = 'openshift-cnv';
/** The bench's own requests carry this user; the operator's carry OPERATOR_USER (see the audit log). */
export const BENCH_USER = 'admin';
export const OPERATOR_USER = 'autopilot-bench-operator';

export interface BenchCluster {
  plane: ControlPlane;
  client: NodeKubeClient;
  operatorKubeconfig: string;
  auditLog: string;
  stop(): Promise<void>;
}

// Metadata level is enough to attribute every request to a user; watches are logged when they end.
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Metadata
`;

/** A private control plane with an audit log, every CRD, and a kubeconfig for the operator's own user. */
export async function startBenchCluster(log: (line: string) => void): Promise<BenchCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-bench-'));
  const policy = path.join(dir, 'audit-policy.yaml');
  const auditLog = path.join(dir, 'audit.log');
  writeFileSync(policy, AUDIT_POLICY);
  const plane = new ControlPlane({
    log,
    apiServerArgs: [
      `--audit-policy-file=${policy}`,
      `--audit-log-path=${auditLog}`,
      '--audit-log-mode=blocking',
    ],
  });
  await plane.start();
  const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-bench' });
  await installCrds(client, [...readCrds(crdDir), ...readCrds(localCrdDir)]);
  const operatorKubeconfig = plane.writeKubeconfig(OPERATOR_USER, ['system:masters']);
  return {
    plane,
    client,
    operatorKubeconfig,
    auditLog,
    stop: async () => {
      client.close();
      await plane.stop();
    },
  };
}

/** Creates the fully opted-in HCO, the hardware Nodes and every namespace the catalog renders into. */
export async function seedFullCatalog(client: KubeClient): Promise<{ namespaces: string[] }> {
  const { namespaces } = await seedSamplePlatform(client, 'autopilot-bench');
  return { namespaces };
}
