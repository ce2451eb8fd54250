import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoRoot } from '../../support/paths.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const RUNBOOKS = 'https://github.com/kubevirt/virt-platform-autopilot/blob/main/docs/runbooks/';

function rules(): Rule[] {
  const text = readFileSync(path.join(repoRoot, 'templates', 'observability', 'alert-rules.yaml'), 'utf8');
  const doc = parse(text) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

describe('the PrometheusRule spec (templates/observability/alert-rules.yaml)', () => {
  it('holds exactly the alerts of the contract, with their expressions and `for`', () => {
    const contract = rules().map((r) => ({
      alert: r.alert,
      expr: r.expr,
      for: r.for,
      severity: r.labels.severity,
    }));

    expect(contract).toEqual([
      {
        alert: 'VirtPlatformSyncFailed',
        expr: '(virt_platform_compliance_status == 0) unless on (kind, name, namespace) (virt_platform_pool_wait == 1)',
        for: '15m',
        severity: 'critical',
      },
      {
        alert: 'VirtPlatformThrashingDetected',
        expr: 'increase(virt_platform_thrashing_total[10m]) > 5',
        for: undefined,
        severity: 'warning',
      },
      {
        alert: 'VirtPlatformDependencyMissing',
        expr: 'virt_platform_missing_dependency == 1',
        for: '5m',
        severity: 'warning',
      },
      {
        alert: 'VirtPlatformNodeTuningsWaiting',
        expr: 'max by (pool, reason) (virt_platform_pool_wait) == 1',
        for: '6h',
        severity: 'warning',
      },
    ]);
  });

  it.each(rules().map((r) => [r.alert, r] as const))(
    '%s carries the operator label and a runbook that exists',
    (alert, rule) => {
      const url = rule.annotations.runbook_url ?? '';

      expect(rule.labels.operator).toBe('virt-platform-autopilot');
      expect(url).toBe(`${RUNBOOKS}${alert}.md`);
      expect(existsSync(path.join(repoRoot, 'docs', 'runbooks', `${alert}.md`))).toBe(true);
    },
  );

  it.each(rules().map((r) => [r.alert, r] as const))(
    '%s names the affected object (or pool) in summary and description',
    (_alert, rule) => {
      const kindAndName = /\{\{ \$labels\.(kind|pool) \}\}/;

      expect(rule.annotations.summary).toMatch(kindAndName);
      expect(rule.annotations.description).toMatch(kindAndName);
    },
  );
});
