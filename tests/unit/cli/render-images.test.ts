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
  it('includes all twelve exporter assets when RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER is set, the DaemonSet running that image', async () => {
    const reports = await renderWith({ RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: IMAGE });

    const exporter = reports.filter((r) => exporterAssets.includes(r.asset));
    expect(exporter.filter((r) => !r.included).map((r) => [r.asset, r.reason])).toEqual([]);
    expect(exporter).toHaveLength(12);
    const daemonSet = reports.find((r) => r.asset === 'kubevirt-metrics-exporter-daemonset');
    expect(JSON.stringify(daemonSet?.object)).toContain(`"image":"${IMAGE}"`);
  });

  it('excludes every exporter asset without the variable, saying which variable is missing', async () => {
    const reports = await renderWith({});

    const exporter = reports.filter((r) => exporterAssets.includes(r.asset));
    expect(exporter).toHaveLength(12);
    for (const report of exporter) {
      expect([report.asset, report.included, report.reason]).toEqual([
        report.asset,
        false,
        expect.stringContaining('RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER is not set'),
      ]);
    }
    expect(reports.filter((r) => r.asset.startsWith('ifo-') && !r.included)).toEqual([]);
  });
});
