import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import { contextOf, renderAssets } from '../../../operator/render/operations.js';
import { repoRoot } from '../../support/paths.js';
import { runbookCommands } from '../../support/runbook-commands.js';
import { sccRefusals } from '../../support/scc-admission.js';
import { hcoFixture, nodesFixture, realCatalog, TEMPLATES_DIR } from '../assets/support/fixtures.js';
import { silentLogger } from '../cli/support.js';

type Obj = Record<string, unknown>;
const IMAGE = 'quay.io/openshift-virtualization/kubevirt-metrics-exporter@sha256:' + 'ab'.repeat(32);

/** The exporter's objects as `render` of the fully opted-in HCO shows them, by asset name. */
async function exporterObjects(): Promise<Map<string, Obj>> {
  const reports = await renderAssets({
    catalog: realCatalog(),
    renderer: new TemplateRenderer(TEMPLATES_DIR),
    context: contextOf(
      { hco: hcoFixture('fully-opted-in'), nodes: nodesFixture('all-hardware') },
      { RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE },
    ),
    logger: silentLogger(),
    tombstones: [],
  });
  return new Map(
    reports
      .filter((r) => r.asset.startsWith('kubevirt-metrics-exporter-') && r.object !== undefined)
      .map((r) => [r.asset, r.object as unknown as Obj]),
  );
}

const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], o);

describe('the VM metrics exporter as OpenShift consumes it', () => {
  it('the DaemonSet pod is admitted by the SCC it requires (seLinux level left to the namespace, uid, capabilities, volumes)', async () => {
    const objects = await exporterObjects();
    const scc = objects.get('kubevirt-metrics-exporter-scc') as Obj;
    const template = at(objects.get('kubevirt-metrics-exporter-daemonset'), 'spec', 'template') as Obj;

    expect(at(template, 'metadata', 'annotations', 'openshift.io/required-scc')).toBe(
      at(scc, 'metadata', 'name'),
    );
    // The MCS level OpenShift allocates to the namespace (openshift.io/sa.scc.mcs).
    expect(sccRefusals(scc, template.spec as Obj, 's0:c27,c4')).toEqual([]);
  });

  it('the admission model refuses what OpenShift refuses (a pod SELinux type without the level, an extra capability)', () => {
    const scc = {
      seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { type: 'spc_t' } },
      allowedCapabilities: ['BPF'],
      requiredDropCapabilities: ['ALL'],
      volumes: ['projected'],
    };
    const pod = {
      securityContext: { seLinuxOptions: { type: 'spc_t' } },
      containers: [
        { name: 'c', securityContext: { capabilities: { drop: ['ALL'], add: ['BPF', 'SYS_ADMIN'] } } },
      ],
    };
    expect(sccRefusals(scc, pod, 's0:c27,c4')).toEqual([
      'spec.securityContext.seLinuxOptions.level: Invalid value: "": must be s0:c27,c4',
      'containers[c].capabilities.add: SYS_ADMIN may not be added',
    ]);
    expect(sccRefusals(scc, { ...pod, securityContext: {}, containers: [] }, 's0:c27,c4')).toEqual([]);
  });

  it("the PodMonitor selects the DaemonSet's pods in their namespace by a named container port, and labels targets with their node", async () => {
    const objects = await exporterObjects();
    const daemonSet = objects.get('kubevirt-metrics-exporter-daemonset') as Obj;
    const monitor = objects.get('kubevirt-metrics-exporter-podmonitor') as Obj;
    const podLabels = at(daemonSet, 'spec', 'template', 'metadata', 'labels') as Record<string, string>;
    const ports = (at(daemonSet, 'spec', 'template', 'spec', 'containers') as Obj[]).flatMap(
      (c) => (c.ports as Obj[] | undefined) ?? [],
    );

    expect(at(monitor, 'metadata', 'namespace')).toBe(at(daemonSet, 'metadata', 'namespace'));
    const selector = at(monitor, 'spec', 'selector', 'matchLabels') as Record<string, string>;
    expect(Object.entries(selector).every(([k, v]) => podLabels[k] === v)).toBe(true);
    const endpoints = at(monitor, 'spec', 'podMetricsEndpoints') as Obj[];
    for (const e of endpoints) expect(ports.map((p) => p.name)).toContain(e.port);
    // The exporter's alerts (VMMetricsExporterDown) and runbooks name the node of a target that
    // cannot be scraped: `up` has only the target's labels, so the node must come from relabeling.
    for (const e of endpoints)
      expect(e.relabelings).toContainEqual(
        expect.objectContaining({ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }),
      );
  });

  it("the runbooks read a volume claim by the alert's persistentvolumeclaim label (its name label is the VM)", () => {
    const commands = runbookCommands(path.join(repoRoot, 'docs', 'runbooks')).filter((c) =>
      /kubectl get pvc\b/.test(c.text),
    );
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands)
      expect([c.file, c.text]).toEqual([c.file, expect.stringContaining('<persistentvolumeclaim>')]);
  });
});
