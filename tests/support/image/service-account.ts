import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ControlPlane } from '../control-plane/control-plane.js';

/**
 * What a kubelet projects into /var/run/secrets/kubernetes.io/serviceaccount: a bound token of
 * the ServiceAccount (TokenRequest, through `kubectl create token`), the cluster CA and the
 * namespace. Returns the host directory, readable by the container's non-root user.
 */
export function projectServiceAccount(plane: ControlPlane, namespace: string, name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-sa-'));
  const token = plane.kubectl(['create', 'token', name, `--namespace=${namespace}`, '--duration=1h']).trim();
  writeFileSync(path.join(dir, 'token'), token);
  writeFileSync(path.join(dir, 'ca.crt'), readFileSync(plane.pki.caCert));
  writeFileSync(path.join(dir, 'namespace'), namespace);
  chmodSync(dir, 0o755);
  for (const file of ['token', 'ca.crt', 'namespace']) chmodSync(path.join(dir, file), 0o644);
  return dir;
}
