import http from 'node:http';
import https from 'node:https';
import { OperatorError } from '../errors.js';
import type { Credentials, TlsMaterial } from './credentials/types.js';
import { readBody, transport, type RawResponse, type RequestSpec } from './http.js';
import { stringifyJson } from './json-walk.js';

export interface TransportOptions {
  /** Per-request timeout for non-watch calls. */
  requestTimeoutMs?: number;
  /** User-Agent sent with every request (shows in the apiserver's audit log). */
  userAgent?: string;
}

/**
 * Connections per purpose. HTTP/1.1 holds one connection per open watch for as long as the watch
 * lasts, so watches get an agent of their own without a cap (one per informer, bounded by the
 * catalog's kinds); ordinary requests keep a bounded pool. On one shared, capped pool the watches
 * of a catalog with as many informers as the cap took every connection, and every later request
 * queued behind them forever (queued requests have no socket yet, so their timeout never starts).
 */
export type ConnectionUse = 'request' | 'watch';

/** Concurrent ordinary requests per client (more wait for a free connection). */
export const REQUEST_CONNECTIONS = 32;

const POOLS: Record<ConnectionUse, { keepAlive: boolean; maxSockets: number }> = {
  request: { keepAlive: true, maxSockets: REQUEST_CONNECTIONS },
  watch: { keepAlive: true, maxSockets: Infinity },
};

/**
 * Raw JSON requests to one API server over keep-alive agents (one for requests, one for watches),
 * authenticated per request from `Credentials` (so rotated tokens are used as soon as they are read).
 */
export class ApiTransport {
  readonly server: URL;
  private readonly agents = new Map<ConnectionUse, http.Agent>();
  private readonly requestTimeoutMs: number;
  private readonly userAgent: string;

  constructor(
    private readonly credentials: Credentials,
    options: TransportOptions = {},
  ) {
    this.server = credentials.server;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.userAgent = options.userAgent ?? 'virt-platform-autopilot';
  }

  /** Close idle keep-alive sockets (so a process can exit promptly). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }

  url(path: string, query?: RequestSpec['query']): URL {
    const url = new URL(this.server.href.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async requestOptions(
    method: string,
    contentType?: string,
    use: ConnectionUse = 'request',
  ): Promise<https.RequestOptions> {
    const { tls, headers } = await this.credentials.auth();
    return {
      method,
      agent: this.agentFor(tls, use),
      headers: {
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...headers,
        ...(contentType ? { 'Content-Type': contentType } : {}),
      },
    };
  }

  async request(spec: RequestSpec): Promise<RawResponse> {
    const url = this.url(spec.path, spec.query);
    const body = spec.body === undefined ? undefined : stringifyJson(spec.body);
    const options = await this.requestOptions(
      spec.method,
      body ? (spec.contentType ?? 'application/json') : undefined,
    );
    // Node sends a DELETE body with neither Content-Length nor chunking: the server would ignore
    // it (dropping delete preconditions) and read it as the start of the next keep-alive request.
    if (body !== undefined)
      (options.headers as Record<string, string | number>)['Content-Length'] = Buffer.byteLength(body);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = transport(url).request(
        url,
        { ...options, timeout: spec.timeoutMs ?? this.requestTimeoutMs },
        (res) => {
          readBody(res).then((text) => resolve({ status: res.statusCode ?? 0, body: text }), reject);
        },
      );
      req.on('timeout', () => req.destroy(new OperatorError(`${spec.method} ${spec.path} timed out`)));
      req.on('error', (err) =>
        reject(
          err instanceof OperatorError
            ? err
            : new OperatorError(`${spec.method} ${spec.path}: ${err.message}`, { cause: err }),
        ),
      );
      req.end(body);
    });
  }

  /** One keep-alive agent per use, created with the TLS material of its first request and reused. */
  private agentFor(tls: TlsMaterial, use: ConnectionUse): http.Agent {
    const existing = this.agents.get(use);
    if (existing) return existing;
    const common = POOLS[use];
    const agent =
      this.server.protocol === 'https:'
        ? new https.Agent({
            ...common,
            rejectUnauthorized: tls.rejectUnauthorized,
            ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
            ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
            ...(tls.key !== undefined ? { key: tls.key } : {}),
            ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
          })
        : new http.Agent(common);
    this.agents.set(use, agent);
    return agent;
  }
}
