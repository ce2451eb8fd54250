import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { PATCHED_BASELINE, runPipeline } from '../../../operator/pipeline/pipeline.js';
import type { PipelineState, Step } from '../../../operator/pipeline/step.js';
import { context, harness, keyOf, service, state } from './steps/support.js';

const NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } };

/** A step that records its name and either passes (with `mark` appended) or stops. */
function step(name: string, log: string[], stop?: 'held' | 'applied'): Step {
  return {
    name,
    run: async (s: PipelineState) => {
      log.push(name);
      if (stop) return { stop, state: s, reason: name };
      return { next: { ...s, customizations: [...s.customizations, 'patch'] } };
    },
  };
}

describe('runPipeline', () => {
  it('runs the steps in order, each on the state the one before returned, until one stops', async () => {
    const log: string[] = [];

    const result = await runPipeline(state(), harness().deps, [
      step('a', log),
      step('b', log),
      step('c', log, 'held'),
      step('d', log, 'applied'),
    ]);

    expect(log).toEqual(['a', 'b', 'c']);
    expect([result.stop, result.reason, result.state.customizations]).toEqual([
      'held',
      'c',
      ['patch', 'patch'],
    ]);
  });

  it('fails when no step reached an outcome', async () => {
    const log: string[] = [];

    const result = await runPipeline(state(), harness().deps, [step('a', log)]);

    expect([result.stop, result.reason]).toEqual(['failed', 'pipeline ended without an outcome']);
    expect(result.state.customizations).toEqual(['patch']);
  });

  it('is the Patched Baseline of SPEC §4, in its order', () => {
    expect(PATCHED_BASELINE.map((s) => s.name)).toEqual([
      'render',
      'exclude',
      'read-live',
      'force',
      'opt-out',
      'foreign-kubelet-config',
      'merge-live',
      'patch',
      'mask',
      'wait',
      'drift',
      'pool',
      'gate',
      'attribute',
      'apply',
    ]);
  });
});

describe('the Patched Baseline over a fake API server', () => {
  const run = (h: ReturnType<typeof harness>, overrides: Partial<PipelineState> = {}) =>
    runPipeline(state(overrides), h.deps);

  it('creates a missing object, then finds it compliant without a request, then corrects drift', async () => {
    const h = harness();
    h.client.seed(NAMESPACE);

    const created = await run(h);
    const served = h.client.served.length;
    const steady = await run(h);
    const steadyRequests = h.client.served.slice(served).map((s) => s.verb);
    const key = keyOf(service());
    const live = h.client.objects.get(key) as KubeObject;
    h.client.seed({ ...live, spec: { ...(live.spec as object), selector: { app: 'rival' } } } as KubeObject);
    const corrected = await run(h);

    expect([created.stop, steady.stop, corrected.stop]).toEqual(['created', 'unchanged', 'applied']);
    // The steady state reads (namespace, object) but sends no dry-run and no apply.
    expect(steadyRequests).toEqual(['get', 'get']);
    expect(created.state.write).toEqual({ cause: 'create' });
    expect((h.client.objects.get(key)?.spec as { selector: unknown }).selector).toEqual({ app: 'autopilot' });
    expect(h.client.objects.get(key)?.metadata.labels).toEqual({
      'platform.kubevirt.io/managed-by': 'virt-platform-autopilot',
    });
  });

  it('defers the second correction of a foreign edit when the bucket holds one token', async () => {
    const h = harness({ burst: 1 });
    h.client.seed(NAMESPACE);
    await run(h);
    const key = keyOf(service());
    const edit = () => {
      const live = h.client.objects.get(key) as KubeObject;
      h.client.seed({
        ...live,
        spec: { ...(live.spec as object), selector: { app: 'rival' } },
      } as KubeObject);
    };

    edit();
    const first = await run(h);
    edit();
    const second = await run(h);
    const waiting = await run(h);

    expect([first.stop, second.stop, waiting.stop]).toEqual(['applied', 'deferred', 'deferred']);
    expect([second.waiting, waiting.waiting]).toEqual([undefined, true]);
  });

  it.each<[string, Partial<PipelineState>, Record<string, string>, string]>([
    ['skips an asset rendered empty', {}, {}, 'skipped'],
    [
      'excludes a disabled resource',
      {},
      { 'platform.kubevirt.io/disabled-resources': 'Service/metrics' },
      'excluded',
    ],
  ])('%s before reading anything', async (_case, overrides, hcoAnnotations, expected) => {
    const h = harness(expected === 'skipped' ? { render: () => undefined } : {});

    const result = await run(h, { ...overrides, context: context(hcoAnnotations) });

    expect(result.stop).toBe(expected);
    expect(h.client.served).toEqual([]);
  });

  it('leaves an unmanaged object alone', async () => {
    const h = harness();
    h.client.seed(NAMESPACE);
    h.client.seed(service({ app: 'rival', annotations: { 'platform.kubevirt.io/mode': 'unmanaged' } }));

    const result = await run(h);

    expect(result.stop).toBe('unmanaged');
    expect(h.client.served.map((s) => s.verb)).toEqual(['get', 'get']);
  });

  it('writes the patched object and keeps an ignored field', async () => {
    const h = harness();
    h.client.seed(NAMESPACE);
    h.client.seed(
      service({
        port: 9000,
        annotations: {
          'platform.kubevirt.io/patch': '{"spec":{"selector":{"app":"patched"}}}',
          'platform.kubevirt.io/ignore-fields': 'spec.ports',
        },
      }),
    );

    const result = await run(h);

    expect(result.stop).toBe('applied');
    expect(result.state.customizations).toEqual(['patch', 'ignore']);
    expect(h.client.objects.get(keyOf(service()))?.spec).toEqual({
      selector: { app: 'patched' },
      ports: [{ port: 9000 }],
    });
  });
});
