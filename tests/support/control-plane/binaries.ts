import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The pinned control-plane version; hack/envtest/build.sh builds the same one. */
export const K8S_VERSION = process.env.ENVTEST_K8S_VERSION ?? '1.36.3';

export interface Binaries {
  kubeApiServer: string;
  etcd: string;
  kubectl?: string;
}

/**
 * Where the control-plane binaries are, in envtest's order: TEST_ASSET_* (per binary), then
 * KUBEBUILDER_ASSETS, then the setup-envtest store that hack/envtest/build.sh fills.
 */
export function findBinaries(env: NodeJS.ProcessEnv = process.env): Binaries {
  const arch = os.arch() === 'x64' ? 'amd64' : os.arch();
  const store = path.join(
    env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'),
    'kubebuilder-envtest',
    'k8s',
    `${K8S_VERSION}-linux-${arch}`,
  );
  const dirs = [env.KUBEBUILDER_ASSETS, env.ENVTEST_ASSETS_DIR, store, '/usr/local/kubebuilder/bin'].filter(
    (d): d is string => Boolean(d),
  );
  const pick = (name: string, override: string | undefined): string | undefined => {
    if (override && existsSync(override)) return override;
    return dirs.map((d) => path.join(d, name)).find((p) => existsSync(p));
  };
  const kubeApiServer = pick('kube-apiserver', env.TEST_ASSET_KUBE_APISERVER);
  const etcd = pick('etcd', env.TEST_ASSET_ETCD);
  const kubectl = pick('kubectl', env.TEST_ASSET_KUBECTL);
  if (!kubeApiServer || !etcd) {
    throw new Error(
      `kube-apiserver/etcd not found (looked in TEST_ASSET_*, ${dirs.join(', ')}). ` +
        'Run `npm run envtest:build` (builds them from Go modules, a few minutes the first time) ' +
        'or point KUBEBUILDER_ASSETS at a directory that has them.',
    );
  }
  return kubectl ? { kubeApiServer, etcd, kubectl } : { kubeApiServer, etcd };
}
