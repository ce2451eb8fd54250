import type { KubeObject } from '../../../operator/kube/types.js';

interface Container {
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  resources?: { limits?: { cpu?: string; memory?: string } };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[];
}

export interface PodRun {
  name: string;
  image: string;
  /** Values of the downward-API fields the container's env asks for (metadata.name, ...). */
  fields: Record<string, string>;
  /** Host directory mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount. */
  serviceAccountDir: string;
  /** What the kubelet would set for the `kubernetes` Service (here: the loopback apiserver). */
  apiServer: { host: string; port: number };
  /** Appended to the container's args (bind addresses: the host network has no pod IP). */
  extraArgs: readonly string[];
}

const quantity = (q: string): string => q.replace(/Mi$/, 'm').replace(/Gi$/, 'g');
const cpus = (q: string): string => (q.endsWith('m') ? String(Number(q.slice(0, -1)) / 1000) : q);

function securityArgs(c: Container): string[] {
  const sc = c.securityContext ?? {};
  return [
    // Without --read-only-tmpfs=false podman would add writable /tmp, /run and /var/tmp itself.
    ...(sc.readOnlyRootFilesystem ? ['--read-only', '--read-only-tmpfs=false'] : []),
    ...(sc.allowPrivilegeEscalation === false ? ['--security-opt=no-new-privileges'] : []),
    ...(sc.capabilities?.drop ?? []).map((cap) => `--cap-drop=${cap}`),
    ...(sc.capabilities?.add ?? []).map((cap) => `--cap-add=${cap}`),
  ];
}

function envArgs(c: Container, run: PodRun): string[] {
  const apiEnv = [
    `KUBERNETES_SERVICE_HOST=${run.apiServer.host}`,
    `KUBERNETES_SERVICE_PORT=${run.apiServer.port}`,
  ];
  const own = (c.env ?? []).map((e) => {
    const field = e.valueFrom?.fieldRef?.fieldPath;
    const value = field === undefined ? e.value : run.fields[field];
    if (value === undefined) throw new Error(`env ${e.name}: no value for ${field ?? 'it'}`);
    return `${e.name}=${value}`;
  });
  return [...apiEnv, ...own].flatMap((kv) => ['--env', kv]);
}

function volumeArgs(c: Container, pod: PodSpec): string[] {
  return (c.volumeMounts ?? []).flatMap((m) => {
    const volume = pod.volumes?.find((v) => v.name === m.name);
    if (!volume?.emptyDir) throw new Error(`volume ${m.name}: only emptyDir volumes are supported`);
    const size = volume.emptyDir.sizeLimit ? `,size=${quantity(volume.emptyDir.sizeLimit)}` : '';
    return ['--tmpfs', `${m.mountPath}:rw,nosuid,nodev,mode=1777${size}`];
  });
}

/**
 * `podman run` arguments that run a Deployment's (first) container the way a kubelet would on the
 * host network: its security context, limits, env (downward API filled in), emptyDir volumes, the
 * ServiceAccount mount and the `kubernetes` Service env. No kubeconfig reaches the container.
 */
export function podRunArgs(deployment: KubeObject, run: PodRun): string[] {
  const pod = (deployment.spec as { template: { spec: PodSpec } }).template.spec;
  const c = pod.containers[0];
  if (!c) throw new Error(`Deployment/${deployment.metadata.name} has no container`);
  const limits = c.resources?.limits ?? {};
  return [
    'run',
    '--detach',
    `--name=${run.name}`,
    '--network=host',
    '--pull=never',
    ...securityArgs(c),
    ...(limits.memory ? [`--memory=${quantity(limits.memory)}`] : []),
    ...(limits.cpu ? [`--cpus=${cpus(limits.cpu)}`] : []),
    ...envArgs(c, run),
    ...volumeArgs(c, pod),
    '--volume',
    `${run.serviceAccountDir}:/var/run/secrets/kubernetes.io/serviceaccount:ro`,
    run.image,
    ...(c.args ?? []),
    ...run.extraArgs,
  ];
}
