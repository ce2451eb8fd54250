import { describe, expect, it } from '@jest/globals';
import { buildRenderContext } from '../../../operator/assets/context.js';
import { RenderError, TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { assetNamed, realCatalog, TEMPLATES_DIR } from './support/fixtures.js';

function hcoWithMigrations(liveMigrationConfig: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: {
      name: 'kubevirt-hyperconverged',
      namespace: 'openshift-cnv',
      annotations: { 'platform.kubevirt.io/enable-load-aware-descheduler': 'true' },
    },
    spec: { virtualization: { liveMigrationConfig } },
  };
}

describe('HCO values that reach a template', () => {
  const renderer = new TemplateRenderer(TEMPLATES_DIR);
  const descheduler = assetNamed(realCatalog(), 'descheduler-loadaware');
  const limits = (obj: KubeObject | undefined) =>
    (obj?.spec as { evictionLimits: Record<string, unknown> }).evictionLimits;

  it('renders the HCO migration limits as integers', () => {
    const ctx = buildRenderContext({
      hco: hcoWithMigrations({ parallelMigrationsPerCluster: 7, parallelOutboundMigrationsPerNode: 3 }),
      nodes: [],
      env: {},
    });

    expect(limits(renderer.render(descheduler, ctx))).toEqual({ total: 7, node: 3 });
  });

  it('never lets a non-integer value turn into YAML structure', () => {
    const ctx = buildRenderContext({
      hco: hcoWithMigrations({ parallelMigrationsPerCluster: '{ injected: true }' }),
      nodes: [],
      env: {},
    });

    let total: unknown;
    try {
      total = limits(renderer.render(descheduler, ctx)).total;
    } catch (err) {
      expect(err).toBeInstanceOf(RenderError);
      return;
    }
    expect(typeof total).toBe('number');
  });
});
