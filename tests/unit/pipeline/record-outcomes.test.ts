import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { EventRecorder, EventSpec } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import type { Metrics } from '../../../operator/observability/metrics.js';
import { OutcomeRecorder, seriesRef } from '../../../operator/pipeline/record.js';
import type { PipelineState, Stop } from '../../../operator/pipeline/step.js';
import { hcoObject, state } from './steps/support.js';

const LIVE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'metrics', namespace: 'ns', uid: 'u1' },
};
const REF = { kind: 'Service', name: 'metrics', namespace: 'ns' };
const REGARDING = { apiVersion: 'v1', kind: 'Service', name: 'metrics', namespace: 'ns', uid: 'u1' };

/** State overrides; `undefined` removes the field (nothing live, nothing rendered). */
type Overrides = { [K in keyof PipelineState]?: PipelineState[K] | undefined };
type Recorded = Omit<Stop, 'state'> & { state?: Overrides };

function stateWith(overrides: Overrides = {}): PipelineState {
  const out: Record<string, unknown> = { ...state({ live: LIVE, desired: LIVE }) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out as unknown as PipelineState;
}

interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** An OutcomeRecorder over recording fakes: metrics calls by name, Events, and log lines. */
function recorder() {
  const calls: unknown[][] = [];
  const metrics = new Proxy(
    {},
    {
      get:
        (_t, name) =>
        (...args: unknown[]) =>
          void calls.push([name, ...args]),
    },
  ) as unknown as Metrics;
  const events: EventSpec[] = [];
  const fake = { emit: async (spec: EventSpec) => void events.push(spec) } as unknown as EventRecorder;
  const lines: LogLine[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _e, done) => {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  const outcomes = new OutcomeRecorder(metrics, fake, createLogger({ level: 'debug', stream }));
  return {
    calls,
    events,
    lines: () => lines.map(({ timestamp: _t, ...rest }) => rest),
    record: async (stop: Recorded) => {
      await outcomes.record({ ...stop, state: stateWith(stop.state) }, 0.25);
      // winston writes asynchronously
      await new Promise((resolve) => setImmediate(resolve));
    },
    clear: () => {
      calls.length = 0;
      events.length = 0;
      lines.length = 0;
    },
  };
}

const FIELDS = { asset: 'metrics-service', kind: 'Service', name: 'metrics', namespace: 'ns' };

describe('recording one outcome: metrics, Events and the log line', () => {
  it.each<[string, Recorded, unknown[][], unknown[], LogLine[]]>([
    [
      'a compliant object: in sync, quiet',
      { stop: 'unchanged', state: { customizations: ['patch'] } },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, true],
        ['setCustomizations', REF, ['patch']],
      ],
      [],
      [{ level: 'debug', message: 'compliant, nothing to write', ...FIELDS }],
    ],
    [
      'a creation',
      { stop: 'created', state: { write: { cause: 'create' } } },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, true],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Normal',
          reason: 'Created',
          action: 'Created',
          note: 'Created by asset metrics-service',
        },
      ],
      [{ level: 'info', message: 'successfully applied', cause: 'create', ...FIELDS }],
    ],
    [
      'a correction of foreign drift names the competing managers',
      {
        stop: 'applied',
        state: {
          write: { cause: 'foreign-drift', managers: ['kubectl'], paths: ['spec.x'] },
          drift: { drifted: true, paths: ['/spec/x'] },
        },
      },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, true],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Normal',
          reason: 'DriftCorrected',
          action: 'DriftCorrected',
          note: 'Corrected drift by kubectl on spec.x (asset metrics-service)',
        },
      ],
      [
        {
          level: 'info',
          message: 'successfully applied',
          cause: 'foreign-drift',
          driftPaths: ['/spec/x'],
          competingManagers: ['kubectl'],
          ...FIELDS,
        },
      ],
    ],
    [
      'a write for our own change has no competing managers',
      { stop: 'applied', state: { write: { cause: 'desired-changed', paths: [] } } },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, true],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Normal',
          reason: 'Updated',
          action: 'Updated',
          note: 'Desired state changed (template, HyperConverged input or a removed customisation): updated the object (asset metrics-service)',
        },
      ],
      [{ level: 'info', message: 'successfully applied', cause: 'desired-changed', ...FIELDS }],
    ],
    [
      'an excluded object: its series go, no duration',
      { stop: 'excluded', reason: 'matches disabled-resources rule Service/metrics' },
      [
        ['clearPoolWait', REF],
        ['forgetObject', REF],
      ],
      [],
      [
        {
          level: 'debug',
          message: 'not reconciled: excluded or not applicable',
          outcome: 'excluded',
          reason: 'matches disabled-resources rule Service/metrics',
          ...FIELDS,
        },
      ],
    ],
    [
      'a skipped object without a reason',
      { stop: 'skipped' },
      [
        ['clearPoolWait', REF],
        ['forgetObject', REF],
      ],
      [],
      [
        {
          level: 'debug',
          message: 'not reconciled: excluded or not applicable',
          outcome: 'skipped',
          reason: '',
          ...FIELDS,
        },
      ],
    ],
    [
      'a held object: out of sync, a Warning naming the annotation',
      {
        stop: 'held',
        reason: 'annotation platform.kubevirt.io/patch: bad',
        annotation: 'platform.kubevirt.io/patch',
        state: { customizations: ['patch'] },
      },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
        ['setCustomizations', REF, ['patch']],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'Held',
          action: 'Held',
          note: 'Held, nothing written: annotation platform.kubevirt.io/patch: bad (fix annotation platform.kubevirt.io/patch)',
        },
      ],
      [
        {
          level: 'warn',
          message: 'held: no write until the annotation is fixed',
          annotation: 'platform.kubevirt.io/patch',
          problem: 'annotation platform.kubevirt.io/patch: bad',
          ...FIELDS,
        },
      ],
    ],
    [
      'a held object without details',
      { stop: 'held' },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'Held',
          action: 'Held',
          note: 'Held, nothing written: invalid annotation (fix annotation ?)',
        },
      ],
      [{ level: 'warn', message: 'held: no write until the annotation is fixed', ...FIELDS }],
    ],
    [
      'a KubeletConfig held for another tool’s',
      {
        stop: 'held',
        reason: 'KubeletConfig/admin selects MachineConfigPool worker too',
        conflict: { pool: 'worker', others: ['admin'] },
      },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'KubeletConfigConflict',
          action: 'KubeletConfigConflict',
          note: 'Held, nothing written: KubeletConfig/admin selects MachineConfigPool worker too',
        },
      ],
      [
        {
          level: 'warn',
          message: 'held: another KubeletConfig selects the same MachineConfigPool',
          pool: 'worker',
          otherKubeletConfigs: ['admin'],
          ...FIELDS,
        },
      ],
    ],
    [
      'a write waiting for its pool',
      {
        stop: 'deferred',
        reason: 'waiting for MachineConfigPool worker: paused',
        retryAfterMs: 30_000,
        poolWait: { pool: 'worker', reason: 'paused' },
        state: { customizations: ['ignore'] },
      },
      [
        ['observeReconcile', REF, 0.25],
        ['setCompliance', REF, false],
        ['setPoolWait', REF, 'worker', 'paused'],
        ['setCustomizations', REF, ['ignore']],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'WaitingForPool',
          action: 'WaitingForPool',
          note:
            'waiting for MachineConfigPool worker: paused. Nothing is written until then; the pending node ' +
            'changes of the pool then go out together (one rollout).',
        },
      ],
      [
        {
          level: 'info',
          message: 'waiting for MachineConfigPool before writing',
          pool: 'worker',
          poolState: 'paused',
          retryAfterMs: 30_000,
          ...FIELDS,
        },
      ],
    ],
    [
      'a write waiting for its pool, without a reason',
      { stop: 'deferred', poolWait: { pool: 'worker', reason: 'updating' } },
      [
        ['observeReconcile', REF, 0.25],
        ['setCompliance', REF, false],
        ['setPoolWait', REF, 'worker', 'updating'],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'WaitingForPool',
          action: 'WaitingForPool',
          note:
            'waiting for MachineConfigPool worker. Nothing is written until then; the pending node ' +
            'changes of the pool then go out together (one rollout).',
        },
      ],
      [
        {
          level: 'info',
          message: 'waiting for MachineConfigPool before writing',
          pool: 'worker',
          poolState: 'updating',
          ...FIELDS,
        },
      ],
    ],
    [
      'a new deferral: counted as thrashing, an edit-war Warning',
      {
        stop: 'deferred',
        retryAfterMs: 60_000,
        competitors: { managers: ['hpa', 'kubectl'], paths: ['spec.replicas', 'spec.x'] },
        state: { customizations: ['patch'] },
      },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
        ['incThrashing', REF],
        ['setCustomizations', REF, ['patch']],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'Throttled',
          action: 'Throttled',
          note:
            'Edit war: hpa, kubectl keeps changing spec.replicas, spec.x; the token bucket defers the next ' +
            'correction. Use the patch or ignore-fields annotation, or mode: unmanaged, if the change is intended.',
        },
      ],
      [
        {
          level: 'warn',
          message: 'throttled: token bucket empty, correction deferred',
          retryAfterMs: 60_000,
          competingManagers: ['hpa', 'kubectl'],
          fields: ['spec.replicas', 'spec.x'],
          ...FIELDS,
        },
      ],
    ],
    [
      'a new deferral without competitors',
      { stop: 'deferred', retryAfterMs: 1000 },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
        ['incThrashing', REF],
        ['setCustomizations', REF, []],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'Throttled',
          action: 'Throttled',
          note:
            'Edit war: an unknown writer keeps changing managed fields; the token bucket defers the next ' +
            'correction. Use the patch or ignore-fields annotation, or mode: unmanaged, if the change is intended.',
        },
      ],
      [
        {
          level: 'warn',
          message: 'throttled: token bucket empty, correction deferred',
          retryAfterMs: 1000,
          competingManagers: [],
          fields: [],
          ...FIELDS,
        },
      ],
    ],
    [
      'the same wait as before: out of sync, nothing counted or announced',
      { stop: 'deferred', waiting: true, retryAfterMs: 5000, competitors: { managers: ['x'], paths: [] } },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
      ],
      [],
      [
        {
          level: 'debug',
          message: 'throttled: still waiting for a token of the token bucket',
          retryAfterMs: 5000,
          ...FIELDS,
        },
      ],
    ],
    [
      'a failed write',
      { stop: 'failed', reason: 'apply failed (HTTP 500)' },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'ApplyFailed',
          action: 'ApplyFailed',
          note: 'Failed to apply asset metrics-service: apply failed (HTTP 500)',
        },
      ],
      [{ level: 'error', message: 'failed to apply', error: 'apply failed (HTTP 500)', ...FIELDS }],
    ],
    [
      'a failure without a reason',
      { stop: 'failed' },
      [
        ['observeReconcile', REF, 0.25],
        ['clearPoolWait', REF],
        ['setCompliance', REF, false],
      ],
      [
        {
          regarding: REGARDING,
          type: 'Warning',
          reason: 'ApplyFailed',
          action: 'ApplyFailed',
          note: 'Failed to apply asset metrics-service: unknown error',
        },
      ],
      [{ level: 'error', message: 'failed to apply', ...FIELDS }],
    ],
  ])('%s', async (_case, stop, calls, events, lines) => {
    const r = recorder();

    await r.record(stop);

    expect(r.calls).toEqual(calls);
    expect(r.events).toEqual(events);
    expect(r.lines()).toEqual(lines);
  });

  it('an object opted out: its series go, unmanaged is its one customisation, one Unmanaged Event', async () => {
    const r = recorder();

    await r.record({ stop: 'unmanaged', state: { customizations: ['unmanaged'] } });

    expect(r.calls).toEqual([
      ['observeReconcile', REF, 0.25],
      ['clearPoolWait', REF],
      ['forgetObject', REF],
      ['setCustomizations', REF, ['unmanaged']],
    ]);
    expect(r.events.map((e) => [e.type, e.reason, e.regarding])).toEqual([
      ['Normal', 'Unmanaged', REGARDING],
    ]);
    expect(r.lines()).toEqual([{ level: 'debug', message: 'mode unmanaged: skipped', ...FIELDS }]);
  });
});

describe('opting out and back in', () => {
  it.each<[Stop['stop'], boolean]>([
    ['unchanged', true],
    ['applied', true],
    ['held', true],
    ['deferred', true],
    ['failed', true],
    ['skipped', false],
    ['excluded', false],
  ])('after unmanaged, %s announces Managed: %s', async (stop, managed) => {
    const r = recorder();
    await r.record({ stop: 'unmanaged' });
    r.clear();

    await r.record({ stop, waiting: true });
    await r.record({ stop, waiting: true });

    expect(r.events.filter((e) => e.reason === 'Managed')).toHaveLength(managed ? 1 : 0);
  });

  it('announces Managed before the outcome’s own Event, with the asset named', async () => {
    const r = recorder();
    await r.record({ stop: 'unmanaged' });
    r.clear();

    await r.record({ stop: 'applied', state: { write: { cause: 'create' } } });

    expect(r.events.map((e) => e.reason)).toEqual(['Managed', 'Created']);
    expect(r.events[0]?.note).toContain('(asset metrics-service)');
    expect(r.events[0]?.regarding).toEqual(REGARDING);
  });

  it('keeps objects apart: opting one out does not make another one "managed again"', async () => {
    const r = recorder();
    await r.record({ stop: 'unmanaged' });
    r.clear();
    const other = { ...LIVE, metadata: { ...LIVE.metadata, name: 'other' } };

    await r.record({ stop: 'unchanged', state: { live: other, desired: other } });
    await r.record({ stop: 'unmanaged' });

    expect(r.events).toEqual([]);
  });
});

describe('warnings of a step (ignore-fields paths that match nothing)', () => {
  const warn = (note: string) => ({ reason: 'IgnoredFieldNotFound', note });
  const W = 'warning about the object, nothing held';

  it('emits a Warning when the warnings appear or change, not on every pass, and again after they cleared', async () => {
    const r = recorder();
    const passes: (readonly ReturnType<typeof warn>[] | undefined)[] = [
      [warn('a')],
      [warn('a')],
      [warn('a'), warn('b')],
      undefined,
      [warn('a')],
    ];

    for (const warnings of passes) await r.record({ stop: 'unchanged', state: warnings ? { warnings } : {} });

    expect(r.events.map((e) => [e.type, e.reason, e.note])).toEqual([
      ['Warning', 'IgnoredFieldNotFound', 'a'],
      ['Warning', 'IgnoredFieldNotFound', 'a'],
      ['Warning', 'IgnoredFieldNotFound', 'b'],
      ['Warning', 'IgnoredFieldNotFound', 'a'],
    ]);
    expect(r.lines().filter((l) => l.level === 'warn')).toEqual([
      { level: 'warn', message: W, reason: 'IgnoredFieldNotFound', note: 'a', ...FIELDS },
      { level: 'warn', message: W, reason: 'IgnoredFieldNotFound', note: 'a', ...FIELDS },
      { level: 'warn', message: W, reason: 'IgnoredFieldNotFound', note: 'b', ...FIELDS },
      { level: 'warn', message: W, reason: 'IgnoredFieldNotFound', note: 'a', ...FIELDS },
    ]);
  });

  it.each<Stop['stop']>(['unmanaged', 'skipped', 'excluded'])(
    'says nothing of warnings when %s',
    async (stop) => {
      const r = recorder();

      await r.record({ stop, state: { warnings: [warn('a')] } });

      expect(r.events.filter((e) => e.reason === 'IgnoredFieldNotFound')).toEqual([]);
    },
  );

  it('keeps the warnings of each object apart', async () => {
    const r = recorder();
    const other = { ...LIVE, metadata: { ...LIVE.metadata, name: 'other' } };

    await r.record({ stop: 'unchanged', state: { warnings: [warn('a')] } });
    await r.record({ stop: 'unchanged', state: { live: other, desired: other, warnings: [warn('a')] } });

    expect(r.events.map((e) => e.regarding.name)).toEqual(['metrics', 'other']);
  });
});

describe('what an outcome is about', () => {
  it('prefers the live object to the desired one', async () => {
    const r = recorder();
    const desired = { ...LIVE, metadata: { name: 'desired', namespace: 'ns' } };

    await r.record({ stop: 'failed', state: { desired } });

    expect(r.events[0]?.regarding.name).toBe('metrics');
  });

  it('uses the desired object while nothing is live (deferred re-creation)', async () => {
    const r = recorder();
    const desired = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' } };

    await r.record({ stop: 'deferred', state: { live: undefined, desired } });

    expect(r.calls[0]).toEqual([
      'observeReconcile',
      { kind: 'ConfigMap', name: 'cm', namespace: 'ns' },
      0.25,
    ]);
    expect(r.events.map((e) => [e.regarding, e.note.split(';')[0]])).toEqual([
      [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace: 'ns' },
        'Edit war: the object keeps being deleted',
      ],
    ]);
  });

  it.each<Stop['stop']>(['held', 'failed'])(
    'with nothing rendered, a %s outcome is told on the HyperConverged, without metrics',
    async (stop) => {
      const r = recorder();

      await r.record({ stop, state: { live: undefined, desired: undefined } });

      expect(r.calls).toEqual([]);
      expect(r.events.map((e) => e.regarding)).toEqual([
        {
          apiVersion: 'hco.kubevirt.io/v1',
          kind: 'HyperConverged',
          name: 'kubevirt-hyperconverged',
          namespace: 'ns',
        },
      ]);
      expect(r.lines()[0]).toEqual(expect.objectContaining({ asset: 'metrics-service' }));
      expect(Object.keys(r.lines()[0] ?? {})).not.toContain('kind');
    },
  );

  it('with nothing rendered, an unmanaged outcome emits nothing', async () => {
    const r = recorder();

    await r.record({ stop: 'unmanaged', state: { live: undefined, desired: undefined } });

    expect(r.events).toEqual([]);
  });

  it('never emits about an object without a name, and leaves out a missing namespace and uid', async () => {
    const r = recorder();
    const nameless = { apiVersion: 'v1', kind: 'Service', metadata: {} };
    const cluster = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } };

    await r.record({ stop: 'failed', state: { live: nameless } });
    await r.record({ stop: 'failed', state: { live: cluster } });

    expect(r.events.map((e) => e.regarding)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', name: 'ns' }]);
    expect(r.calls[0]).toEqual(['observeReconcile', { kind: 'Service', name: '', namespace: '' }, 0.25]);
  });

  it('seriesRef labels a cluster-scoped object with an empty namespace', () => {
    expect(seriesRef({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } })).toEqual({
      kind: 'Namespace',
      name: 'ns',
      namespace: '',
    });
    expect(hcoObject().kind).toBe('HyperConverged');
  });
});
