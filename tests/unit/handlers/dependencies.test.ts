import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { DependencyReporter } from '../../../operator/handlers/dependencies.js';
import type { Eligibility } from '../../../operator/handlers/eligibility.js';
import { EventRecorder } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';
import { ASSET, context } from '../pipeline/steps/support.js';
import { FakeClock } from '../throttling/fake-clock.js';

const NHC: AssetDefinition = {
  ...ASSET,
  name: 'node-health-check',
  component: 'NodeHealthCheck',
  apiVersion: 'remediation.medik8s.io/v1alpha1',
};
const MISSING: Eligibility = { eligible: false, cause: 'missing-dependency', reason: 'not served' };

async function missingSeries(eligibility: Eligibility): Promise<string[]> {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const metrics = new Metrics();
  const events = new EventRecorder({
    client,
    instance: 'test',
    clock,
    logger: createLogger({ level: 'error' }),
  });
  const base = { ...context(), served: () => false };

  await new DependencyReporter(metrics, events).noteAsset(NHC, base, eligibility);

  return (await metrics.registry.metrics())
    .split('\n')
    .filter((l) => l.startsWith('virt_platform_missing_dependency{'));
}

describe('reporting the kinds an asset needs', () => {
  it.each<[string, Eligibility, number]>([
    ['reports the kind of an asset skipped for it', MISSING, 1],
    ['reports the kind of an enabled asset', { eligible: true }, 1],
    [
      'says nothing about an asset nobody switched on',
      { eligible: false, cause: 'conditions', reason: 'x' },
      0,
    ],
    [
      'says nothing about an asset outside the allowlist',
      { eligible: false, cause: 'allowlist', reason: 'x' },
      0,
    ],
  ])('%s', async (_case, eligibility, series) => {
    const lines = await missingSeries(eligibility);

    expect(lines).toHaveLength(series);
    if (series) expect(lines[0]).toMatch(/kind="NodeHealthCheck".* 1$/);
  });
});
