import { BlockList, isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/** A parsed `host:port`; an empty host means every interface. */
export interface BindAddress {
  host: string;
  port: number;
}

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

function notABindAddress(value: string): ConfigError {
  return new ConfigError(`"${value}" is not a bind address (host:port, e.g. :8080 or 127.0.0.1:8081)`);
}

function splitHostPort(value: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(value);
  if (bracketed)
    return isIP(bracketed[1] ?? '') === 6
      ? { host: bracketed[1] ?? '', port: bracketed[2] ?? '' }
      : undefined;
  const colon = value.lastIndexOf(':');
  const host = value.slice(0, colon);
  // An unbracketed IPv6 host is ambiguous (is the last group the port?), as in Go's net.SplitHostPort.
  if (colon < 0 || host.includes(':')) return undefined;
  return { host, port: value.slice(colon + 1) };
}

/**
 * Parses a Go-style listen address: `:8080`, `127.0.0.1:8081`, `[::1]:8081`, `localhost:0`.
 * Port 0 asks the kernel for a free port. Throws a ConfigError for anything else.
 */
export function parseBindAddress(value: string): BindAddress {
  const parts = splitHostPort(value);
  if (!parts || !/^\d{1,5}$/.test(parts.port)) throw notABindAddress(value);
  const port = Number(parts.port);
  const validHost = parts.host === '' || isIP(parts.host) !== 0 || HOSTNAME.test(parts.host);
  if (port > 65_535 || !validHost) throw notABindAddress(value);
  return { host: parts.host, port };
}

function loopbackRanges(): BlockList {
  const ranges = new BlockList();
  ranges.addSubnet('127.0.0.0', 8, 'ipv4');
  ranges.addAddress('::1', 'ipv6');
  return ranges;
}

/** True for `localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped forms such as ::ffff:127.0.0.1). */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  if (family === 0) return false;
  return loopbackRanges().check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parses a bind address that must stay on the loopback interface (the debug server's rule). */
export function parseLoopbackBindAddress(value: string): BindAddress {
  const address = parseBindAddress(value);
  if (!isLoopbackHost(address.host)) {
    throw new ConfigError(`"${value}" is not a loopback address (use 127.0.0.1, [::1] or localhost)`);
  }
  return address;
}
