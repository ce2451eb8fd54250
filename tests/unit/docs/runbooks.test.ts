import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REASONS } from '../../../operator/observability/events.js';
import { repoRoot } from '../../support/paths.js';

const RUNBOOK_DIR = path.join(repoRoot, 'docs', 'runbooks');
const ALERTS = [
  'VirtPlatformSyncFailed',
  'VirtPlatformThrashingDetected',
  'VirtPlatformDependencyMissing',
  'VirtPlatformNodeTuningsWaiting',
  // The VM metrics exporter's PrometheusRule (templates/kubevirt-metrics-exporter/alert-rules.yaml).
  'VMStorageLatencyHigh',
  'VMDiskQueueSaturated',
  'NodeVMStorageLatencyWidespread',
  'VMMetricsExporterDown',
  'VMMetricsExporterStale',
  'VMMetricsExporterEBPFDown',
];
const SECTIONS = [
  'Description',
  'Symptom',
  'Impact',
  'Causes',
  'Troubleshooting steps',
  'Resolution',
  'Prevention',
];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(dir, rel))
    .filter(keep);
}

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

const runbooks = filesUnder(RUNBOOK_DIR, (f) => f.endsWith('.md')).map((file) => ({
  name: path.basename(file),
  text: read(file),
}));
const allRunbookText = runbooks.map((r) => r.text).join('\n');

/** Everything a runbook may refer to: the operator's sources and the templates it ships. */
const code = [
  ...filesUnder(path.join(repoRoot, 'operator'), (f) => f.endsWith('.ts')),
  ...filesUnder(path.join(repoRoot, 'templates'), (f) => /\.(ya?ml|njk|json|txt)$/.test(f)),
]
  .map(read)
  .join('\n');

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `word` occurs in `text` as a whole token (not as the start of a longer key or name). */
function hasToken(text: string, word: string, tail: string): boolean {
  return new RegExp(`${escape(word)}(?!${tail})`).test(text);
}

function unique(matches: Iterable<RegExpMatchArray>): string[] {
  return [...new Set([...matches].map((m) => m[0]))].sort();
}

const annotationKeys = unique(
  allRunbookText.matchAll(/platform\.kubevirt\.io\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?/g),
);
const metricNames = unique(allRunbookText.matchAll(/virt_platform_[a-z0-9_]*[a-z0-9]/g));

describe('the runbooks in docs/runbooks', () => {
  it.each(annotationKeys)('mention %s, which the code knows', (key) => {
    expect(hasToken(code, key, '[a-z0-9-]')).toBe(true);
  });

  it.each(metricNames)('mention %s, which the operator exports', (metric) => {
    const family = metric.replace(/_(bucket|sum|count)$/, '');

    expect(hasToken(code, metric, '[a-z0-9_]') || hasToken(code, family, '[a-z0-9_]')).toBe(true);
  });

  it('find annotations and metrics to check at all', () => {
    expect(annotationKeys).toEqual(
      expect.arrayContaining(['platform.kubevirt.io/patch', 'platform.kubevirt.io/mode']),
    );
    expect(metricNames).toEqual(expect.arrayContaining(['virt_platform_compliance_status']));
  });

  it('never describe the pause annotation of the old design', () => {
    expect(allRunbookText).not.toMatch(/reconcile-paused|paused_resources/);
  });

  it.each(ALERTS)('include a runbook for %s with every section of the common structure', (alert) => {
    const runbook = runbooks.find((r) => r.name === `${alert}.md`);
    const headings = [...(runbook?.text ?? '').matchAll(/^## (.+)$/gm)].map((m) => m[1]);

    expect(headings).toEqual(expect.arrayContaining(SECTIONS));
  });

  it('index every runbook in the README, and link nothing that does not exist', () => {
    const readme = runbooks.find((r) => r.name === 'README.md')?.text ?? '';
    const links = unique(readme.matchAll(/\(\.\/([A-Za-z]+\.md)\)/g)).map((l) => l.slice(3, -1));
    const files = runbooks.map((r) => r.name).filter((n) => n !== 'README.md');

    expect(links.sort()).toEqual(files.sort());
    expect(files.sort()).toEqual(ALERTS.map((a) => `${a}.md`).sort());
  });

  it('list every exported metric in the README reference table', () => {
    const readme = runbooks.find((r) => r.name === 'README.md')?.text ?? '';
    const exported = unique(
      read(path.join(repoRoot, 'operator', 'observability', 'metrics.ts')).matchAll(
        /'virt_platform_[a-z_]+'/g,
      ),
    );

    expect(exported.length).toBeGreaterThan(5);
    for (const quoted of exported) expect(readme).toContain(`| \`${quoted.slice(1, -1)}\` |`);
  });

  it('explain every Event reason the operator emits, and no reason it does not', () => {
    const readme = runbooks.find((r) => r.name === 'README.md')?.text ?? '';
    const table = readme.slice(readme.indexOf('| reason | type | meaning |'));
    // Sorted without the backticks: `A` sorts after `AB` with them.
    const documented = unique(table.split('\n\n')[0]?.matchAll(/`([A-Z][A-Za-z]+)`/g) ?? [])
      .map((r) => r.slice(1, -1))
      .sort();
    const used = unique(allRunbookText.matchAll(/reason=([A-Z][A-Za-z]+)/g)).map((r) => r.slice(7));

    expect(documented).toEqual(Object.values(REASONS).sort());
    for (const reason of used) expect(Object.values(REASONS)).toContain(reason);
  });
});
