import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { repoRoot } from '../../support/paths.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(
    path.join(repoRoot, 'manifests', 'base', 'dashboards', 'virt-platform-autopilot.json'),
    'utf8',
  ),
) as { uid: string; panels: Panel[] };
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const metricsSource = readFileSync(path.join(repoRoot, 'operator', 'observability', 'metrics.ts'), 'utf8');
const referenced = [...new Set(exprs.flatMap((e) => e.match(/virt_platform_[a-z_]*[a-z]/g) ?? []))].sort();

describe('the Grafana dashboard', () => {
  it('has a stable uid and unique panel ids', () => {
    const ids = dashboard.panels.map((p) => p.id);

    expect(dashboard.uid).toBe('virt-platform-autopilot');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows compliance, thrashing, missing dependencies, reconcile latency p50/p99 and pool waits', () => {
    const all = exprs.join('\n');

    expect(all).toContain('virt_platform_compliance_status');
    expect(all).toContain('increase(virt_platform_thrashing_total[10m])');
    expect(all).toContain('virt_platform_missing_dependency');
    expect(all).toMatch(/histogram_quantile\(0\.5, .*virt_platform_reconcile_duration_seconds_bucket/);
    expect(all).toMatch(/histogram_quantile\(0\.99, .*virt_platform_reconcile_duration_seconds_bucket/);
    expect(all).toContain('virt_platform_pool_wait == 1');
    expect(all).toContain('sum by (pool, reason) (virt_platform_pool_wait == 1)');
  });

  it.each(referenced)('queries %s, which the operator exports', (metric) => {
    const family = metric.replace(/_(bucket|sum|count)$/, '');

    expect(metricsSource).toContain(`'${family}'`);
  });

  const promtool = spawnSync('promtool', ['--version']).error === undefined;
  (promtool ? it : it.skip)('holds only PromQL that promtool parses', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-'));
    const file = path.join(dir, 'exprs.yaml');
    const rules = exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr }));
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));

    const output = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });

    expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
