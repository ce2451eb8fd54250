import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { EventRecorder, EventSpec } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import type { WriteCause } from '../../../operator/pipeline/decisions/write-cause.js';
import { OutcomeRecorder } from '../../../operator/pipeline/record.js';
import type { Outcome, Stop } from '../../../operator/pipeline/step.js';
import { assetNamed, contextFor, realCatalog } from '../assets/support/fixtures.js';
import { Writable } from 'node:stream';

const SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'virt-platform-autopilot-metrics', namespace: 'openshift-cnv', uid: 'u1' },
};

function recorder(): { record(stop: Outcome, write?: WriteCause): Promise<void>; events: EventSpec[] } {
  const events: EventSpec[] = [];
  const fake = { emit: async (spec: EventSpec) => void events.push(spec) } as unknown as EventRecorder;
  const silent = createLogger({ level: 'error', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const outcomes = new OutcomeRecorder(new Metrics(), fake, silent);
  const asset = assetNamed(realCatalog(), 'metrics-service');
  const context = contextFor('minimal', 'plain-workers');
  return {
    events,
    record: (stop, write) => {
      const result: Stop = {
        stop,
        state: {
          asset,
          context,
          live: SERVICE,
          desired: SERVICE,
          customizations: [],
          forced: false,
          ...(write ? { write } : {}),
        },
      };
      return outcomes.record(result, 0.01);
    },
  };
}

describe('the Events an outcome emits', () => {
  it.each<[string, WriteCause | undefined, string, RegExp]>([
    ['a create', { cause: 'create' }, 'Created', /^Created by asset metrics-service$/],
    ['an adoption', { cause: 'adopt' }, 'Adopted', /Took over the existing object/],
    [
      'foreign drift',
      { cause: 'foreign-drift', managers: ['kubectl-edit'], paths: ['spec.selector.app'] },
      'DriftCorrected',
      /^Corrected drift by kubectl-edit on spec\.selector\.app/,
    ],
    [
      "the object's own patch",
      { cause: 'customization', paths: ['spec.sessionAffinity'] },
      'CustomizationApplied',
      /platform\.kubevirt\.io\/patch annotation to spec\.sessionAffinity/,
    ],
    [
      'a changed template or HCO input',
      { cause: 'desired-changed', paths: ['spec.ports'] },
      'Updated',
      /^Desired state changed/,
    ],
  ])('names %s by its own reason', async (_name, write, reason, note) => {
    const r = recorder();

    await r.record(write?.cause === 'create' ? 'created' : 'applied', write);

    expect(r.events.map((e) => [e.type, e.reason])).toEqual([['Normal', reason]]);
    expect(r.events[0]?.note).toMatch(note);
  });

  it('emits Unmanaged once when the object is opted out, and Managed once when it is opted back in', async () => {
    const r = recorder();

    await r.record('unchanged');
    await r.record('unmanaged');
    await r.record('unmanaged');
    await r.record('unchanged');
    await r.record('unchanged');

    expect(r.events.map((e) => e.reason)).toEqual(['Unmanaged', 'Managed']);
    expect(r.events[0]?.regarding).toMatchObject({
      kind: 'Service',
      name: 'virt-platform-autopilot-metrics',
    });
    expect(r.events[0]?.note).toMatch(/mode=unmanaged/);
  });
});
