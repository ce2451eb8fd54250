// Writes the generated install manifests: the least-privilege ClusterRole and the operator's own
// monitoring objects. Usage: npx tsx hack/rbac/generate.ts [--out-dir=DIR]
// (default: the repository itself; hack/verify-generated.sh writes to a temporary directory and diffs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedManifests } from './manifests.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outArg = process.argv.slice(2).find((a) => a.startsWith('--out-dir='));
const outDir = outArg ? path.resolve(outArg.slice('--out-dir='.length)) : root;

for (const file of await generatedManifests(root)) {
  const target = path.join(outDir, file.path);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
