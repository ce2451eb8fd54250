/**
 * A model of OpenShift's SecurityContextConstraints admission for one pod template against one
 * SCC (the strategies of openshift/apiserver-library-go, pkg/securitycontextconstraints): host
 * namespaces, volume types, SELinux (MustRunAs with the namespace's pre-allocated MCS level when
 * the SCC names none), runAsUser (MustRunAs), capabilities, privileged, privilege escalation,
 * read-only root and seccomp. Returns the reasons the pod would be refused ([] = admitted).
 * Written from the documented behaviour for tests; it is not OpenShift's code.
 */

type Obj = Record<string, unknown>;
type SELinuxOptions = { user?: string; role?: string; type?: string; level?: string };

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The volume type of a pod volume: its one source key besides `name`. */
function volumeType(volume: Obj): string {
  return Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
}

/** "s0:c1,c2" equals "s0:c2,c1"; an empty level equals only an empty level. */
function equalLevels(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const [es, ec] = expected.split(':', 2);
  const [as, ac] = actual.split(':', 2);
  if (ec === undefined || ac === undefined || es !== as) return false;
  return [...ec.split(',')].sort().join(',') === [...ac.split(',')].sort().join(',');
}

function checkSELinux(where: string, wanted: SELinuxOptions, got: SELinuxOptions | undefined): string[] {
  if (got === undefined) return [];
  const problems: string[] = [];
  if (!equalLevels(wanted.level ?? '', got.level ?? ''))
    problems.push(
      `${where}.seLinuxOptions.level: Invalid value: "${got.level ?? ''}": must be ${wanted.level ?? ''}`,
    );
  for (const key of ['role', 'type', 'user'] as const)
    if ((got[key] ?? '') !== (wanted[key] ?? ''))
      problems.push(
        `${where}.seLinuxOptions.${key}: Invalid value: "${got[key] ?? ''}": must be ${wanted[key] ?? ''}`,
      );
  return problems;
}

const SECCOMP: Record<string, string> = { RuntimeDefault: 'runtime/default', Unconfined: 'unconfined' };

export function sccRefusals(scc: Obj, podSpec: Obj, namespaceMcsLevel: string): string[] {
  const problems: string[] = [];
  const podSC = obj(podSpec.securityContext);

  for (const [field, allow] of [
    ['hostPID', 'allowHostPID'],
    ['hostIPC', 'allowHostIPC'],
    ['hostNetwork', 'allowHostNetwork'],
  ] as const)
    if (podSpec[field] === true && scc[allow] !== true) problems.push(`spec.${field}: not allowed`);

  const allowedVolumes = strings(scc.volumes);
  for (const volume of [
    ...((podSpec.volumes as Obj[] | undefined) ?? []),
    { name: 'sa-token', projected: {} },
  ]) {
    const type = volumeType(volume);
    if (!allowedVolumes.includes('*') && !allowedVolumes.includes(type))
      problems.push(`volume ${String(volume.name)}: ${type} volumes are not allowed`);
    if (type === 'hostPath' && scc.allowHostDirVolumePlugin !== true)
      problems.push(`volume ${String(volume.name)}: host paths are not allowed`);
  }

  // SELinux: MustRunAs fills the SCC's level from the namespace when it names none; options the
  // pod sets itself are validated as they are, never completed.
  const seLinux = obj(scc.seLinuxContext);
  if (seLinux.type === 'MustRunAs') {
    const wanted: SELinuxOptions = { ...(obj(seLinux.seLinuxOptions) as SELinuxOptions) };
    if (!wanted.level) wanted.level = namespaceMcsLevel;
    problems.push(
      ...checkSELinux('spec.securityContext', wanted, podSC.seLinuxOptions as SELinuxOptions | undefined),
    );
    for (const c of (podSpec.containers as Obj[] | undefined) ?? [])
      problems.push(
        ...checkSELinux(
          `containers[${String(c.name)}].securityContext`,
          wanted,
          obj(c.securityContext).seLinuxOptions as SELinuxOptions | undefined,
        ),
      );
  }

  const seccomp = strings(scc.seccompProfiles);
  const podSeccomp = obj(podSC.seccompProfile).type as string | undefined;
  if (
    podSeccomp !== undefined &&
    !seccomp.includes('*') &&
    !seccomp.includes(SECCOMP[podSeccomp] ?? podSeccomp)
  )
    problems.push(`spec.securityContext.seccompProfile: ${podSeccomp} is not allowed`);

  const runAsUser = obj(scc.runAsUser);
  const allowedCaps = strings(scc.allowedCapabilities);
  const defaultAdd = strings(scc.defaultAddCapabilities);
  for (const c of (podSpec.containers as Obj[] | undefined) ?? []) {
    const where = `containers[${String(c.name)}]`;
    const sc = obj(c.securityContext);
    const uid = (sc.runAsUser ?? podSC.runAsUser) as number | undefined;
    if (runAsUser.type === 'MustRunAs' && uid !== undefined && uid !== runAsUser.uid)
      problems.push(`${where}.runAsUser: must be ${String(runAsUser.uid)}`);
    if (sc.privileged === true && scc.allowPrivilegedContainer !== true)
      problems.push(`${where}.privileged: not allowed`);
    if (sc.allowPrivilegeEscalation === true && scc.allowPrivilegeEscalation === false)
      problems.push(`${where}.allowPrivilegeEscalation: not allowed`);
    if (scc.readOnlyRootFilesystem === true && sc.readOnlyRootFilesystem === false)
      problems.push(`${where}.readOnlyRootFilesystem: must be true`);
    const caps = obj(sc.capabilities);
    if (!allowedCaps.includes('*')) {
      for (const cap of strings(caps.add))
        if (!allowedCaps.includes(cap) && !defaultAdd.includes(cap))
          problems.push(`${where}.capabilities.add: ${cap} may not be added`);
      for (const drop of strings(scc.requiredDropCapabilities))
        if (!strings(caps.drop).includes(drop))
          problems.push(`${where}.capabilities.drop: ${drop} is required to be dropped`);
    }
  }
  return problems;
}
