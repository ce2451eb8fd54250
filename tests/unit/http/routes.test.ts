import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { parse } from 'yaml';
import { ConfigError } from '../../../operator/config.js';
import { checkFormat, createDebugServer, debugRoute, formatBody } from '../../../operator/debug/server.js';
import { healthRoutes } from '../../../operator/health/server.js';
import type { Readiness } from '../../../operator/health/server.js';
import { metricsRoute } from '../../../operator/http/metrics-route.js';
import { HttpError } from '../../../operator/http/server.js';
import type { Route } from '../../../operator/http/server.js';

const silent = { info: () => undefined, error: () => undefined };

function request(url: string): IncomingMessage {
  return { url } as IncomingMessage;
}

function byPath(routes: Route[], path: string): Route {
  const found = routes.find((r) => r.path === path);
  if (!found) throw new Error(`no route ${path}`);
  return found;
}

describe('health routes', () => {
  it.each([
    [true, 200, 'ok\n'],
    [false, 503, 'not live\n'],
  ])('answers /healthz for live=%s with %d', async (live, status, body) => {
    const routes = healthRoutes({ live: () => live, ready: () => true });

    const response = await byPath(routes, '/healthz').handle(request('/healthz'), null);

    expect(response).toMatchObject({ status, body });
  });

  it.each<[Readiness, number, string]>([
    [true, 200, 'ok\n'],
    [false, 503, 'not ready\n'],
    [{ ready: false, reason: 'caches not synced' }, 503, 'not ready: caches not synced\n'],
  ])('answers /readyz for readiness %j with %d', async (readiness, status, body) => {
    const routes = healthRoutes({ live: () => true, ready: () => readiness });

    const response = await byPath(routes, '/readyz').handle(request('/readyz'), null);

    expect(response).toEqual({ status, contentType: 'text/plain; charset=utf-8', body });
  });
});

describe('metrics route', () => {
  it('serves the text and content type of its source on GET /metrics', async () => {
    const source = { contentType: 'text/plain; version=0.0.4', render: async () => 'virt_platform_up 1\n' };
    const route = metricsRoute(source);

    const response = await route.handle(request('/metrics'), null);

    expect(route).toMatchObject({ method: 'GET', path: '/metrics' });
    expect(response).toEqual({
      status: 200,
      contentType: 'text/plain; version=0.0.4',
      body: 'virt_platform_up 1\n',
    });
  });
});

describe('formatBody', () => {
  const value = { asset: 'swap-enable', kinds: ['MachineConfig'], nested: { n: 1 } };

  it.each([null, '', 'json'])('renders 2-space JSON for format %j', (format) => {
    const { contentType, body } = formatBody(value, format);

    expect(contentType).toBe('application/json');
    expect(body).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('renders YAML that reads back to the same value', () => {
    const { contentType, body } = formatBody(value, 'yaml');

    expect(contentType).toBe('application/yaml');
    expect(body).toContain('asset: swap-enable\n');
    expect(parse(body)).toEqual(value);
  });

  it('renders undefined as null rather than an invalid body', () => {
    const { body } = formatBody(undefined, null);

    expect(body).toBe('null\n');
  });

  it.each(['xml', 'YAML', 'table'])('refuses format %s with an HttpError 400', (format) => {
    const attempt = (): unknown => formatBody(value, format);

    expect(attempt).toThrow(HttpError);
    expect(attempt).toThrow(`format "${format}" is not supported (use json or yaml)`);
    expect(() => checkFormat(format)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('debugRoute', () => {
  it('renders what it produces in the format the query asks for, with the path groups', async () => {
    const route = debugRoute(/\/debug\/render\/([a-z-]+)/, async (match) => ({ asset: match?.[1] }));

    const response = await route.handle(request('/debug/render/psi-enable?format=yaml'), ['x', 'psi-enable']);

    expect(response).toEqual({ status: 200, contentType: 'application/yaml', body: 'asset: psi-enable\n' });
  });

  it('checks the format before producing anything', async () => {
    let produced = 0;
    const route = debugRoute('/debug/exclusions', async () => ++produced);

    const answer = route.handle(request('/debug/exclusions?format=xml'), null);

    await expect(answer).rejects.toThrow(HttpError);
    expect(produced).toBe(0);
  });
});

describe('createDebugServer', () => {
  it.each(['127.0.0.1:8081', '127.5.0.1:0', '[::1]:8081', 'localhost:8081'])(
    'accepts the loopback address %s',
    (bindAddress) => {
      const server = createDebugServer({ bindAddress, routes: [], logger: silent });

      expect(server.name).toBe('debug');
    },
  );

  it.each(['0.0.0.0:8081', '', ':8081', '10.0.0.1:8081', '198.51.100.20:8081', '[::]:8081'])(
    'refuses %j with a ConfigError before binding anything',
    (bindAddress) => {
      const attempt = (): unknown => createDebugServer({ bindAddress, routes: [], logger: silent });

      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/^debug server: ".*" is not a (loopback|bind) address/);
    },
  );
});
