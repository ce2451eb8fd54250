import { parseBindAddress, parseLoopbackBindAddress } from './bind-address.js';
import { ConfigError } from './config-error.js';
import type { FlagValue } from './flags.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes namespace name: an RFC 1123 label of at most 63 characters. */
export function dnsLabel(value: FlagValue): void {
  const text = String(value);
  if (text.length > 63 || !DNS_LABEL.test(text)) {
    throw new ConfigError(`"${text}" is not a valid name (lower-case letters, digits and '-', at most 63)`);
  }
}

/** A Kubernetes object name: dot-separated RFC 1123 labels, at most 253 characters. */
export function dnsSubdomain(value: FlagValue): void {
  const text = String(value);
  if (text.length > 253 || !text.split('.').every((label) => DNS_LABEL.test(label))) {
    throw new ConfigError(`"${text}" is not a valid object name (lower-case letters, digits, '-' and '.')`);
  }
}

export function positiveInteger(value: FlagValue): void {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new ConfigError(`${String(value)} must be a whole number of at least 1`);
  }
}

export function positiveNumber(value: FlagValue): void {
  if (typeof value !== 'number' || value <= 0) throw new ConfigError(`${String(value)} must be more than 0`);
}

export function positiveDuration(value: FlagValue): void {
  if (typeof value !== 'number' || value <= 0) throw new ConfigError('must be longer than 0s');
}

/** A listen address, or `0` to switch the server off (controller-runtime's convention). */
export function bindAddressOrDisabled(value: FlagValue): void {
  if (value !== '0') parseBindAddress(String(value));
}

export function loopbackBindAddress(value: FlagValue): void {
  parseLoopbackBindAddress(String(value));
}

export function oneOf(allowed: readonly string[]): (value: FlagValue) => void {
  return (value) => {
    if (!allowed.includes(String(value))) {
      throw new ConfigError(`"${String(value)}" is not one of ${allowed.join(', ')}`);
    }
  };
}
