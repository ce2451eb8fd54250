import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../operator/kube/types.js';
import { findBinaries } from '../../support/control-plane/binaries.js';
import { repoRoot } from '../../support/paths.js';

/** The kubectl built with the control plane (kustomize is compiled into it). */
export function kubectlPath(): string {
  const { kubectl } = findBinaries();
  if (!kubectl)
    throw new Error('kubectl not found next to kube-apiserver: build it with npm run envtest:build');
  return kubectl;
}

/** Runs kubectl from the repository root; a non-zero exit throws with kubectl's stderr. */
export function kubectl(args: string[], kubeconfig?: string): string {
  try {
    return execFileSync(kubectlPath(), [...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** `kubectl kustomize <dir>` as objects. */
export function kustomizeBuild(dir: string): KubeObject[] {
  return parseAllDocuments(kubectl(['kustomize', path.join(repoRoot, dir)]))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}
