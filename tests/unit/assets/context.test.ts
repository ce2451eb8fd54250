import { describe, expect, it } from '@jest/globals';
import {
  buildRenderContext,
  contextForAsset,
  DEFAULT_NAMESPACE,
  imagesFromEnv,
} from '../../../operator/assets/context.js';
import { assetNamed, hcoFixture, nodesFixture, realCatalog } from './support/fixtures.js';

describe('the render context', () => {
  it('maps RELATED_IMAGE_* variables to lower-case, dash-separated image keys', () => {
    const images = imagesFromEnv({
      RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER: 'quay.io/x/kme:v1',
      RELATED_IMAGE_EMPTY: '',
      RELATED_IMAGE_: 'nameless',
      RELATED_IMAGE_UNSET: undefined,
      PATH: '/usr/bin',
      related_image_lower: 'ignored',
    });

    expect(images).toEqual({ 'kubevirt-metrics-exporter': 'quay.io/x/kme:v1' });
  });

  it('builds hardware, topology, images and the HCO namespace, with empty params and features', () => {
    const ctx = buildRenderContext({
      hco: hcoFixture('fully-opted-in'),
      nodes: nodesFixture('all-hardware'),
      infrastructure: {
        apiVersion: 'config.openshift.io/v1',
        kind: 'Infrastructure',
        metadata: { name: 'cluster' },
        status: { platformStatus: { type: 'BareMetal' } },
      },
      env: { RELATED_IMAGE_FOO_BAR: 'img' },
    });

    expect(ctx.namespace).toBe('openshift-cnv');
    expect(ctx.hardware.vfioCapable).toBe(true);
    expect(ctx.topology).toMatchObject({ isBareMetal: true, masterCount: 1, workerCount: 2 });
    expect(ctx.images).toEqual({ 'foo-bar': 'img' });
    expect(ctx.params).toEqual({});
    expect(ctx.features).toEqual({});
  });

  it('falls back to openshift-cnv for an HCO without a namespace, and snapshots the HCO', () => {
    const hco = hcoFixture('minimal');
    delete hco.metadata.namespace;

    const ctx = buildRenderContext({ hco, nodes: [], env: {} });
    hco.metadata.name = 'changed-later';

    expect(ctx.namespace).toBe(DEFAULT_NAMESPACE);
    expect(ctx.hco.metadata.name).toBe('kubevirt-hyperconverged');
  });

  it("fills an asset's params and evaluates its features against the base context", () => {
    const catalog = realCatalog();
    const hco = assetNamed(catalog, 'hco-golden-config');
    const opted = buildRenderContext({
      hco: hcoFixture('fully-opted-in'),
      nodes: nodesFixture('all-hardware'),
      env: {},
    });
    const noUsb = buildRenderContext({
      hco: hcoFixture('fully-opted-in'),
      nodes: nodesFixture('plain-workers'),
      env: {},
    });
    const withParams = { ...assetNamed(catalog, 'swap-enable'), params: { role: 'worker' } };

    expect(contextForAsset(opted, hco).features).toEqual({ 'usb-passthrough': true, aaq: true });
    expect(contextForAsset(noUsb, hco).features).toEqual({ 'usb-passthrough': false, aaq: true });
    expect(contextForAsset(opted, withParams)).toMatchObject({ params: { role: 'worker' }, features: {} });
    expect(opted.features).toEqual({});
  });

  it('keeps a feature section off while one of its gate kinds is not served', () => {
    const base = buildRenderContext({ hco: hcoFixture('fully-opted-in'), nodes: [], env: {} });
    const asset = {
      ...assetNamed(realCatalog(), 'swap-enable'),
      features: [
        {
          name: 'gated',
          conditions: [
            { type: 'annotation' as const, key: 'platform.kubevirt.io/enable-mtv', value: 'true' },
          ],
          gateKinds: [{ group: 'perses.dev', version: 'v1alpha2', kind: 'PersesDashboard' }],
        },
      ],
    };

    const served = contextForAsset({ ...base, served: () => true }, asset).features;
    const unserved = contextForAsset(
      { ...base, served: (g) => g.kind !== 'PersesDashboard' },
      asset,
    ).features;

    expect(served).toEqual({ gated: true });
    expect(unserved).toEqual({ gated: false });
  });

  it('takes images already parsed (once, at start) instead of reading the environment again', () => {
    const ctx = buildRenderContext({
      hco: hcoFixture('minimal'),
      nodes: [],
      env: { RELATED_IMAGE_FROM_ENV: 'ignored' },
      images: { 'kubevirt-metrics-exporter': 'quay.io/x/kme:v1' },
    });

    expect(ctx.images).toEqual({ 'kubevirt-metrics-exporter': 'quay.io/x/kme:v1' });
  });
});
