// Prints the Node version and a sha256 over every asset rendered for the fully opted-in HCO
// fixture and the node fixtures. Imports nothing but the renderer, so any Node major can run it:
// the byte-stability test compares digests across majors (a MachineConfig byte change reboots a pool).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadCatalog } from '../operator/assets/catalog.js';
import { buildRenderContext } from '../operator/assets/context.js';
import { TemplateRenderer } from '../operator/assets/renderer.js';
import type { KubeObject } from '../operator/kube/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const templates = path.join(root, 'templates');
const read = (file: string): unknown => parse(readFileSync(file, 'utf8'));
const nodesDir = path.join(root, 'tests', 'fixtures', 'nodes');
const nodes = readdirSync(nodesDir).flatMap((f): KubeObject[] => {
  const doc = read(path.join(nodesDir, f)) as KubeObject | KubeObject[] | { items: KubeObject[] };
  if (Array.isArray(doc)) return doc;
  return 'items' in doc ? (doc.items as KubeObject[]) : [doc];
});
const hco = read(path.join(root, 'tests', 'fixtures', 'hco', 'fully-opted-in.yaml')) as KubeObject;
const catalog = loadCatalog(templates);
// A placeholder for every image a catalog condition names, so that image-gated assets render too.
const images = Object.fromEntries(
  catalog.assets
    .flatMap((a) => a.conditions)
    .flatMap((c) => (c.type === 'image' ? [[c.key, `registry.invalid/${c.key}:digest`]] : [])),
);
const context = buildRenderContext({ hco, nodes, env: {}, images });
const renderer = new TemplateRenderer(templates);
const digest = createHash('sha256');
for (const asset of catalog.assets) {
  digest.update(`${asset.name}\n${JSON.stringify(renderer.render(asset, context) ?? null)}\n`);
}
process.stdout.write(`${process.versions.node} ${digest.digest('hex')}\n`);
