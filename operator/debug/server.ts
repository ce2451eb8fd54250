import { stringify } from 'yaml';
import { about } from '../config/config-error.js';
import { parseLoopbackBindAddress } from '../config/bind-address.js';
import { HttpError, queryParam } from '../http/routing.js';
import type { Route } from '../http/routing.js';
import { HttpServer } from '../http/server.js';
import type { Logger } from '../http/server.js';

export interface DebugServerOptions {
  bindAddress: string;
  routes: Route[];
  logger: Logger;
}

/**
 * The /debug server. It serves internal state without authentication, so it only ever binds to
 * a loopback address; any other bind address is a ConfigError.
 */
export function createDebugServer(opts: DebugServerOptions): HttpServer {
  about('debug server', () => parseLoopbackBindAddress(opts.bindAddress));
  return new HttpServer({ name: 'debug', ...opts });
}

/**
 * Serialises a debug answer: 2-space JSON by default or for `json`, YAML for `yaml`; any other
 * format is an HttpError 400.
 */
export function formatBody(value: unknown, format: string | null): { contentType: string; body: string } {
  if (checkFormat(format) === 'yaml')
    return { contentType: 'application/yaml', body: stringify(value ?? null) };
  return { contentType: 'application/json', body: `${JSON.stringify(value ?? null, null, 2)}\n` };
}

/** The requested format (absent or empty means json); an HttpError 400 for any other value. */
export function checkFormat(format: string | null): 'json' | 'yaml' {
  if (format === null || format === '' || format === 'json') return 'json';
  if (format === 'yaml') return 'yaml';
  throw new HttpError(400, `format "${format}" is not supported (use json or yaml)`);
}

/** A debug GET route whose value is rendered as JSON or, with `?format=yaml`, YAML. */
export function debugRoute(
  path: string | RegExp,
  produce: (match: RegExpMatchArray | null, query: (name: string) => string | null) => Promise<unknown>,
): Route {
  return {
    method: 'GET',
    path,
    handle: async (req, match) => {
      // Checked before producing, so a typo does not cost a full render.
      const format = checkFormat(queryParam(req, 'format'));
      return { status: 200, ...formatBody(await produce(match, (name) => queryParam(req, name)), format) };
    },
  };
}
