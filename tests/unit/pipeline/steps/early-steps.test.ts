import { describe, expect, it } from '@jest/globals';
import { NotApplicableError, RenderError } from '../../../../operator/assets/renderer.js';
import { KubeApiError } from '../../../../operator/errors.js';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { excludeStep } from '../../../../operator/pipeline/steps/exclude.js';
import { mergeLiveStep } from '../../../../operator/pipeline/steps/merge-live.js';
import { optOutStep } from '../../../../operator/pipeline/steps/opt-out.js';
import { patchStep } from '../../../../operator/pipeline/steps/patch.js';
import { readLiveStep } from '../../../../operator/pipeline/steps/read-live.js';
import { renderStep } from '../../../../operator/pipeline/steps/render.js';
import { isStop, type PipelineState, type StepResult } from '../../../../operator/pipeline/step.js';
import { ASSET, context, harness, service, state } from './support.js';

/** A Stop as the fields a table compares; a pass as 'next'. */
const stopOf = (r: StepResult) =>
  isStop(r)
    ? {
        stop: r.stop,
        reason: r.reason,
        ...(r.annotation !== undefined ? { annotation: r.annotation } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      }
    : 'next';
const nextOf = (r: StepResult): PipelineState => {
  if (isStop(r)) throw new Error(`stopped: ${r.stop} (${r.reason ?? ''})`);
  return r.next;
};

describe('the render step', () => {
  const thrown = (err: unknown) => () => {
    throw err;
  };
  const renderError = new RenderError('metrics-service', 'bad value', {
    annotation: 'platform.kubevirt.io/tuning',
  });
  const templateBug = new RenderError('metrics-service', 'undefined variable');
  it.each<[string, () => KubeObject | undefined, ReturnType<typeof stopOf>]>([
    [
      'skips an asset whose template renders nothing',
      () => undefined,
      { stop: 'skipped', reason: 'template rendered empty (not applicable)' },
    ],
    [
      'skips an asset the template says does not apply, with its reason',
      thrown(new NotApplicableError('metrics-service', 'no GPU')),
      { stop: 'skipped', reason: 'not applicable: no GPU' },
    ],
    [
      'holds on a bad HCO annotation value, naming the annotation',
      thrown(renderError),
      {
        stop: 'held',
        reason: 'render metrics-service failed: bad value',
        annotation: 'platform.kubevirt.io/tuning',
        error: renderError,
      },
    ],
    [
      'fails on a render error no annotation caused',
      thrown(templateBug),
      {
        stop: 'failed',
        reason: 'render metrics-service failed: render metrics-service failed: undefined variable',
        error: templateBug,
      },
    ],
    [
      'fails on anything else thrown',
      thrown('boom'),
      { stop: 'failed', reason: 'render metrics-service failed: boom', error: 'boom' },
    ],
  ])('%s', async (_case, render, expected) => {
    const h = harness({ render });

    expect(stopOf(await renderStep.run(state(), h.deps))).toEqual(expected);
  });

  it('passes the rendered object on as both the raw render and the desired object', async () => {
    const h = harness({ render: () => service({ port: 1 }) });

    const next = nextOf(await renderStep.run(state(), h.deps));

    expect(next.rendered).toEqual(service({ port: 1 }));
    expect(next.desired).toEqual(service({ port: 1 }));
    expect(next.asset).toBe(ASSET);
  });
});

describe('the exclude step (disabled-resources)', () => {
  const DISABLED = 'platform.kubevirt.io/disabled-resources';
  const run = (rules: string | undefined, desired: KubeObject | null = service()) => {
    const annotations: Record<string, string> = rules === undefined ? {} : { [DISABLED]: rules };
    const input = state({ context: context(annotations), ...(desired ? { desired } : {}) });
    return excludeStep.run(input, harness().deps);
  };

  it.each<[string, string | undefined, ReturnType<typeof stopOf>]>([
    ['passes without the annotation', undefined, 'next'],
    ['passes with an empty annotation', '', 'next'],
    ['passes when no rule matches', 'Service/other', 'next'],
    ['passes when the kind differs', 'ConfigMap/metrics', 'next'],
    [
      'excludes on a Kind/name rule',
      'Service/metrics',
      { stop: 'excluded', reason: 'matches disabled-resources rule Service/metrics' },
    ],
    [
      'excludes on a Kind/namespace/name rule and names the namespace',
      'ConfigMap/x, Service/ns/metr*',
      { stop: 'excluded', reason: 'matches disabled-resources rule Service/ns/metr*' },
    ],
    ['passes when the namespace differs', 'Service/other-ns/metrics', 'next'],
  ])('%s', async (_case, rules, expected) => {
    expect(stopOf(await run(rules))).toEqual(expected);
  });

  it('holds every asset when the list is malformed (fail closed), naming the annotation', async () => {
    const result = await run('Service');

    expect(isStop(result) && [result.stop, result.annotation]).toEqual(['held', DISABLED]);
    expect(isStop(result) && result.reason).toMatch(/is not Kind\/name or Kind\/namespace\/name/);
  });

  it('passes when nothing was rendered, whatever the rules', async () => {
    expect(stopOf(await run('Service', null))).toBe('next');
  });
});

describe('the read-live step', () => {
  const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } };

  it('skips an asset with nothing rendered', async () => {
    expect(stopOf(await readLiveStep.run(state(), harness().deps))).toEqual({
      stop: 'skipped',
      reason: 'nothing rendered',
    });
  });

  it('skips a namespaced asset whose namespace does not exist, without reading the object', async () => {
    const h = harness();
    h.client.seed(service());

    const result = await readLiveStep.run(state({ desired: service() }), h.deps);

    expect(stopOf(result)).toEqual({ stop: 'skipped', reason: 'namespace ns does not exist' });
    expect(h.client.served.map((s) => s.key)).toEqual(['Namespace/ns']);
  });

  it('passes the live object on when it exists', async () => {
    const h = harness();
    h.client.seed(namespace);
    const live = h.client.seed(service({ app: 'live' }));

    const next = nextOf(await readLiveStep.run(state({ desired: service() }), h.deps));

    expect(next.live).toEqual(live);
  });

  it('passes without a live object when it does not exist (creation)', async () => {
    const h = harness();
    h.client.seed(namespace);

    const next = nextOf(await readLiveStep.run(state({ desired: service() }), h.deps));

    expect('live' in next).toBe(false);
  });

  it('reads a cluster-scoped object without asking for a namespace', async () => {
    const h = harness();
    const desired: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } };
    const live = h.client.seed(desired);

    const next = nextOf(await readLiveStep.run(state({ desired }), h.deps));

    expect(next.live).toEqual(live);
    expect(h.client.count('get')).toBe(1);
  });

  it.each([
    ['the namespace read', 1],
    ['the object read', 2],
  ])('fails with the error when %s fails', async (_case, failing) => {
    const h = harness();
    const err = new KubeApiError('get failed (HTTP 503): unavailable', 503, 'ServiceUnavailable');
    let calls = 0;
    const answer = async <T>(value: T): Promise<T> => {
      if (++calls === failing) throw err;
      return value;
    };
    const deps = {
      ...h.deps,
      live: { read: () => answer(undefined), namespaceExists: () => answer(true) },
    };

    const result = await readLiveStep.run(state({ desired: service() }), deps);

    expect(stopOf(result)).toEqual({
      stop: 'failed',
      reason: 'read Service/metrics failed: get failed (HTTP 503): unavailable',
      error: err,
    });
  });
});

describe('the opt-out step (mode)', () => {
  const MODE = 'platform.kubevirt.io/mode';
  const run = (
    annotations: Record<string, string> | undefined,
    customizations: PipelineState['customizations'] = [],
  ) =>
    optOutStep.run(
      state({ desired: service(), live: service(annotations ? { annotations } : {}), customizations }),
      harness().deps,
    );

  it.each<[string, Record<string, string> | undefined, string]>([
    ['passes a live object without annotations', undefined, 'next'],
    ['passes an object marked managed', { [MODE]: 'managed' }, 'next'],
    ['passes an object with other annotations only', { 'example.com/x': 'unmanaged' }, 'next'],
    ['stops an object marked unmanaged', { [MODE]: 'unmanaged' }, 'unmanaged'],
    ['stops an object marked unmanaged with spaces around', { [MODE]: ' unmanaged ' }, 'unmanaged'],
    ['holds an unknown mode', { [MODE]: 'Unmanaged' }, 'held'],
    [
      'holds an oversized platform annotation',
      { 'platform.kubevirt.io/patch': 'x'.repeat(256 * 1024 + 1) },
      'held',
    ],
  ])('%s', async (_case, annotations, expected) => {
    const result = await run(annotations);

    expect(isStop(result) ? result.stop : 'next').toBe(expected);
  });

  it('reports unmanaged as the only customisation', async () => {
    const result = await run({ [MODE]: 'unmanaged' }, ['patch']);

    expect(isStop(result) && result.state.customizations).toEqual(['unmanaged']);
  });

  it('names the mode annotation when it holds', async () => {
    const result = await run({ [MODE]: 'off' });

    expect(isStop(result) && [result.annotation, result.reason]).toEqual([
      MODE,
      'annotation platform.kubevirt.io/mode: unknown mode "off" (expected "unmanaged" or "managed")',
    ]);
  });

  it('passes when there is no live object', async () => {
    const result = await optOutStep.run(state({ desired: service() }), harness().deps);

    expect(isStop(result)).toBe(false);
  });
});

describe('the patch step', () => {
  const PATCH = 'platform.kubevirt.io/patch';
  const run = (value: string | undefined, desired: KubeObject | null = service()) =>
    patchStep.run(
      state({
        ...(desired ? { desired } : {}),
        live: service(value === undefined ? {} : { annotations: { [PATCH]: value } }),
        customizations: ['ignore'],
      }),
      harness().deps,
    );

  it('applies a merge patch to the desired object and counts the customisation', async () => {
    const next = nextOf(await run('{"spec":{"selector":{"app":"patched"}}}'));

    expect(next.desired?.spec).toEqual({ selector: { app: 'patched' }, ports: [{ port: 8443 }] });
    expect(next.customizations).toEqual(['ignore', 'patch']);
  });

  it('applies a JSON patch', async () => {
    const next = nextOf(await run('[{"op":"replace","path":"/spec/ports/0/port","value":1}]'));

    expect(next.desired?.spec).toEqual({ selector: { app: 'autopilot' }, ports: [{ port: 1 }] });
  });

  it.each([
    ['without the annotation', undefined],
    ['with an empty annotation', ''],
  ])('leaves the desired object alone %s', async (_case, value) => {
    const next = nextOf(await run(value));

    expect(next.desired).toEqual(service());
    expect(next.customizations).toEqual(['ignore']);
  });

  it('passes when nothing was rendered', async () => {
    const result = await run('{"spec":{}}', null);

    expect(isStop(result)).toBe(false);
  });

  it('holds a malformed patch, naming the annotation and counting the customisation', async () => {
    const result = await run('{not json');

    expect(isStop(result) && [result.stop, result.annotation, result.state.customizations]).toEqual([
      'held',
      PATCH,
      ['ignore', 'patch'],
    ]);
  });
});

describe('the merge-live step (embedded YAML)', () => {
  const configMap = (text: string | undefined): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cluster-monitoring-config', namespace: 'ns' },
    ...(text === undefined ? {} : { data: { 'config.yaml': text } }),
  });
  const asset = { ...ASSET, mergeYaml: 'data.config.yaml' };

  it('merges the rendered document into the live one, keeping the admin keys', async () => {
    const input = state({ asset, desired: configMap('ours: 1\n'), live: configMap('theirs: 2\n') });

    const next = nextOf(await mergeLiveStep.run(input, harness().deps));

    expect(next.desired?.data).toEqual({ 'config.yaml': 'ours: 1\ntheirs: 2\n' });
  });

  it('leaves assets without merge_yaml alone', async () => {
    const input = state({ desired: configMap('ours: 1\n'), live: configMap('theirs: 2\n') });

    const next = nextOf(await mergeLiveStep.run(input, harness().deps));

    expect(next.desired?.data).toEqual({ 'config.yaml': 'ours: 1\n' });
  });

  it('passes when nothing was rendered', async () => {
    const result = await mergeLiveStep.run(state({ asset, live: configMap('a: 1\n') }), harness().deps);

    expect(isStop(result)).toBe(false);
  });

  it('fails, naming the object, when the live document is not a mapping', async () => {
    const input = state({ asset, desired: configMap('ours: 1\n'), live: configMap('- a list\n') });

    const result = await mergeLiveStep.run(input, harness().deps);

    expect(isStop(result) && [result.stop, result.reason]).toEqual([
      'failed',
      'ConfigMap/cluster-monitoring-config: data.config.yaml is not a YAML mapping: left as it is',
    ]);
    expect(isStop(result) && result.error).toBeInstanceOf(Error);
  });
});
