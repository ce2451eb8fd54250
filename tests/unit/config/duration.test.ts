import { describe, expect, it } from '@jest/globals';
import { ConfigError, formatDuration, parseDuration } from '../../../operator/config.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1500],
    ['0.3s', 300],
    ['.5m', 30_000],
    ['+2s', 2000],
    ['0', 0],
    ['0s', 0],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
  ])('reads %s as %d milliseconds', (text, expected) => {
    const ms = parseDuration(text);

    expect(ms).toBe(expected);
  });

  it.each([
    ['5 minutes', 'is not a duration (e.g. 30s, 5m)'],
    ['', 'is not a duration'],
    ['15', 'is not a duration'],
    ['s', 'is not a duration'],
    ['1d', 'is not a duration'],
    ['5M', 'is not a duration'],
    [' 5s', 'is not a duration'],
    ['5s ', 'is not a duration'],
    ['1.2.3s', 'is not a duration'],
    ['-5s', 'is negative'],
    ['-0', 'is negative'],
    ['99999999999999h', 'is too long'],
  ])('rejects %j with a ConfigError that says it %s', (text, problem) => {
    const attempt = (): number => parseDuration(text);

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`"${text}" ${problem}`);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [15_000, '15s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [3_723_000, '1h2m3s'],
  ])('prints %d ms as %s, which parses back to the same value', (ms, expected) => {
    const text = formatDuration(ms);

    expect(text).toBe(expected);
    expect(parseDuration(text)).toBe(ms);
  });
});
