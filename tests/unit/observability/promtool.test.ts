import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../support/paths.js';

const run = promisify(execFile);
const RULES = 'templates/observability/alert-rules.yaml';
const EXPORTER_RULES = 'templates/kubevirt-metrics-exporter/alert-rules.yaml';

/** promtool's exit code and everything it printed (failures go to stderr). */
async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: repoRoot });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const available = spawnSync('promtool', ['--version']).error === undefined;
if (!available) {
  console.warn(
    'promtool is not on PATH: the alert rule tests are SKIPPED. CI installs it; locally run ' +
      '`apt-get install prometheus` (or put a Prometheus release promtool on PATH).',
  );
}
const describeWithPromtool = available ? describe : describe.skip;

describeWithPromtool('alert rules under promtool', () => {
  it('accepts the rules file as valid Prometheus rules', async () => {
    const result = await promtool('check', 'rules', RULES);

    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS: 4 rules found') });
  });

  it('passes every firing, quiet, `for` and resolution case in alerts.test.yml', async () => {
    const result = await promtool('test', 'rules', path.join('tests', 'promtool', 'alerts.test.yml'));

    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('accepts the VM metrics exporter rules and passes their cases in kubevirt-metrics-exporter.test.yml', async () => {
    const check = await promtool('check', 'rules', EXPORTER_RULES);
    const result = await promtool(
      'test',
      'rules',
      path.join('tests', 'promtool', 'kubevirt-metrics-exporter.test.yml'),
    );

    expect(check).toMatchObject({ code: 0, output: expect.stringContaining('SUCCESS: 6 rules found') });
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('fails broken.test.yml, reporting each deliberately wrong expectation', async () => {
    const result = await promtool('test', 'rules', path.join('tests', 'promtool', 'broken.test.yml'));

    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/alertname: VirtPlatformSyncFailed, time: 10m/);
    expect(result.output).toMatch(/alertname: VirtPlatformThrashingDetected, time: 12m/);
  });
});
