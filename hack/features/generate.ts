// Writes docs/features.md from the feature catalog (templates/catalog.yaml `features:`).
// Usage: npx tsx hack/features/generate.ts [--out-dir=DIR]
// (default: the repository itself; hack/verify-generated.sh writes to a temporary directory and diffs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { loadCatalog } from '../../operator/assets/catalog.js';
import { summarizeFeatures } from '../../operator/assets/feature-status.js';
import { featuresMarkdown } from '../../operator/render/features-doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outArg = process.argv.slice(2).find((a) => a.startsWith('--out-dir='));
const outDir = outArg ? path.resolve(outArg.slice('--out-dir='.length)) : root;

const target = path.join(outDir, 'docs', 'features.md');
mkdirSync(path.dirname(target), { recursive: true });
const markdown = featuresMarkdown(summarizeFeatures(loadCatalog(path.join(root, 'templates'))));
// Through prettier with the repository's settings, so that `prettier --check` agrees with the file.
const options = (await resolveConfig(path.join(root, 'docs', 'features.md'))) ?? {};
writeFileSync(target, await format(markdown, { ...options, parser: 'markdown' }));
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
