// The image runs the operator as one esbuild bundle (hack/image/bundle.mjs, Dockerfile): the
// bundle must behave as the sources do. Builds it into node_modules/.cache (so that the lazily
// imported @kubernetes/client-node still resolves) and compares CLI runs with in-process ones.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../operator/cli/cli.js';
import { repoRoot } from '../../support/paths.js';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const HCO = path.join(repoRoot, 'tests', 'fixtures', 'hco', 'fully-opted-in.yaml');
const NODES = path.join(repoRoot, 'tests', 'fixtures', 'nodes', 'all-hardware.yaml');

async function inProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {}, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('the one-file bundle the image runs', () => {
  let bundle: string;

  beforeAll(() => {
    const dir = mkdtempSync(path.join(repoRoot, 'node_modules', '.cache', 'bundle-test-'));
    bundle = path.join(dir, 'bin.mjs');
    execFileSync(
      node,
      [
        path.join(repoRoot, 'hack', 'image', 'bundle.mjs'),
        path.join(repoRoot, 'operator', 'cli', 'bin.ts'),
        bundle,
        '--minify-whitespace',
      ],
      { cwd: repoRoot, stdio: 'pipe' },
    );
  }, 120_000);

  const runBundle = (argv: string[]): { code: number | null; out: string; err: string } => {
    const res = spawnSync(node, [bundle, ...argv], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  it('is one module: rendering loads no other JavaScript file', () => {
    const log = path.join(path.dirname(bundle), 'loaded.txt');
    const hook = path.join(path.dirname(bundle), 'hook.mjs');
    writeFileSync(
      hook,
      `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
} });
`,
    );

    const res = spawnSync(
      node,
      ['--import', pathToFileURL(hook).href, bundle, 'render', `--hco-file=${HCO}`],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );

    expect(res.status).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([pathToFileURL(bundle).href]);
  });

  it("loads only the builtins it uses: Node's through require() (undici, http2, worker_threads, WebCrypto stay unloaded), no readline (the watch splits its own lines), no zlib (prom-client's Pushgateway is left out)", () => {
    const list = path.join(path.dirname(bundle), 'builtins.json');
    const hook = path.join(path.dirname(bundle), 'builtins-hook.mjs');
    writeFileSync(
      hook,
      // No "import ... from 'node:fs'" here: an ES import of node:fs loads fs/promises and with
      // it readline's internals, which would be counted against the bundle.
      `process.on('exit', () =>
  process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));
`,
    );

    const res = spawnSync(
      node,
      ['--import', pathToFileURL(hook).href, bundle, 'render', `--hco-file=${HCO}`],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );

    expect(res.status).toBe(0);
    const loaded = JSON.parse(readFileSync(list, 'utf8')) as string[];
    expect(loaded).toContain('NativeModule https');
    expect(loaded.filter((m) => /undici|http2|worker_threads|webcrypto|readline|repl|zlib/.test(m))).toEqual(
      [],
    );
  });

  it('renders every asset offline exactly as the sources do', async () => {
    const argv = [
      'render',
      `--hco-file=${HCO}`,
      `--nodes-file=${NODES}`,
      `--templates-dir=${path.join(repoRoot, 'templates')}`,
    ];

    const expected = await inProcess(argv);
    const actual = runBundle(argv);

    expect(expected.code).toBe(0);
    expect(actual).toEqual({ code: 0, out: expected.out, err: expected.err });
  });

  it('prints the same help and usage errors', async () => {
    for (const argv of [['--help'], ['run', '--help'], ['render', '--nodes-file=x'], ['nonsense']]) {
      const expected = await inProcess(argv);

      expect(runBundle(argv)).toEqual({ code: expected.code, out: expected.out, err: expected.err });
    }
  });
});
