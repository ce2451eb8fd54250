import { about, ConfigError } from './config-error.js';
import { parseDuration } from './duration.js';

export type FlagType = 'string' | 'boolean' | 'duration' | 'number';
export type FlagValue = string | number | boolean;

/** One flag: its type, help text, and optional default (written as a user would type it). */
export interface FlagDef {
  readonly type: FlagType;
  readonly description: string;
  readonly default?: string;
  readonly aliases?: readonly string[];
  /** Environment variable used when the flag is not given (see applyEnvFallback). */
  readonly env?: string;
  /** Throws a ConfigError describing the problem; the flag name is added by the parser. */
  readonly validate?: (value: FlagValue) => void;
}

/** Flags by canonical name, without the leading dashes. */
export type FlagSpec = Readonly<Record<string, FlagDef>>;

export interface ParsedFlags {
  /** Given, environment or default value; a flag with none of them is absent. */
  readonly values: Readonly<Record<string, FlagValue>>;
  /** Canonical names of the flags given on the command line. */
  readonly given: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

const FLAG = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s;

function parseBoolean(raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw new ConfigError(`"${raw}" is not a boolean (true or false)`);
}

function parseNumber(raw: string): number {
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`"${raw}" is not a number`);
  return Number(raw);
}

/** Converts and validates one raw value; ConfigErrors are prefixed with `subject`. */
export function convertFlagValue(subject: string, def: FlagDef, raw: string): FlagValue {
  return about(subject, () => {
    const value =
      def.type === 'boolean'
        ? parseBoolean(raw)
        : def.type === 'duration'
          ? parseDuration(raw)
          : def.type === 'number'
            ? parseNumber(raw)
            : raw;
    def.validate?.(value);
    return value;
  });
}

function nameIndex(spec: FlagSpec): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, def] of Object.entries(spec)) {
    index.set(name, name);
    for (const alias of def.aliases ?? []) index.set(alias, name);
  }
  return index;
}

function defaults(spec: FlagSpec): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const [name, def] of Object.entries(spec)) {
    if (def.default !== undefined) values[name] = convertFlagValue(`--${name}`, def, def.default);
  }
  return values;
}

/** The raw value of a non-boolean flag given as `--flag value`; a following flag is not a value. */
function separateValue(name: string, next: string | undefined): string {
  if (next === undefined || next.startsWith('--')) throw new ConfigError(`--${name}: needs a value`);
  return next;
}

/**
 * Parses controller-runtime-style flags: `--flag=value`, `--flag value`, `--bool`, `--bool=false`
 * (one dash works too; `--` ends the flags). Unknown flags and bad values throw a ConfigError
 * naming the flag; the last occurrence of a repeated flag wins.
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec): ParsedFlags {
  const index = nameIndex(spec);
  const values = defaults(spec);
  const given = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const flag = FLAG.exec(arg);
    if (!flag) {
      if (arg.startsWith('-') && arg !== '-') throw new ConfigError(`${arg}: not a valid flag`);
      positionals.push(arg);
      continue;
    }
    const written = flag[1] ?? '';
    const name = index.get(written);
    if (name === undefined) throw new ConfigError(`--${written}: unknown flag`);
    const def = spec[name] as FlagDef;
    let raw = flag[2];
    if (raw === undefined) raw = def.type === 'boolean' ? 'true' : separateValue(written, argv[++i]);
    values[name] = convertFlagValue(`--${written}`, def, raw);
    given.add(name);
  }
  return { values, given, positionals };
}

/**
 * Fills flags that were not given from their `env` variable (a flag always beats the
 * environment; an empty variable counts as unset).
 */
export function applyEnvFallback(
  parsed: ParsedFlags,
  spec: FlagSpec,
  env: Readonly<Record<string, string | undefined>>,
): ParsedFlags {
  const values = { ...parsed.values };
  for (const [name, def] of Object.entries(spec)) {
    const raw = def.env === undefined ? undefined : env[def.env];
    if (parsed.given.has(name) || raw === undefined || raw === '') continue;
    values[name] = convertFlagValue(`--${name} (from ${def.env})`, def, raw);
  }
  return { ...parsed, values };
}

function valueOf(parsed: ParsedFlags, name: string, type: string): FlagValue | undefined {
  const value = parsed.values[name];
  if (value !== undefined && typeof value !== type) throw new TypeError(`flag --${name} is not a ${type}`);
  return value;
}

/** The string value of a flag, or undefined when it has no value. */
export function stringFlag(parsed: ParsedFlags, name: string): string | undefined {
  return valueOf(parsed, name, 'string') as string | undefined;
}

/** The numeric value (durations in milliseconds) of a flag that has a default. */
export function numberFlag(parsed: ParsedFlags, name: string): number {
  const value = valueOf(parsed, name, 'number');
  if (value === undefined) throw new TypeError(`flag --${name} has no value`);
  return value as number;
}

/** A boolean flag; absent means false. */
export function booleanFlag(parsed: ParsedFlags, name: string): boolean {
  return (valueOf(parsed, name, 'boolean') as boolean | undefined) ?? false;
}
