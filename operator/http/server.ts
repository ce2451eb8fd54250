import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBindAddress } from '../config/bind-address.js';
import { errorMessage, OperatorError } from '../errors.js';
import { ConnectionTracker } from './connections.js';
import { errorResponse, isServerFault, matchRoute, requestUrl, textResponse } from './routing.js';
import type { Route, RouteResponse } from './routing.js';

export type { Route, RouteResponse } from './routing.js';
export { HttpError, queryParam } from './routing.js';

/** The slice of the winston logger the servers use. */
export interface Logger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface HttpServerOptions {
  name: string;
  /** `:8080` (every interface), `127.0.0.1:8081`, `[::1]:8081`; port 0 picks a free port. */
  bindAddress: string;
  routes: Route[];
  logger: Logger;
}

/**
 * A small node:http server for a fixed set of GET routes: 404 for an unknown path, 405 for a
 * wrong method, 500 (logged, no details to the client) when a handler throws.
 */
export class HttpServer {
  private server: Server | undefined;
  private connections: ConnectionTracker | undefined;

  constructor(private readonly opts: HttpServerOptions) {}

  get name(): string {
    return this.opts.name;
  }

  /** Listens on the bind address; resolves with the address and port actually bound. */
  async start(): Promise<{ host: string; port: number }> {
    const { name, bindAddress } = this.opts;
    if (this.server) throw new OperatorError(`${name} server: already started`);
    const { host, port } = parseBindAddress(bindAddress);
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    this.connections = new ConnectionTracker(server);
    try {
      await listen(server, host, port);
    } catch (err) {
      this.server = undefined;
      throw new OperatorError(`${name} server: cannot listen on ${bindAddress}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    server.on('error', (err) =>
      this.opts.logger.error('http server failed', { server: name, error: errorMessage(err) }),
    );
    const bound = server.address() as AddressInfo;
    this.opts.logger.info('http server listening', {
      server: name,
      address: bound.address,
      port: bound.port,
    });
    return { host: bound.address, port: bound.port };
  }

  /** Stops accepting connections and resolves once open requests have finished. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.connections?.closeIdle();
    await closed;
    this.opts.logger.info('http server stopped', { server: this.opts.name });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const response = await this.answer(req);
    const headers: Record<string, string> = {
      'content-type': response.contentType,
      'x-content-type-options': 'nosniff',
      ...(response.allow === undefined ? {} : { allow: response.allow }),
      ...(this.connections?.isStopping ? { connection: 'close' } : {}),
    };
    try {
      res.writeHead(response.status, headers).end(response.body);
    } catch (err) {
      // A handler answered something node:http refuses to send (say, status 1000).
      this.opts.logger.error('http response failed', { server: this.opts.name, error: errorMessage(err) });
      res.destroy();
    }
  }

  private async answer(req: IncomingMessage): Promise<RouteResponse & { allow?: string }> {
    const url = requestUrl(req);
    if (!url) return textResponse(400, 'bad request target');
    const found = matchRoute(this.opts.routes, req.method ?? '', url.pathname);
    if ('status' in found) {
      if (found.status === 404) return textResponse(404, 'not found');
      return { ...textResponse(405, 'method not allowed'), ...(found.allow ? { allow: found.allow } : {}) };
    }
    try {
      return await found.route.handle(req, found.match);
    } catch (err) {
      if (isServerFault(err)) {
        this.opts.logger.error('http handler failed', {
          server: this.opts.name,
          path: url.pathname,
          error: errorMessage(err),
        });
      }
      return errorResponse(err);
    }
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (host === '') server.listen(port, done);
    else server.listen(port, host, done);
  });
}
