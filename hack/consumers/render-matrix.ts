// Renders every HCO fixture on every node fixture with the `render` command (offline, JSON
// output) and writes one file per case into the directory given as the first argument, for the
// consumers checker: `<hco>--<nodes>.json`, and beside it `<hco>--<nodes>.pools.json`, how many
// nodes that run VMs each pool holds (as the MCO assigns them: a control-plane node is in the
// master pool even when it is also labelled worker).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRender } from '../../operator/cli/render-command.js';
import { parseNodesText, readInputFile } from '../../operator/render/input-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(root, 'tests', 'fixtures');
const out = process.argv[2];
if (!out) throw new Error('usage: render-matrix.ts OUTPUT_DIR');
mkdirSync(out, { recursive: true });

const yamlFiles = (dir: string): string[] =>
  readdirSync(path.join(fixtures, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();

for (const hco of yamlFiles('hco')) {
  for (const nodes of yamlFiles('nodes')) {
    const name = `${path.basename(hco, '.yaml')}--${path.basename(nodes, '.yaml')}`;
    let json = '';
    const code = await runRender(
      [
        `--hco-file=${path.join(fixtures, 'hco', hco)}`,
        `--nodes-file=${path.join(fixtures, 'nodes', nodes)}`,
        '--output=json',
      ],
      {},
      { out: (text) => (json += text), err: () => undefined },
    );
    if (code !== 0) throw new Error(`render ${name} exited ${code}`);
    writeFileSync(path.join(out, `${name}.json`), json);
    writeFileSync(
      path.join(out, `${name}.pools.json`),
      JSON.stringify(vmPools(path.join(fixtures, 'nodes', nodes))),
    );
  }
}

function vmPools(file: string): Record<string, number> {
  const pools: Record<string, number> = { master: 0, worker: 0 };
  for (const node of parseNodesText(readInputFile(file), file)) {
    const labels = node.metadata.labels ?? {};
    const runsWorkloads = 'node-role.kubernetes.io/worker' in labels;
    const controlPlane =
      'node-role.kubernetes.io/master' in labels || 'node-role.kubernetes.io/control-plane' in labels;
    if (runsWorkloads)
      pools[controlPlane ? 'master' : 'worker'] = (pools[controlPlane ? 'master' : 'worker'] ?? 0) + 1;
  }
  return pools;
}
