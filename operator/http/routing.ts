import type { IncomingMessage } from 'node:http';
import { OperatorError } from '../errors.js';

/** What a route answers. */
export interface RouteResponse {
  status: number;
  contentType: string;
  body: string;
}

/** A GET endpoint; a RegExp path must match the whole pathname (do not use the `g` flag). */
export interface Route {
  method: 'GET';
  path: string | RegExp;
  handle(req: IncomingMessage, match: RegExpMatchArray | null): Promise<RouteResponse>;
}

/** A failure whose status and message are meant for the client (for example 400 for a bad query). */
export class HttpError extends OperatorError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type RouteMatch =
  | { route: Route; match: RegExpMatchArray | null }
  | { status: 404 | 405; allow?: string };

function matchPath(path: string | RegExp, pathname: string): RegExpMatchArray | null | false {
  if (typeof path === 'string') return path === pathname ? null : false;
  const match = pathname.match(path);
  return match !== null && match.index === 0 && match[0] === pathname ? match : false;
}

/** Picks the route for a request: 404 when no route has the path, 405 when none has the method. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = matchPath(route.path, pathname);
    if (match === false) continue;
    if (route.method === method) return { route, match };
    allowed.push(route.method);
  }
  return allowed.length === 0 ? { status: 404 } : { status: 405, allow: [...new Set(allowed)].join(', ') };
}

export function textResponse(status: number, body: string): RouteResponse {
  return { status, contentType: 'text/plain; charset=utf-8', body: body.endsWith('\n') ? body : `${body}\n` };
}

/** The client's view of a failed handler: HttpError keeps its status and message, anything else is a bare 500. */
export function errorResponse(err: unknown): RouteResponse {
  if (err instanceof HttpError) return textResponse(err.status, err.message);
  return textResponse(500, 'internal server error');
}

/** Whether a failure deserves an error log line (client mistakes do not). */
export function isServerFault(err: unknown): boolean {
  return !(err instanceof HttpError) || err.status >= 500;
}

/** The request path and query, or undefined for a target that is not a path. */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return undefined;
  }
}

/** One query parameter of the request (null when absent). */
export function queryParam(req: IncomingMessage, name: string): string | null {
  return requestUrl(req)?.searchParams.get(name) ?? null;
}
