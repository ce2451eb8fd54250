import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../operator/observability/logger.js';

function capture(level?: string): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Record<string, unknown>[];
} {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = createLogger(level === undefined ? { stream } : { level, stream });
  const lines = (): Record<string, unknown>[] =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with timestamp, level and message', () => {
    const { logger, lines } = capture();

    logger.info('successfully applied', { driftPaths: ['spec.replicas'] });

    expect(lines()).toEqual([
      {
        level: 'info',
        message: 'successfully applied',
        driftPaths: ['spec.replicas'],
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });

  it('adds the asset and object fields of a child, and of a child of a child', () => {
    const { logger, lines } = capture();
    const asset = logger.child({ asset: 'swap' });

    asset
      .child({ kind: 'MachineConfig', name: '50-swap', namespace: '' })
      .warn('throttled: token bucket empty');

    expect(lines()[0]).toMatchObject({
      asset: 'swap',
      kind: 'MachineConfig',
      name: '50-swap',
      namespace: '',
      level: 'warn',
      message: 'throttled: token bucket empty',
    });
  });

  it.each([
    [undefined, ['info', 'warn', 'error']],
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['error', ['error']],
  ])('at level %s writes %j', (level, expected) => {
    const { logger, lines } = capture(level);

    for (const l of ['debug', 'info', 'warn', 'error'] as const) logger[l]('m');

    expect(lines().map((line) => line.level)).toEqual(expected);
  });

  it('logs the message of an Error field instead of an empty object', () => {
    const { logger, lines } = capture();

    logger.error('failed to apply', {
      error: new Error('apply MachineConfig/50-swap failed (HTTP 422): bad'),
    });

    expect(lines()[0]?.error).toBe('apply MachineConfig/50-swap failed (HTTP 422): bad');
  });

  it('refuses an unknown level, naming it', () => {
    expect(() => createLogger({ level: 'verbose' })).toThrow(
      'log level "verbose" is not one of error, warn, info, debug',
    );
  });
});
