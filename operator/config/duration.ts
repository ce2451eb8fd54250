import { ConfigError } from './config-error.js';

// Go's time.ParseDuration units, in milliseconds.
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.source;
// Go's limit (about 290 years) keeps values meaningful for timers.
const MAX_MS = 9_223_372_036_854;

function notADuration(value: string): ConfigError {
  return new ConfigError(`"${value}" is not a duration (e.g. 30s, 5m)`);
}

/**
 * Parses a Go-style duration (`500ms`, `15s`, `1m30s`, `1.5h`, or a bare `0`) into milliseconds.
 * Throws a ConfigError for anything else, including negative values.
 */
export function parseDuration(value: string): number {
  if (value.startsWith('-')) throw new ConfigError(`"${value}" is negative (durations must be 0 or more)`);
  const body = value.startsWith('+') ? value.slice(1) : value;
  if (body === '0') return 0;
  if (body === '') throw notADuration(value);
  const sticky = new RegExp(PART, 'y');
  let total = 0;
  while (sticky.lastIndex < body.length) {
    const part = sticky.exec(body);
    if (!part) throw notADuration(value);
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? Number.NaN);
  }
  if (!Number.isFinite(total) || total > MAX_MS) throw new ConfigError(`"${value}" is too long`);
  // Rounded to whole nanoseconds so that 0.3s is 300, not 300.00000000000006.
  return Math.round(total * 1e6) / 1e6;
}

/** Formats milliseconds the way Go prints a duration (`1m30s`, `500ms`, `0s`), for messages and help. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts = [hours > 0 ? `${hours}h` : '', hours > 0 || minutes > 0 ? `${minutes}m` : ''];
  return `${parts.join('')}${seconds}s`;
}
