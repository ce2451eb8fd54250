import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Catalog } from '../../operator/assets/catalog.js';
import { buildRenderContext } from '../../operator/assets/context.js';
import { TemplateRenderer } from '../../operator/assets/renderer.js';
import type { KubeObject } from '../../operator/kube/types.js';
import { isSensitiveKind, SensitiveObjectError } from './sensitive.js';

/**
 * The render inputs the generator uses: the fully opted-in HCO and the nodes with every hardware
 * fact (the reference fixtures), and a placeholder for every image a catalog condition names.
 */
export const RBAC_HCO = 'tests/fixtures/hco/fully-opted-in.yaml';
export const RBAC_NODES = 'tests/fixtures/nodes/all-hardware.yaml';

/**
 * Every catalog asset of a sensitive kind, rendered whatever its conditions say, so that the
 * generated ClusterRole names exactly the objects and roles the templates hold. An asset that
 * renders nothing here is an error: its rules could not be derived.
 */
export function renderSensitiveObjects(
  root: string,
  catalog: Catalog,
): { asset: string; object: KubeObject }[] {
  const read = (file: string): unknown => parse(readFileSync(path.join(root, file), 'utf8'));
  const hco = read(RBAC_HCO) as KubeObject;
  const nodes = (read(RBAC_NODES) as { items: KubeObject[] }).items;
  const images = Object.fromEntries(
    catalog.assets
      .flatMap((a) => a.conditions)
      .flatMap((c) => (c.type === 'image' ? [[c.key, `registry.invalid/${c.key}:rbac`]] : [])),
  );
  const context = buildRenderContext({ hco, nodes, env: {}, images });
  const renderer = new TemplateRenderer(path.join(root, 'templates'));
  return catalog.assets
    .filter((asset) => isSensitiveKind({ apiVersion: asset.apiVersion, kind: asset.component }))
    .map((asset) => {
      const obj = renderer.render(asset, context);
      if (!obj) {
        throw new SensitiveObjectError(
          `asset ${asset.name} (${asset.component}) renders nothing for ${RBAC_HCO}: its RBAC cannot be derived`,
        );
      }
      return { asset: asset.name, object: obj };
    });
}
