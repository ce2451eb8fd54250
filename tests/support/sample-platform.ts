import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../operator/assets/catalog.js';
import { TemplateRenderer } from '../../operator/assets/renderer.js';
import type { KubeClient } from '../../operator/kube/client.js';
import type { KubeObject } from '../../operator/kube/types.js';
import { createLogger } from '../../operator/observability/logger.js';
import { contextOf, renderAssets } from '../../operator/render/operations.js';
import { repoRoot } from './paths.js';

export const SAMPLE_NAMESPACE = 'openshift-cnv';

function fixture(...parts: string[]): unknown {
  return parse(readFileSync(path.join(repoRoot, 'tests', 'fixtures', ...parts), 'utf8'));
}

export interface SamplePlatform {
  hco: KubeObject;
  nodes: KubeObject[];
  /** Every namespace the catalog renders into for this HCO (from an offline render), sorted. */
  namespaces: string[];
}

/** The fully opted-in HCO fixture and Nodes with every hardware label: every asset applies. */
export async function samplePlatform(): Promise<SamplePlatform> {
  const hco = fixture('hco', 'fully-opted-in.yaml') as KubeObject;
  const nodes = (fixture('nodes', 'all-hardware.yaml') as { items: KubeObject[] }).items;
  const templates = path.join(repoRoot, 'templates');
  const reports = await renderAssets({
    catalog: loadCatalog(templates),
    renderer: new TemplateRenderer(templates),
    tombstones: [],
    context: contextOf({ hco, nodes }, {}),
    logger: createLogger({ level: 'error', stream: process.stderr }),
  });
  const namespaces = new Set([
    SAMPLE_NAMESPACE,
    ...reports.flatMap((r) => (r.included && r.namespace ? [r.namespace] : [])),
  ]);
  return { hco, nodes, namespaces: [...namespaces].sort() };
}

/** Creates the sample platform's namespaces, Nodes and HCO (server-side apply, idempotent). */
export async function seedSamplePlatform(client: KubeClient, fieldManager: string): Promise<SamplePlatform> {
  const sample = await samplePlatform();
  const apply = (obj: KubeObject): Promise<KubeObject> =>
    client.apply(obj, { fieldManager, force: true, dryRun: false });
  for (const name of sample.namespaces)
    await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const node of sample.nodes) await apply(node);
  await apply(sample.hco);
  return sample;
}
