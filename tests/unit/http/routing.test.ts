import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import {
  errorResponse,
  HttpError,
  matchRoute,
  queryParam,
  requestUrl,
} from '../../../operator/http/routing.js';
import type { Route } from '../../../operator/http/routing.js';

function route(path: string | RegExp): Route {
  return { method: 'GET', path, handle: async () => ({ status: 200, contentType: 'text/plain', body: '' }) };
}

const routes = [route('/healthz'), route(/\/debug\/render\/([a-z0-9-]+)/), route('/debug/render')];

function request(url: string | undefined): IncomingMessage {
  return { url } as IncomingMessage;
}

describe('matchRoute', () => {
  it.each([
    ['GET', '/healthz', 0],
    ['GET', '/debug/render', 2],
    ['GET', '/debug/render/swap-enable', 1],
  ])('sends %s %s to route %d', (method, pathname, index) => {
    const found = matchRoute(routes, method, pathname);

    expect(found).toMatchObject({ route: routes[index] });
  });

  it('passes the regular-expression groups to the handler', () => {
    const found = matchRoute(routes, 'GET', '/debug/render/psi-enable');

    expect('match' in found && found.match?.[1]).toBe('psi-enable');
  });

  it.each([
    ['GET', '/', 404],
    ['GET', '/healthz/', 404],
    ['GET', '/healthzz', 404],
    ['GET', '/x/debug/render/a', 404],
    ['GET', '/debug/render/a/b', 404],
    ['GET', '/debug/render/UPPER', 404],
    ['POST', '/healthz', 405],
    ['DELETE', '/debug/render/a', 405],
    ['HEAD', '/nowhere', 404],
  ])('answers %s %s with %d', (method, pathname, status) => {
    const found = matchRoute(routes, method, pathname);

    expect(found).toMatchObject({ status });
  });

  it('tells a wrong-method client which methods are allowed', () => {
    const found = matchRoute(routes, 'PUT', '/healthz');

    expect(found).toEqual({ status: 405, allow: 'GET' });
  });
});

describe('errorResponse', () => {
  it.each([
    [new HttpError(400, 'format "xml" is not supported'), 400, 'format "xml" is not supported\n'],
    [new HttpError(503, 'busy'), 503, 'busy\n'],
    [new Error('secret token abc in /etc/x'), 500, 'internal server error\n'],
    ['a thrown string', 500, 'internal server error\n'],
  ])('turns %p into status %d without leaking internals', (err, status, body) => {
    const response = errorResponse(err);

    expect(response).toEqual({ status, contentType: 'text/plain; charset=utf-8', body });
  });
});

describe('request targets', () => {
  it.each([
    ['/debug/render?format=yaml', '/debug/render', 'yaml'],
    ['/debug/render?format=', '/debug/render', ''],
    ['/debug/render', '/debug/render', null],
    ['//evil.example/x?format=json', '//evil.example/x', 'json'],
    [undefined, '/', null],
  ])('reads %j as path %s with format %j', (url, pathname, format) => {
    const req = request(url);

    expect(requestUrl(req)?.pathname).toBe(pathname);
    expect(queryParam(req, 'format')).toBe(format);
  });

  it.each(['http://other.example/metrics', '*', 'metrics'])('refuses the non-path target %s', (url) => {
    const parsed = requestUrl(request(url));

    expect(parsed).toBeUndefined();
  });
});
