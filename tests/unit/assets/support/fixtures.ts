import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { AssetDefinition } from '../../../../operator/assets/catalog.js';
import { loadCatalog, type Catalog } from '../../../../operator/assets/catalog.js';
import { buildRenderContext, type RenderContext } from '../../../../operator/assets/context.js';
import type { HardwareFacts } from '../../../../operator/assets/hardware.js';
import { mergeSchemaFacts, type SchemaFacts } from '../../../../operator/assets/schema-facts.js';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { repoRoot } from '../../../support/paths.js';

/** Fixtures and the real catalog for asset tests (unit and integration). */
export const TEMPLATES_DIR = path.join(repoRoot, 'templates');
export const FIXTURES_DIR = path.join(repoRoot, 'tests', 'fixtures');

export type HcoFixture = 'minimal' | 'fully-opted-in' | 'bad-values';
export type NodesFixture = 'plain-workers' | 'all-hardware' | 'compact' | 'single-node';

export const ALL_HARDWARE: HardwareFacts = {
  pciDevicesPresent: true,
  numaNodesPresent: true,
  vfioCapable: true,
  usbDevicesPresent: true,
  gpuPresent: true,
};

/**
 * The related images of a complete install (RELATED_IMAGE_* of the CSV), as the operator parses
 * them: fixtures render the image-gated assets with these unless a test asks for none.
 */
export const TEST_IMAGES: Readonly<Record<string, string>> = {
  'kubevirt-metrics-exporter':
    'quay.io/openshift-virtualization/kubevirt-metrics-exporter@sha256:0f3c6a1d2b4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
};

export function hcoFixture(name: HcoFixture): KubeObject {
  return parse(readFileSync(path.join(FIXTURES_DIR, 'hco', `${name}.yaml`), 'utf8')) as KubeObject;
}

export function nodesFixture(name: NodesFixture): KubeObject[] {
  const list = parse(readFileSync(path.join(FIXTURES_DIR, 'nodes', `${name}.yaml`), 'utf8')) as {
    items: KubeObject[];
  };
  return list.items;
}

/** Schema facts from published CRDs of older operator releases (tests/fixtures/crd-versions). */
export function schemaFactsFrom(...files: string[]): SchemaFacts {
  const crds = files.map(
    (f) => parse(readFileSync(path.join(FIXTURES_DIR, 'crd-versions', f), 'utf8')) as KubeObject,
  );
  return mergeSchemaFacts(crds);
}

export function realCatalog(): Catalog {
  return loadCatalog(TEMPLATES_DIR);
}

/**
 * The base context of an HCO fixture on a node fixture; `edit` may change the HCO first. The
 * related images are TEST_IMAGES unless `images` says otherwise (`{}`: none set).
 */
export function contextFor(
  hco: HcoFixture,
  nodes: NodesFixture,
  edit: (hco: KubeObject) => void = () => undefined,
  images: Readonly<Record<string, string>> = TEST_IMAGES,
): RenderContext {
  const object = hcoFixture(hco);
  edit(object);
  return buildRenderContext({ hco: object, nodes: nodesFixture(nodes), env: {}, images });
}

export function assetNamed(catalog: Catalog, name: string): AssetDefinition {
  const asset = catalog.get(name);
  if (!asset) throw new Error(`no asset ${name} in the catalog`);
  return asset;
}
