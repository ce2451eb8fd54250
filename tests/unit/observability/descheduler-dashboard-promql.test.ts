import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { repoRoot } from '../../support/paths.js';

interface Grafana {
  panels: { title: string; targets?: { expr: string; legendFormat?: string }[] }[];
}

const DASHBOARD = path.join(
  repoRoot,
  'templates',
  'observability',
  'dashboards',
  'descheduler-load-aware.json',
);

/** The query of the Live migrations panel drawn with this legend. */
function migrationQuery(legend: string): string {
  const grafana = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Grafana;
  const panel = grafana.panels.find((p) => p.title === 'Live migrations');
  const target = panel?.targets?.find((t) => t.legendFormat === legend);
  if (!target) throw new Error(`no Live migrations query with legend ${legend}`);
  return target.expr;
}

const dir = mkdtempSync(path.join(tmpdir(), 'descheduler-dashboard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * KubeVirt's virt-controller exports kubevirt_vmi_migration_succeeded / _failed as gauges: one
 * series per finished VirtualMachineInstanceMigration, always 1, from the moment it finishes until
 * the VMIM is gone (pkg/monitoring/metrics/virt-controller, reportMigrationStats). A series that
 * starts at 1 never increases, so increase() counts nothing; the panel must count new series.
 */
function promtoolCase(metric: string, legend: string): string {
  const rules = path.join(dir, `${metric}.rules.yml`);
  writeFileSync(
    rules,
    stringify({
      groups: [{ name: 'panel', rules: [{ record: 'panel:value', expr: migrationQuery(legend) }] }],
    }),
  );
  const tests = path.join(dir, `${metric}.test.yml`);
  writeFileSync(
    tests,
    stringify({
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // Finished long ago, its VMIM still there: not a migration of the last hour.
            { series: `${metric}{vmi="old",vmim="old-m",namespace="vms"}`, values: '1x150' },
            // Finished at minute 100 and 120: two migrations in the hour before minute 150.
            { series: `${metric}{vmi="a",vmim="a-m",namespace="vms"}`, values: '_x100 1x50' },
            { series: `${metric}{vmi="b",vmim="b-m",namespace="vms"}`, values: '_x120 1x30' },
          ],
          promql_expr_test: [
            { expr: 'panel:value', eval_time: '150m', exp_samples: [{ labels: 'panel:value', value: 2 }] },
          ],
        },
      ],
    }),
  );
  return tests;
}

const promtool = spawnSync('promtool', ['--version']).error === undefined;

(promtool ? describe : describe.skip)('Load-aware descheduler dashboard: live migrations per hour', () => {
  it.each([
    ['kubevirt_vmi_migration_succeeded', 'succeeded per hour'],
    ['kubevirt_vmi_migration_failed', 'failed per hour'],
  ])('%s: the panel counts the migrations that finished in the last hour', (metric, legend) => {
    const file = promtoolCase(metric, legend);

    const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });

    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
