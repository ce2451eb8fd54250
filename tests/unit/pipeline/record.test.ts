import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { EventRecorder, EventSpec } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import type { WriteCause } from '../../../operator/pipeline/decisions/write-cause.js';
import { OutcomeRecorder } from '../../../operator/pipeline/record.js';
import type { Outcome, PipelineState, Stop } from '../../../operator/pipeline/step.js';

/** Stop fields besides the outcome, and state fields over the recorder's Service state. */
type Extra = Partial<Omit<Stop, 'state'>> & { state?: Partial<PipelineState> };
import { assetNamed, contextFor, realCatalog } from '../assets/support/fixtures.js';
import { Writable } from 'node:stream';

const SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'virt-platform-autopilot-metrics', namespace: 'openshift-cnv', uid: 'u1' },
};

function recorder(): {
  record(stop: Outcome, write?: WriteCause, extra?: Extra): Promise<void>;
  events: EventSpec[];
  logs: Record<string, unknown>[];
} {
  const events: EventSpec[] = [];
  const logs: Record<string, unknown>[] = [];
  const fake = { emit: async (spec: EventSpec) => void events.push(spec) } as unknown as EventRecorder;
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const outcomes = new OutcomeRecorder(new Metrics(), fake, createLogger({ level: 'debug', stream: sink }));
  const asset = assetNamed(realCatalog(), 'metrics-service');
  const context = contextFor('minimal', 'plain-workers');
  return {
    events,
    logs,
    record: (stop, write, extra = {}) => {
      const { state: more, ...rest } = extra;
      const result: Stop = {
        ...rest,
        stop,
        state: {
          asset,
          context,
          live: SERVICE,
          desired: SERVICE,
          customizations: [],
          forced: false,
          ...(write ? { write } : {}),
          ...more,
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

  it.each<[string, Outcome[], string[]]>([
    ['a later compliant check', ['unchanged', 'unchanged'], ['KubeletConfigConflictResolved']],
    ['a later write', ['applied'], ['KubeletConfigConflictResolved']],
    ['a pool wait after it', ['deferred'], ['KubeletConfigConflictResolved']],
    [
      'an exclusion in between (the check did not run)',
      ['excluded', 'applied'],
      ['KubeletConfigConflictResolved'],
    ],
    ['a failure (the check may not have run)', ['failed'], []],
  ])(
    'announces the end of a KubeletConfig conflict hold once, naming the pool, on %s',
    async (_what, after, reasons) => {
      const r = recorder();
      const conflict = { pool: 'worker', others: ['admin-max-pods'] };
      await r.record('held', undefined, { conflict, reason: 'KubeletConfig/admin-max-pods selects it' });
      r.events.length = 0;

      for (const stop of after) await r.record(stop);

      expect(r.events.map((e) => e.reason).filter((e) => e.startsWith('KubeletConfig'))).toEqual(reasons);
      const resolved = r.events.find((e) => e.reason === 'KubeletConfigConflictResolved');
      if (resolved) {
        expect(resolved.type).toBe('Normal');
        expect(resolved.note).toContain('MachineConfigPool worker');
      }
    },
  );

  it('warns of a KubeletConfig conflict when the hold starts or its other KubeletConfigs change, not on every pass', async () => {
    const r = recorder();
    const held = (others: string[]) =>
      r.record('held', undefined, {
        conflict: { pool: 'worker', others },
        reason: `${others.join(', ')} select it`,
      });

    await held(['performance-profile']);
    await held(['performance-profile']);
    await held(['performance-profile']);
    await held(['admin', 'performance-profile']);

    const warnings = r.events.filter((e) => e.reason === 'KubeletConfigConflict').map((e) => e.note);
    expect(warnings).toEqual([
      'Held, nothing written: performance-profile select it',
      'Held, nothing written: admin, performance-profile select it',
    ]);
  });

  it('warns that a write waits for its pool when the wait starts or its reason changes, not on every recheck', async () => {
    const r = recorder();
    const waiting = (reason: 'paused' | 'updating') =>
      r.record('deferred', undefined, {
        poolWait: { pool: 'worker', reason },
        reason: `waiting for MachineConfigPool worker: ${reason}`,
      });

    await waiting('paused');
    await waiting('paused');
    await waiting('paused');
    await waiting('updating');
    await r.record('applied', { cause: 'create' });
    await waiting('updating');

    const warnings = r.events.filter((e) => e.reason === 'WaitingForPool').map((e) => e.note.split('.')[0]);
    expect(warnings).toEqual([
      'waiting for MachineConfigPool worker: paused',
      'waiting for MachineConfigPool worker: updating',
      'waiting for MachineConfigPool worker: updating',
    ]);
  });

  it('announces no end of a conflict that never was', async () => {
    const r = recorder();

    await r.record('applied', { cause: 'create' });
    await r.record('unchanged');

    expect(r.events.map((e) => e.reason)).not.toContain('KubeletConfigConflictResolved');
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

  it.each<[string, Outcome, Extra, string, Record<string, unknown>]>([
    [
      'an excluded asset',
      'excluded',
      { reason: 'disabled-resources matched Service/openshift-cnv/x' },
      'not reconciled: excluded or not applicable',
      { outcome: 'excluded', reason: 'disabled-resources matched Service/openshift-cnv/x' },
    ],
    [
      'a warning that holds nothing',
      'unchanged',
      {
        state: {
          warnings: [{ reason: 'IgnoreFieldUnmatched', note: 'path spec.x matches nothing' }],
        },
      },
      'warning about the object, nothing held',
      { reason: 'IgnoreFieldUnmatched', note: 'path spec.x matches nothing' },
    ],
  ])(
    'logs %s with a constant message and the variables in fields',
    async (_what, stop, extra, message, fields) => {
      const r = recorder();

      await r.record(stop, undefined, extra);

      const line = r.logs.find((l) => l.message === message);
      expect(line).toMatchObject({ asset: 'metrics-service', ...fields });
    },
  );
});
