// What the demo prints once the platform converged: how to try every annotation with the exact
// kubectl and KUBECONFIG, where the operator's ports are, and which runbook explains what.

export interface TryItInput {
  kubectl: string;
  kubeconfig: string;
  namespace: string;
  ports: { metrics: number | undefined; health: number | undefined; debug: number | undefined };
}

/** The lines to print (without the `[demo] ` prefix). Pure. */
export function tryItLines(input: TryItInput): string[] {
  const { kubectl, kubeconfig, namespace: ns, ports } = input;
  const svc = `service/virt-platform-autopilot-metrics -n ${ns}`;
  const hco = `hyperconverged/kubevirt-hyperconverged -n ${ns}`;
  return [
    'running until Ctrl-C; the table above stays live (held, deferred, missing CRD and orphan rows appear as they happen).',
    "In another terminal (the kubectl built with the control plane, this control plane's admin kubeconfig):",
    `  export KUBECONFIG=${kubeconfig}`,
    'Try each annotation:',
    `  ${kubectl} annotate ${svc} --overwrite platform.kubevirt.io/patch='{"spec":{"sessionAffinity":"None"}}'   # customise (CustomizationApplied Event)`,
    `  ${kubectl} annotate ${svc} --overwrite platform.kubevirt.io/ignore-fields=spec.sessionAffinity           # leave a field alone`,
    `  ${kubectl} annotate ${svc} --overwrite platform.kubevirt.io/patch='[{"op":"remove","path":"/metadata/name"}]'   # a bad patch: the row turns held`,
    `  ${kubectl} annotate ${svc} --overwrite platform.kubevirt.io/mode=unmanaged                              # opt out (Unmanaged Event); remove with mode-`,
    `  ${kubectl} annotate ${svc} --overwrite platform.kubevirt.io/force-reconcile="$(date +%s)"               # reconcile now`,
    `  ${kubectl} patch ${svc} --type=merge -p '{"spec":{"selector":{"app":"rival"}}}'                         # foreign drift (DriftCorrected Event); repeat it fast for an edit war (deferred row)`,
    `  ${kubectl} delete crd metallbs.metallb.io                                                              # a missing dependency row`,
    `  ${kubectl} annotate ${hco} --overwrite platform.kubevirt.io/disabled-resources='[{"kind":"MetalLB","name":"*"}]'   # exclude an asset`,
    `  ${kubectl} annotate ${hco} --overwrite platform.kubevirt.io/enable-metallb=false                          # switch an opt-in feature off`,
    `  ${kubectl} get events -n ${ns} --field-selector involvedObject.name=virt-platform-autopilot-metrics`,
    'The CLI against this control plane:',
    '  npx tsx operator/cli/bin.ts status --kubeconfig=$KUBECONFIG',
    '  npx tsx operator/cli/bin.ts diff --kubeconfig=$KUBECONFIG',
    `  npx tsx operator/cli/bin.ts metrics --address=127.0.0.1:${ports.metrics ?? 0} --prefix=virt_platform_`,
    "The operator's ports (loopback, chosen at random):",
    `  metrics  http://127.0.0.1:${ports.metrics ?? 0}/metrics`,
    `  health   http://127.0.0.1:${ports.health ?? 0}/healthz and /readyz`,
    `  debug    http://127.0.0.1:${ports.debug ?? 0}/debug/status, /debug/render/metrics-service (?raw), /debug/exclusions, /debug/orphans`,
    'Runbooks: docs/runbooks/README.md (patterns, Events, metrics) and one per alert:',
    '  docs/runbooks/VirtPlatformSyncFailed.md, VirtPlatformThrashingDetected.md, VirtPlatformDependencyMissing.md',
  ];
}
