import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../operator/cli/cli.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { repoRoot } from '../../support/paths.js';

const HCO = path.join(repoRoot, 'tests', 'fixtures', 'hco');
const NODES = path.join(repoRoot, 'tests', 'fixtures', 'nodes');

/** Runs the CLI in this process with captured output. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {}, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('runCli', () => {
  it.each<[string, string[], RegExp[]]>([
    ['the overview', ['--help'], [/^virt-platform-autopilot: /, /render \[flags\]/, /diff \[flags\]/]],
    ['run', ['run', '--help'], [/--metrics-bind-address string/, /--leader-elect /]],
    ['run as the default command', ['--leader-elect', '--help'], [/^Usage: virt-platform-autopilot \[run\]/]],
    [
      'render',
      ['render', '-h'],
      [/--hco-file string/, /--nodes-file string/, /--output string .*default "status"/],
    ],
    [
      'diff',
      ['diff', '--help'],
      [/--kubeconfig string .*env KUBECONFIG/, /Exit status: 0 no differences, 1 differences, 2 error/],
    ],
  ])('prints help for %s and exits 0', async (_case, argv, patterns) => {
    const result = await cli(...argv);

    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    for (const pattern of patterns) expect(result.out).toMatch(pattern);
  });

  it.each<[string, string[], RegExp]>([
    ['an unknown command', ['explode'], /unknown command "explode"/],
    ['render without an input', ['render'], /give exactly one of --hco-file \(offline\) or --kubeconfig/],
    ['render with both inputs', ['render', '--hco-file=a', '--kubeconfig=b'], /give exactly one of/],
    [
      'a nodes file with a cluster',
      ['render', '--kubeconfig=b', '--nodes-file=n'],
      /--nodes-file only applies with --hco-file/,
    ],
    [
      'an unknown output',
      ['render', '--hco-file=a', '--output=xml'],
      /--output: "xml" is not one of status, yaml, json/,
    ],
    [
      'an unknown asset',
      ['render', `--hco-file=${HCO}/minimal.yaml`, '--asset=nope'],
      /--asset: no asset "nope"; known: hco-golden-config, /,
    ],
    ['a stray argument', ['render', 'extra'], /render: unexpected argument "extra"/],
    ['an unknown flag', ['diff', '--bogus'], /--bogus: unknown flag/],
    [
      'a missing HCO file',
      ['render', '--hco-file=/nonexistent.yaml'],
      /render: \/nonexistent\.yaml: cannot read/,
    ],
  ])('exits 2 with a message on stderr for %s', async (_case, argv, message) => {
    const result = await cli(...argv);

    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });

  it('says there is no kubeconfig instead of trying localhost:8080 when diff gets none', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'autopilot-nohome-'));
    let err = '';

    const code = await runCli(
      ['diff'],
      { HOME: home },
      { out: () => undefined, err: (t) => void (err += t) },
    );

    expect(code).toBe(2);
    expect(err).toMatch(
      /^virt-platform-autopilot diff: no kubeconfig: give --kubeconfig=PATH or set KUBECONFIG/,
    );
    expect(err).not.toMatch(/localhost:8080|skipTLSVerify/);
  });

  it('renders one asset offline as JSON', async () => {
    const result = await cli(
      'render',
      `--hco-file=${HCO}/minimal.yaml`,
      '--asset=swap-enable',
      '--output=json',
    );

    const reports = JSON.parse(result.out) as AssetReport[];
    expect(result.code).toBe(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      asset: 'swap-enable',
      included: true,
      object: { kind: 'MachineConfig' },
    });
  });

  it('lists the feature catalog with what an HCO gets of each feature', async () => {
    const result = await cli('render', `--hco-file=${HCO}/minimal.yaml`, '--output=features');

    const rows = result.out.split('\n').map((line) => line.split(/\s{2,}/));
    expect(result.code).toBe(0);
    expect(rows[0]).toEqual(['FEATURE', 'MATURITY', 'STATE', 'MISSING']);
    expect(rows.find((r) => r[0] === 'swap')).toEqual(['swap', 'GA', 'on']);
    expect(rows.find((r) => r[0] === 'numa')).toEqual(['numa', 'DP', 'off', 'not: numa']);
    expect(rows.find((r) => r[0] === 'usb-passthrough')?.[2]).toBe('off');
  });

  it('warns on stderr when a held asset is missing from the YAML stream', async () => {
    const result = await cli(
      'render',
      `--hco-file=${HCO}/bad-values.yaml`,
      `--nodes-file=${NODES}/all-hardware.yaml`,
      '--output=yaml',
    );

    expect(result.code).toBe(0);
    expect(result.out).not.toMatch(/kind: HyperConverged/);
    expect(result.err).toMatch(
      /^warning: not rendered: hco-golden-config \(render hco-golden-config failed: /,
    );
  });
});
