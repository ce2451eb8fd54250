import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { runCli } from '../../../operator/cli/cli.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { repoRoot } from '../../support/paths.js';

const FIXTURES = path.join(repoRoot, 'tests', 'fixtures');
const ROLE = 'machineconfiguration.openshift.io/role';
const POOL_SELECTOR = 'pools.operator.machineconfiguration.openshift.io/';

/** The pool a MachineConfig (role label) or KubeletConfig (pool selector) targets. */
function poolOf(obj: KubeObject | undefined): string | undefined {
  const role = obj?.metadata.labels?.[ROLE];
  if (role !== undefined) return role;
  const selector = (obj?.spec as { machineConfigPoolSelector?: { matchLabels?: object } } | undefined)
    ?.machineConfigPoolSelector?.matchLabels;
  const key = Object.keys(selector ?? {}).find((k) => k.startsWith(POOL_SELECTOR));
  return key?.slice(POOL_SELECTOR.length);
}

/** `render --output=json` of the fully opted-in HCO on a node fixture, through the CLI. */
async function render(nodes: string): Promise<AssetReport[]> {
  let out = '';
  const code = await runCli(
    [
      'render',
      `--hco-file=${path.join(FIXTURES, 'hco', 'fully-opted-in.yaml')}`,
      `--nodes-file=${path.join(FIXTURES, 'nodes', `${nodes}.yaml`)}`,
      '--output=json',
    ],
    {},
    { out: (t) => void (out += t), err: () => undefined },
  );
  expect(code).toBe(0);
  return JSON.parse(out) as AssetReport[];
}

/** The entry name of a pool variant (`psi-enable-master` → `psi-enable`). */
const family = (asset: string): string => asset.replace(/-master$/, '');

/**
 * Per catalog entry: where its objects land. A node tuning lists the pools its included variants
 * select (role label); a variant left out as unsafe shows as `!pool`; any other asset is `in`.
 */
function placement(reports: readonly AssetReport[], entries: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of reports.filter((x) => entries.includes(family(x.asset)))) {
    const where = out[family(r.asset)] ?? [];
    if (r.included) where.push(poolOf(r.object) ?? 'in');
    else if (/not safe on the master pool/.test(r.reason ?? '')) where.push('!master');
    out[family(r.asset)] = where;
  }
  return out;
}

// The assets of the catalog parity work (issue 17).
const PARITY = [
  'psi-enable',
  'ksm-zero-only',
  'ksm-cluster-monitoring',
  'thp-tuning',
  'vm-drain-shutdown-inhibitor',
  'sbr-detection-config',
  'observability-ui-plugin',
  'troubleshooting-panel-ui-plugin',
  'autopilot-dashboard',
  'descheduler-dashboard',
];
const CLUSTER_WIDE = {
  'ksm-cluster-monitoring': ['in'],
  'sbr-detection-config': ['in'],
  'observability-ui-plugin': ['in'],
  'troubleshooting-panel-ui-plugin': ['in'],
  'autopilot-dashboard': ['in'],
  'descheduler-dashboard': ['in'],
};
const WORKERS_ONLY = {
  'psi-enable': ['worker'],
  'ksm-zero-only': ['worker'],
  'thp-tuning': ['worker'],
  'vm-drain-shutdown-inhibitor': ['worker'],
  ...CLUSTER_WIDE,
};
const CONTROL_PLANE_RUNS_VMS = {
  'psi-enable': ['worker', 'master'],
  'ksm-zero-only': ['worker', 'master'],
  'thp-tuning': ['worker', 'master'],
  'vm-drain-shutdown-inhibitor': ['worker', '!master'],
  ...CLUSTER_WIDE,
};

describe('render of a fully opted-in HCO: the catalog parity assets and their pools', () => {
  it.each([
    ['all-hardware', WORKERS_ONLY],
    ['compact', CONTROL_PLANE_RUNS_VMS],
    ['single-node', CONTROL_PLANE_RUNS_VMS],
  ])('on %s nodes shows every new asset with the right pools', async (nodes, expected) => {
    const reports = await render(nodes);

    expect(placement(reports, PARITY)).toEqual(expected);
  });

  it('says in the status table that the worker variant reaches no VM node on a compact cluster', async () => {
    let out = '';
    await runCli(
      [
        'render',
        `--hco-file=${path.join(FIXTURES, 'hco', 'fully-opted-in.yaml')}`,
        `--nodes-file=${path.join(FIXTURES, 'nodes', 'compact.yaml')}`,
      ],
      {},
      { out: (t) => void (out += t), err: () => undefined },
    );

    const row = (asset: string) => out.split('\n').find((l) => l.startsWith(`${asset} `)) ?? '';
    expect(row('thp-tuning')).toMatch(/included\s+pool worker: no nodes that run VMs$/);
    expect(row('thp-tuning-master')).toMatch(/included\s+pool master: 3 nodes that run VMs$/);
    expect(row('vm-drain-shutdown-inhibitor-master')).toMatch(
      /excluded\s+conditions: not safe on the master pool/,
    );
  });

  it.each(['plain-workers', 'all-hardware', 'compact', 'single-node'])(
    'on %s nodes, every included node tuning reaches every pool whose nodes run VMs, or says why not',
    async (nodes) => {
      const reports = await render(nodes);
      const vmPools = nodes === 'compact' || nodes === 'single-node' ? ['master'] : ['worker'];

      const tunings = reports.filter((r) => r.kind === 'MachineConfig' || r.kind === 'KubeletConfig');
      const families = [...new Set(tunings.filter((r) => r.included).map((r) => family(r.asset)))];
      const gaps = families.flatMap((f) =>
        vmPools
          .filter((pool) => !placement(tunings, [f])[f]?.some((p) => p === pool || p === `!${pool}`))
          .map((pool) => `${f} misses pool ${pool}`),
      );
      expect(gaps).toEqual([]);
    },
  );
});
