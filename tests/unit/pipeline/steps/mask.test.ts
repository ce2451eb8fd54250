import { describe, expect, it } from '@jest/globals';
import { maskStep } from '../../../../operator/pipeline/steps/mask.js';
import { isStop, type PipelineState } from '../../../../operator/pipeline/step.js';
import { service, state } from './support.js';

const ignore = (paths: string) => ({ 'platform.kubevirt.io/ignore-fields': paths });
const next = async (input: PipelineState): Promise<PipelineState> => {
  const result = await maskStep.run(input, {} as never);
  if (isStop(result)) throw new Error(`stopped: ${result.stop}`);
  return result.next;
};

describe('the mask step (ignore-fields)', () => {
  it('keeps the live value of an ignored field only the autopilot owns', async () => {
    const live = service({ port: 9000, annotations: ignore('spec.ports.0.port') });

    const out = await next(state({ desired: service({ port: 8443 }), live }));

    expect((out.desired?.spec as { ports: { port: number }[] }).ports[0]?.port).toBe(9000);
    expect(out.customizations).toEqual(['ignore']);
  });

  it('accepts the alias annotation platform.kubevirt.io/ignore', async () => {
    const live = service({ port: 9000, annotations: { 'platform.kubevirt.io/ignore': 'spec.ports.0.port' } });

    const out = await next(state({ desired: service({ port: 8443 }), live }));

    expect((out.desired?.spec as { ports: { port: number }[] }).ports[0]?.port).toBe(9000);
  });

  it('leaves the desired object alone without the annotation, and still takes the intent', async () => {
    const out = await next(state({ desired: service(), live: service({ port: 9000 }) }));

    expect(out.desired).toEqual(service());
    expect(out.intentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.customizations).toEqual([]);
  });

  it('takes the intent before masking: live values copied in never change it', async () => {
    const a = await next(
      state({ desired: service(), live: service({ port: 1, annotations: ignore('spec.ports.0') }) }),
    );
    const b = await next(
      state({ desired: service(), live: service({ port: 2, annotations: ignore('spec.ports.0') }) }),
    );

    expect(a.desired).not.toEqual(b.desired);
    expect(a.intentHash).toBe(b.intentHash);
  });

  it.each([
    ['a different ignore list', ignore('spec.selector'), false],
    ['no ignore list', {}, false],
    ['the same ignore list', ignore('spec.ports.0'), true],
  ])('changes the intent with %s', async (_case, annotations, same) => {
    const base = await next(
      state({ desired: service(), live: service({ annotations: ignore('spec.ports.0') }) }),
    );

    const other = await next(state({ desired: service(), live: service({ annotations }) }));

    expect(other.intentHash === base.intentHash).toBe(same);
  });

  it('changes the intent when the rendered or patched object changes', async () => {
    const live = service({ annotations: ignore('spec.ports.0') });

    const a = await next(state({ desired: service({ app: 'a' }), live }));
    const b = await next(state({ desired: service({ app: 'b' }), live }));

    expect(a.intentHash).not.toBe(b.intentHash);
  });

  it('holds the object when a path is malformed', async () => {
    const result = await maskStep.run(
      state({ desired: service(), live: service({ annotations: ignore('spec..x') }) }),
      {} as never,
    );

    expect(isStop(result) && [result.stop, result.annotation]).toEqual([
      'held',
      'platform.kubevirt.io/ignore-fields',
    ]);
  });
});

describe('ignore-fields paths that match nothing (SPEC §5)', () => {
  it('names a single unmatched path with its nearest field', async () => {
    const out = await next(
      state({ desired: service(), live: service({ annotations: ignore('spec.selectr') }) }),
    );

    expect(out.warnings).toEqual([
      {
        reason: 'IgnoredFieldNotFound',
        note: expect.stringMatching(
          /ignore-fields path spec\.selectr \(nearest existing field: spec\.selector\)/,
        ),
      },
    ]);
  });

  it('reports any number of unmatched paths in one Warning: the first few and a count', async () => {
    const paths = Array.from({ length: 256 }, (_, i) => `spec.nothing${i}`).join(',');

    const out = await next(state({ desired: service(), live: service({ annotations: ignore(paths) }) }));

    expect(out.warnings).toHaveLength(1);
    const note = out.warnings?.[0]?.note ?? '';
    expect(note).toMatch(/^256 ignore-fields paths match no field/);
    expect(note).toContain('spec.nothing0 (nearest existing field: spec)');
    expect(note).toContain('spec.nothing4 (nearest existing field: spec)');
    expect(note).not.toContain('spec.nothing5 ');
    expect(note).toMatch(/and 251 more$/);
    expect(note).toContain('platform.kubevirt.io/ignore-fields');
  });
});

describe('the mask step: customisation count, holds and warnings', () => {
  it('passes a state with nothing rendered, without taking an intent', async () => {
    const out = await next(state({ live: service({ annotations: ignore('spec.ports') }) }));

    expect(out.intentHash).toBeUndefined();
  });

  it('does not count a list of paths that all match nothing as a customisation', async () => {
    const out = await next(
      state({ desired: service(), live: service({ annotations: ignore('spec.nothing, spec.other') }) }),
    );

    expect(out.customizations).toEqual([]);
    expect(out.warnings).toHaveLength(1);
  });

  it('counts the customisation when one path of several matches', async () => {
    const out = await next(
      state({ desired: service(), live: service({ annotations: ignore('spec.nothing, spec.ports') }) }),
    );

    expect(out.customizations).toEqual(['ignore']);
  });

  it('adds no warning when every path matches, and keeps earlier warnings', async () => {
    const earlier = { reason: 'Other', note: 'n' };
    const out = await next(
      state({
        desired: service(),
        live: service({ annotations: ignore('spec.ports') }),
        warnings: [earlier],
      }),
    );

    expect(out.warnings).toEqual([earlier]);
  });

  it('holds with the customisation counted', async () => {
    const result = await maskStep.run(
      state({
        desired: service(),
        live: service({ annotations: ignore('spec..x') }),
        customizations: ['patch'],
      }),
      {} as never,
    );

    expect(isStop(result) && result.state.customizations).toEqual(['patch', 'ignore']);
  });

  it.each<[string, string, string]>([
    [
      'a path no part of which exists',
      'nothing.at.all',
      'ignore-fields path nothing.at.all (no part of it exists) matches no field of the desired or the live object; it protects nothing (annotation platform.kubevirt.io/ignore-fields)',
    ],
    [
      'two paths, listed with a comma',
      'spec.a1, spec.b1',
      '2 ignore-fields paths match no field of the desired or the live object; they protect nothing (annotation platform.kubevirt.io/ignore-fields): spec.a1 (nearest existing field: spec), spec.b1 (nearest existing field: spec)',
    ],
    [
      'exactly as many paths as are shown: no "more"',
      'x1, x2, x3, x4, x5',
      '5 ignore-fields paths match no field of the desired or the live object; they protect nothing (annotation platform.kubevirt.io/ignore-fields): x1 (no part of it exists), x2 (no part of it exists), x3 (no part of it exists), x4 (no part of it exists), x5 (no part of it exists)',
    ],
  ])('the warning for %s', async (_case, paths, note) => {
    const out = await next(state({ desired: service(), live: service({ annotations: ignore(paths) }) }));

    expect(out.warnings).toEqual([{ reason: 'IgnoredFieldNotFound', note }]);
  });
});
