import { describe, expect, it } from '@jest/globals';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import { contextOf, renderAssets } from '../../../operator/render/operations.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { hcoFixture, nodesFixture, realCatalog, TEMPLATES_DIR } from '../assets/support/fixtures.js';
import { silentLogger } from './support.js';

const IMAGE = 'quay.io/openshift-virtualization/kubevirt-metrics-exporter@sha256:' + 'ab'.repeat(32);

/** `render` of the fully opted-in HCO with the given environment (RELATED_IMAGE_* or none). */
function renderWith(env: Record<string, string>): Promise<AssetReport[]> {
  return renderAssets({
    catalog: realCatalog(),
    renderer: new TemplateRenderer(TEMPLATES_DIR),
    context: contextOf({ hco: hcoFixture('fully-opted-in'), nodes: nodesFixture('all-hardware') }, env),
    logger: silentLogger(),
    tombstones: [],
  });
}

const exporterAssets = realCatalog()
  .assets.filter((a) => a.group === 'kubevirt-metrics-exporter')
  .map((a) => a.name);

describe('render: the VM metrics exporter needs its image from the environment', () => {
  it('includes all fourteen exporter assets when RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER is set, the DaemonSet running that image', async () => {
    const reports = await renderWith({ RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE });

    const exporter = reports.filter((r) => exporterAssets.includes(r.asset));
    expect(exporter.filter((r) => !r.included).map((r) => [r.asset, r.reason])).toEqual([]);
    expect(exporter).toHaveLength(14);
    const daemonSet = reports.find((r) => r.asset === 'kubevirt-metrics-exporter-daemonset');
    expect(JSON.stringify(daemonSet?.object)).toContain(`"image":"${IMAGE}"`);
  });

  it('excludes every exporter asset without the variable, saying which variable is missing', async () => {
    const reports = await renderWith({});

    const exporter = reports.filter((r) => exporterAssets.includes(r.asset));
    expect(exporter).toHaveLength(14);
    for (const report of exporter) {
      expect([report.asset, report.included, report.reason]).toEqual([
        report.asset,
        false,
        expect.stringContaining('RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER is not set'),
      ]);
    }
    expect(reports.filter((r) => r.asset.startsWith('ifo-') && !r.included)).toEqual([]);
  });

  it('lets the platform Prometheus discover the exporter pods in their namespace only', async () => {
    const reports = await renderWith({ RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE });
    const object = (asset: string): Record<string, unknown> =>
      reports.find((r) => r.asset === asset)?.object as unknown as Record<string, unknown>;

    expect(object('kubevirt-metrics-exporter-prometheus-rolebinding')).toMatchObject({
      kind: 'RoleBinding',
      metadata: { namespace: 'openshift-kubevirt-metrics-exporter' },
      roleRef: { kind: 'ClusterRole', name: 'kubevirt-metrics-exporter-prometheus' },
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'openshift-monitoring' }],
    });
    expect(object('kubevirt-metrics-exporter-prometheus-clusterrole')).toMatchObject({
      rules: [
        { apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      ],
    });
  });

  it('runs the exporter under the one SELinux type its SCC pins, one that may reach the CRI-O socket', async () => {
    const reports = await renderWith({ RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE });
    const scc = reports.find((r) => r.asset === 'kubevirt-metrics-exporter-scc')?.object as unknown as {
      seLinuxContext: { type: string; seLinuxOptions?: { type?: string } };
    };
    const daemonSet = reports.find((r) => r.asset === 'kubevirt-metrics-exporter-daemonset')
      ?.object as unknown as {
      spec: { template: { spec: { securityContext: { seLinuxOptions?: { type?: string } } } } };
    };

    // container_t (what MustRunAs without a type gives) may not connect to the CRI-O socket.
    expect(scc.seLinuxContext).toEqual({ type: 'MustRunAs', seLinuxOptions: { type: 'spc_t' } });
    // The pod names no SELinux options: the SCC gives it spc_t with the namespace's level (a pod
    // that sets the type without the level is refused, see exporter-consumers.test.ts).
    expect(daemonSet.spec.template.spec.securityContext.seLinuxOptions).toBeUndefined();
  });
});

describe('render: the namespaces the autopilot creates are ones no ordinary user can claim first', () => {
  it('names every Namespace it creates with a reserved prefix', async () => {
    // Any authenticated user may request a project under any free name that does not start with
    // openshift- or kube-. A namespace the autopilot would adopt and then fill with privileged
    // grants (an SCC's use, Pod Security privileged) must not be one a user can create first.
    const reports = await renderWith({ RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE });
    const namespaces = reports
      .filter((r) => r.included && r.object?.kind === 'Namespace')
      .map((r) => r.object?.metadata.name);

    expect(namespaces.length).toBeGreaterThan(0);
    expect(namespaces.filter((name) => !/^(openshift|kube)-/.test(name ?? ''))).toEqual([]);
  });
});
