import { describe, expect, it } from '@jest/globals';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { contextOf, renderAssets } from '../../../operator/render/operations.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { realCatalog } from '../assets/support/fixtures.js';
import { hcoFixture, silentLogger, TEMPLATES_DIR } from './support.js';

/** Live objects as a cluster holds them: the Service carries a patch, the ServiceMonitor opted out. */
function liveFor(desired: KubeObject): KubeObject | undefined {
  const annotations: Record<string, Record<string, string>> = {
    Service: { 'platform.kubevirt.io/patch': '{"spec":{"sessionAffinity":"ClientIP"}}' },
    ServiceMonitor: { 'platform.kubevirt.io/mode': 'unmanaged' },
  };
  const extra = annotations[desired.kind];
  if (!extra) return undefined;
  return { ...desired, metadata: { ...desired.metadata, annotations: extra, managedFields: [] } };
}

async function render(raw = false): Promise<Map<string, AssetReport>> {
  const reports = await renderAssets({
    catalog: realCatalog(),
    renderer: new TemplateRenderer(TEMPLATES_DIR),
    tombstones: [],
    context: contextOf({ hco: hcoFixture('minimal'), nodes: [] }, {}),
    logger: silentLogger(),
    raw,
    cluster: {
      client: {} as KubeClient,
      live: { read: async (desired) => liveFor(desired), namespaceExists: async () => true },
    },
  });
  return new Map(reports.map((r) => [r.asset, r]));
}

describe('render against a cluster', () => {
  it('shows the object as it would be applied: after the live patch annotation, with what it changed', async () => {
    const service = (await render()).get('metrics-service');

    expect(service?.included).toBe(true);
    expect((service?.object?.spec as { sessionAffinity?: string }).sessionAffinity).toBe('ClientIP');
    expect(service?.object?.metadata.labels?.['platform.kubevirt.io/managed-by']).toBe(
      'virt-platform-autopilot',
    );
    expect(service?.customisations).toEqual([
      { annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/sessionAffinity'] },
    ]);
  });

  it('shows the raw template output on request', async () => {
    const service = (await render(true)).get('metrics-service');

    expect(service?.raw).toBe(true);
    expect((service?.object?.spec as { sessionAffinity?: string }).sessionAffinity).not.toBe('ClientIP');
    expect(service?.object?.metadata.labels?.['platform.kubevirt.io/managed-by']).toBeUndefined();
  });

  it('excludes an object that opted out with mode: unmanaged, saying so', async () => {
    const monitor = (await render()).get('metrics-servicemonitor');

    expect(monitor).toMatchObject({ included: false, cause: 'unmanaged' });
    expect(monitor?.reason).toMatch(/mode=unmanaged/);
  });
});
