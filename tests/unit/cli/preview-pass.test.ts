import { describe, expect, it } from '@jest/globals';
import { catalogOf, CatalogError } from '../../../operator/assets/catalog.js';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { GroupVersionKind } from '../../../operator/kube/types.js';
import { featureViews } from '../../../operator/render/features.js';
import { contextOf, renderAssets } from '../../../operator/render/operations.js';
import { realCatalog } from '../assets/support/fixtures.js';
import { hcoFixture, nodesFixture, silentLogger, TEMPLATES_DIR } from './support.js';

const noFenceAgents = (gvk: GroupVersionKind): boolean => gvk.kind !== 'FenceAgentsRemediationTemplate';

function setup(served?: (gvk: GroupVersionKind) => boolean) {
  const input = { hco: hcoFixture('fully-opted-in'), nodes: nodesFixture('all-hardware') };
  return {
    catalog: realCatalog(),
    renderer: new TemplateRenderer(TEMPLATES_DIR),
    tombstones: [],
    context: contextOf(served ? { ...input, served } : input, {}),
    logger: silentLogger(),
  };
}

describe('the preview runs the reconciler’s pass over one render context', () => {
  it('builds the context of a cluster preview with the kinds that cluster serves', () => {
    const { context } = setup(noFenceAgents);

    const served = context.served({
      group: 'fence-agents-remediation.medik8s.io',
      version: 'v1alpha1',
      kind: 'FenceAgentsRemediationTemplate',
    });

    expect(served).toBe(false);
  });

  it('reports a template section off in the features while its gate kind is not served', async () => {
    const s = setup(noFenceAgents);

    const views = featureViews(s.catalog, await renderAssets(s), s.context);

    const fenced = views.find((v) => v.name === 'fenced-node-remediation');
    expect(fenced?.off).toEqual(['node-health-check/fenced-remediation']);
    expect(fenced?.on).toEqual(['sbr-detection-config']);
  });

  it('counts every kind as served offline', async () => {
    const s = setup();

    const views = featureViews(s.catalog, await renderAssets(s), s.context);

    expect(views.find((v) => v.name === 'fenced-node-remediation')?.state).toBe('on');
  });

  it('hands each asset to the handler of its kind, so a kind without a handler is refused', async () => {
    const s = setup();
    const widget = {
      ...s.catalog.assets[1]!,
      name: 'a-widget',
      component: 'Widget',
      apiVersion: 'example.com/v1',
    };

    const preview = renderAssets({ ...s, catalog: catalogOf([...s.catalog.assets, widget]) });

    await expect(preview).rejects.toThrow(CatalogError);
  });

  it('renders the one asset asked for from the HCO the golden one leaves, without reporting the HCO', async () => {
    const s = setup();

    const reports = await renderAssets({ ...s, only: 'descheduler-loadaware' });

    expect(reports.map((r) => r.asset)).toEqual(['descheduler-loadaware']);
    expect((reports[0]?.object?.spec as { evictionLimits: unknown }).evictionLimits).toEqual({
      total: 5,
      node: 2,
    });
  });
});
