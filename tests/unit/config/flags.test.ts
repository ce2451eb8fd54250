import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseFlags, usage } from '../../../operator/config.js';
import type { FlagSpec } from '../../../operator/config.js';
import { applyEnvFallback } from '../../../operator/config/flags.js';

const spec: FlagSpec = {
  name: { type: 'string', description: 'a name', default: 'fallback', env: 'NAME' },
  output: { type: 'string', description: 'output file' },
  verbose: { type: 'boolean', description: 'talk more' },
  wait: { type: 'duration', description: 'how long to wait', default: '5s' },
  count: { type: 'number', description: 'how many', default: '3' },
  level: { type: 'string', description: 'log level', default: 'info', aliases: ['zap-log-level'] },
};

describe('parseFlags', () => {
  it.each([
    [[], { name: 'fallback', wait: 5000, count: 3, level: 'info' }],
    [['--name=x'], { name: 'x' }],
    [['--name', 'x'], { name: 'x' }],
    [['-name=x'], { name: 'x' }],
    [['--name='], { name: '' }],
    [['--name=a=b'], { name: 'a=b' }],
    [['--verbose'], { verbose: true }],
    [['--verbose=false'], { verbose: false }],
    [['--verbose=TRUE'], { verbose: true }],
    [['--verbose=0'], { verbose: false }],
    [['--wait=1m30s'], { wait: 90_000 }],
    [['--count', '7'], { count: 7 }],
    [['--count=0.5'], { count: 0.5 }],
    [['--zap-log-level=debug'], { level: 'debug' }],
    [['--name=a', '--name=b'], { name: 'b' }],
  ])('reads %j', (argv, expected) => {
    const parsed = parseFlags(argv, spec);

    expect(parsed.values).toMatchObject(expected);
  });

  it('records which flags were given, under their canonical name', () => {
    const parsed = parseFlags(['--zap-log-level=warn', '--verbose'], spec);

    expect([...parsed.given].sort()).toEqual(['level', 'verbose']);
  });

  it('leaves a flag without default or value out of the values', () => {
    const parsed = parseFlags([], spec);

    expect('output' in parsed.values).toBe(false);
    expect('verbose' in parsed.values).toBe(false);
  });

  it('keeps positionals, including everything after --', () => {
    const parsed = parseFlags(['a', '--verbose', 'false', '--', '--name=x', '-'], spec);

    expect(parsed.positionals).toEqual(['a', 'false', '--name=x', '-']);
    expect(parsed.values['name']).toBe('fallback');
  });

  it.each([
    [['--nope'], '--nope: unknown flag'],
    [['--nope=1'], '--nope: unknown flag'],
    [['--name'], '--name: needs a value'],
    [['--name', '--verbose'], '--name: needs a value'],
    [['--verbose=yes'], '--verbose: "yes" is not a boolean (true or false)'],
    [['--wait=5 minutes'], '--wait: "5 minutes" is not a duration (e.g. 30s, 5m)'],
    [['--wait=-1s'], '--wait: "-1s" is negative'],
    [['--count=-1'], '--count: "-1" is not a number'],
    [['--count=many'], '--count: "many" is not a number'],
    [['---triple'], '---triple: not a valid flag'],
    [['--zap-log-level'], '--zap-log-level: needs a value'],
  ])('rejects %j with a ConfigError naming the flag', (argv, message) => {
    const attempt = (): unknown => parseFlags(argv, spec);

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('runs the validator of a flag and prefixes its complaint with the flag', () => {
    const strict: FlagSpec = {
      mode: {
        type: 'string',
        description: 'mode',
        validate: (value) => {
          if (value !== 'fast') throw new ConfigError(`"${String(value)}" is not fast`);
        },
      },
    };

    const attempt = (): unknown => parseFlags(['--mode=slow'], strict);

    expect(attempt).toThrow('--mode: "slow" is not fast');
  });
});

describe('applyEnvFallback', () => {
  it.each([
    [[], {}, 'fallback'],
    [[], { NAME: 'from-env' }, 'from-env'],
    [[], { NAME: '' }, 'fallback'],
    [['--name=from-flag'], { NAME: 'from-env' }, 'from-flag'],
  ])('with argv %j and env %j the name is %s', (argv, env, expected) => {
    const parsed = applyEnvFallback(parseFlags(argv, spec), spec, env);

    expect(parsed.values['name']).toBe(expected);
  });
});

describe('usage', () => {
  it('lists every flag with its type, description, default, environment variable and aliases', () => {
    const text = usage(spec);

    expect(text.split('\n')).toEqual([
      '  --name string    a name (default "fallback"; env NAME)',
      '  --output string  output file',
      '  --verbose        talk more',
      '  --wait duration  how long to wait (default "5s")',
      '  --count number   how many (default "3")',
      '  --level string   log level (default "info"; alias --zap-log-level)',
      '',
    ]);
  });
});
