import path from 'node:path';
import type { CredentialSettings } from '../kube/credentials/types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The conventional mount of a Pod's ServiceAccount token and cluster CA. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Credential settings from an environment (KUBERNETES_SERVICE_HOST/PORT, HOME) and the flags;
 * frozen. `kubeconfig` is the flag or $KUBECONFIG, already resolved by the caller.
 */
export function credentialSettingsFrom(
  env: Env,
  flags: { kubeconfig?: string; serviceAccountDir?: string } = {},
): CredentialSettings {
  const dir = flags.serviceAccountDir || SERVICE_ACCOUNT_DIR;
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  const home = env['HOME'];
  return Object.freeze({
    ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
    inCluster: Object.freeze({
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      tokenFile: path.join(dir, 'token'),
      caFile: path.join(dir, 'ca.crt'),
    }),
    ...(home ? { home } : {}),
  });
}
