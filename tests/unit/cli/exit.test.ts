import { describe, expect, it } from '@jest/globals';
import { exitAfterFlush, type FlushableStream } from '../../../operator/cli/exit.js';

/** A stream that flushes only when the test says so. */
function slowStream(): FlushableStream & { flush(): void } {
  const pending: (() => void)[] = [];
  return {
    write: (_chunk, callback) => pending.push(callback),
    flush: () => pending.splice(0).forEach((cb) => cb()),
  };
}

describe('exitAfterFlush', () => {
  it('exits with the code only after every stream flushed, in order', () => {
    const out = slowStream();
    const err = slowStream();
    const exits: number[] = [];

    exitAfterFlush(3, [out, err], (code) => exits.push(code));
    expect(exits).toEqual([]);
    err.flush();
    expect(exits).toEqual([]);
    out.flush();
    expect(exits).toEqual([]);
    err.flush();
    expect(exits).toEqual([3]);
  });

  it('exits at once without streams', () => {
    const exits: number[] = [];
    exitAfterFlush(0, [], (code) => exits.push(code));
    expect(exits).toEqual([0]);
  });
});
