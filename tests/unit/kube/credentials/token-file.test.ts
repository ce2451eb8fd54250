import { describe, expect, it } from '@jest/globals';
import { tokenFromFile } from '../../../../operator/kube/credentials/token-file.js';

/** A fake file system with one file and a clock the test moves. */
function fakes(initial: string): {
  files: Map<string, string>;
  clock: { t: number };
  options: { now: () => number; read: (p: string) => string; maxAgeMs: number };
} {
  const files = new Map([['/sa/token', initial]]);
  const clock = { t: 0 };
  const read = (p: string): string => {
    const text = files.get(p);
    if (text === undefined) throw new Error(`ENOENT: ${p}`);
    return text;
  };
  return { files, clock, options: { now: () => clock.t, read, maxAgeMs: 60_000 } };
}

describe('token files', () => {
  it('serves the token read at start until it is a minute old', () => {
    const { files, clock, options } = fakes('first\n');
    const token = tokenFromFile('/sa/token', options);
    files.set('/sa/token', 'second');
    clock.t = 59_999;

    expect(token()).toBe('first');
  });

  it('picks up a rotated token once the cached one is a minute old', () => {
    const { files, clock, options } = fakes('first');
    const token = tokenFromFile('/sa/token', options);
    files.set('/sa/token', 'second\n');
    clock.t = 60_000;

    expect(token()).toBe('second');
  });

  it.each([
    ['is missing', undefined],
    ['is empty', '  \n'],
  ])('keeps the last token when the file %s at a re-read', (_case, next) => {
    const { files, clock, options } = fakes('first');
    const token = tokenFromFile('/sa/token', options);
    if (next === undefined) files.delete('/sa/token');
    else files.set('/sa/token', next);
    clock.t = 120_000;

    expect(token()).toBe('first');
  });

  it('fails at start when the token file is empty', () => {
    const { options } = fakes('\n');

    expect(() => tokenFromFile('/sa/token', options)).toThrow('token file /sa/token is empty');
  });

  it('fails at start naming the token file when it cannot be read', () => {
    expect(() => tokenFromFile('/no/such/token')).toThrow(/^token file \/no\/such\/token: ENOENT/);
  });
});
