import { existsSync } from 'node:fs';
import path from 'node:path';
import { OperatorError } from '../../errors.js';
import { inClusterAvailable, inClusterCredentials } from './in-cluster.js';
import { kubeconfigCredentials, kubeconfigPaths } from './kubeconfig.js';
import type { TokenFileOptions } from './token-file.js';
import type { CredentialSettings, Credentials } from './types.js';

export type CredentialSource = { kind: 'kubeconfig'; files: string[] } | { kind: 'in-cluster' };

/**
 * Where credentials come from (controller-runtime's order): an explicit kubeconfig (flag or
 * $KUBECONFIG), then the Pod's ServiceAccount, then ~/.kube/config when it exists. Pure.
 */
export function chooseCredentialSource(
  settings: CredentialSettings,
  exists: (file: string) => boolean,
): CredentialSource {
  if (settings.kubeconfig) {
    const files = kubeconfigPaths(settings.kubeconfig);
    if (files.length > 0) return { kind: 'kubeconfig', files };
  }
  if (inClusterAvailable(settings.inCluster)) return { kind: 'in-cluster' };
  const home = settings.home ? path.join(settings.home, '.kube', 'config') : undefined;
  if (home && exists(home)) return { kind: 'kubeconfig', files: [home] };
  throw new OperatorError(
    'no credentials: give --kubeconfig, or run in a Pod (KUBERNETES_SERVICE_HOST/PORT), or create ~/.kube/config',
  );
}

/** Loads the credentials `chooseCredentialSource` picks; errors name the file or setting at fault. */
export function loadCredentials(settings: CredentialSettings, options: TokenFileOptions = {}): Credentials {
  const source = chooseCredentialSource(settings, existsSync);
  return source.kind === 'in-cluster'
    ? inClusterCredentials(settings.inCluster, options)
    : kubeconfigCredentials(source.files, options);
}
