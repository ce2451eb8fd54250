import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { AnnotationError, ANNOTATIONS } from '../../../../operator/pipeline/annotations.js';
import {
  MAX_IGNORE_PATHS,
  MAX_MASK_COPY_BYTES,
  maskIgnoredFields,
  parseIgnoreFields,
} from '../../../../operator/pipeline/decisions/ignore-fields.js';
import { deployment } from './fixtures.js';

function problemOf(run: () => unknown): AnnotationError | 'ok' {
  try {
    run();
  } catch (err) {
    if (err instanceof AnnotationError) return err;
    throw err;
  }
  return 'ok';
}

describe('ignore-fields bounds (SPEC §5)', () => {
  it('drops repeated paths, however they are spelled', () => {
    const value = [...Array<string>(52_000).fill('spec'), '/spec', 'spec.replicas', '/spec/replicas'].join(
      ',',
    );

    expect(parseIgnoreFields(value)).toEqual([['spec'], ['spec', 'replicas']]);
  });

  it(`accepts ${MAX_IGNORE_PATHS} distinct paths and refuses one more, naming the annotation and the cap`, () => {
    const paths = (n: number): string => Array.from({ length: n }, (_, i) => `spec.f${i}`).join(',');

    expect(parseIgnoreFields(paths(MAX_IGNORE_PATHS))).toHaveLength(MAX_IGNORE_PATHS);
    const err = problemOf(() => parseIgnoreFields(paths(MAX_IGNORE_PATHS + 1)));
    expect(err).toBeInstanceOf(AnnotationError);
    expect(err).toMatchObject({ annotation: ANNOTATIONS.ignoreFields });
    expect((err as AnnotationError).message).toMatch(`more than ${MAX_IGNORE_PATHS} distinct paths`);
  });

  it('refuses to copy more live bytes than the budget, before copying them', () => {
    // A chain spec.a.a.a... with a 1 MiB value at the bottom: every prefix copies almost all of it.
    const levels = 40;
    const liveObj: KubeObject = deployment();
    let node: Record<string, unknown> = { payload: 'x'.repeat(1024 * 1024) };
    for (let i = 0; i < levels; i++) node = { a: node };
    liveObj.spec = node;
    const paths = Array.from({ length: levels }, (_, i) => ['spec', ...Array<string>(i).fill('a')]);
    expect(levels * 1024 * 1024).toBeGreaterThan(MAX_MASK_COPY_BYTES);

    const err = problemOf(() =>
      maskIgnoredFields({ desired: deployment(), live: liveObj, paths, manager: 'virt-platform-autopilot' }),
    );

    expect(err).toBeInstanceOf(AnnotationError);
    expect((err as AnnotationError).message).toMatch(/exceeds the budget of \d+ bytes/);
  });
});
