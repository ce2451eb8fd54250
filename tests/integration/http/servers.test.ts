import { afterEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createDebugServer } from '../../../operator/debug/server.js';
import { OperatorError } from '../../../operator/errors.js';
import { healthRoutes } from '../../../operator/health/server.js';
import type { Readiness } from '../../../operator/health/server.js';
import { metricsRoute } from '../../../operator/http/metrics-route.js';
import { HttpServer } from '../../../operator/http/server.js';
import type { Route } from '../../../operator/http/server.js';

// These tests bind real ports (always port 0) and only ever talk to this machine's own addresses.

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function httpGet(host: string, port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject).end();
  });
}

/** Resolves with the connect error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** A non-loopback address of this machine, or a second loopback address when it has none. */
function otherAddress(): { address: string; loopbackOnly: boolean } {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((info) => info !== undefined && !info.internal && info.family === 'IPv4');
  if (external) return { address: external.address, loopbackOnly: false };
  process.stderr.write('[http] no non-loopback interface: checking 127.0.0.2 instead\n');
  return { address: '127.0.0.2', loopbackOnly: true };
}

function recordingLogger(): {
  logger: { info(): void; error(m: string, meta?: object): void };
  errors: string[];
} {
  const errors: string[] = [];
  return {
    logger: { info: () => undefined, error: (m, meta) => errors.push(`${m} ${JSON.stringify(meta)}`) },
    errors,
  };
}

describe('the HTTP servers', () => {
  const started: HttpServer[] = [];
  async function start(server: HttpServer): Promise<{ host: string; port: number }> {
    const bound = await server.start();
    started.push(server);
    return bound;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  it('reports /readyz as 503 with the reason until ready() turns true, then 200', async () => {
    let readiness: Readiness = { ready: false, reason: 'caches not synced' };
    const routes = healthRoutes({ live: () => true, ready: () => readiness });
    const { port } = await start(
      new HttpServer({
        name: 'health',
        bindAddress: '127.0.0.1:0',
        routes,
        logger: recordingLogger().logger,
      }),
    );

    const before = await httpGet('127.0.0.1', port, '/readyz');
    readiness = true;
    const after = await httpGet('127.0.0.1', port, '/readyz');
    const live = await httpGet('127.0.0.1', port, '/healthz');

    expect(before).toMatchObject({ status: 503, body: 'not ready: caches not synced\n' });
    expect(after).toMatchObject({ status: 200, body: 'ok\n' });
    expect(live).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('serves the metrics text with its content type on every interface for a :0 bind address', async () => {
    const source = {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      render: async () => 'virt_platform_up 1\n',
    };
    const server = new HttpServer({
      name: 'metrics',
      bindAddress: ':0',
      routes: [metricsRoute(source)],
      logger: recordingLogger().logger,
    });
    const { port } = await start(server);

    const local = await httpGet('127.0.0.1', port, '/metrics');
    const other = await httpGet(otherAddress().address, port, '/metrics');

    expect(local).toMatchObject({ status: 200, body: 'virt_platform_up 1\n' });
    expect(local.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(other.status).toBe(200);
  });

  it('answers unknown paths with 404, wrong methods with 405 and a throwing handler with a logged 500', async () => {
    const failing: Route = {
      method: 'GET',
      path: '/boom',
      handle: async () => {
        throw new Error('database password is hunter2');
      },
    };
    const { logger, errors } = recordingLogger();
    const { port } = await start(
      new HttpServer({ name: 'test', bindAddress: '127.0.0.1:0', routes: [failing], logger }),
    );

    const missing = await httpGet('127.0.0.1', port, '/nope');
    const wrongMethod = await httpGet('127.0.0.1', port, '/boom', 'POST');
    const crashed = await httpGet('127.0.0.1', port, '/boom');

    expect(missing.status).toBe(404);
    expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: 'GET' } });
    expect(crashed).toMatchObject({ status: 500, body: 'internal server error\n' });
    expect(errors).toEqual([expect.stringContaining('hunter2')]);
  });

  it('keeps the debug server off every non-loopback address', async () => {
    const { address, loopbackOnly } = otherAddress();
    const routes = [
      {
        method: 'GET' as const,
        path: '/debug/health',
        handle: async () => ({ status: 200, contentType: 'text/plain', body: 'ok' }),
      },
    ];
    const { host, port } = await start(
      createDebugServer({ bindAddress: '127.0.0.1:0', routes, logger: recordingLogger().logger }),
    );

    const onLoopback = await httpGet('127.0.0.1', port, '/debug/health');
    const elsewhere = await tryConnect(address, port);

    expect(host).toBe('127.0.0.1');
    expect(onLoopback.status).toBe(200);
    expect(elsewhere).toBe('ECONNREFUSED');
    if (loopbackOnly)
      process.stderr.write('[http] debug bind checked against a second loopback address only\n');
  });

  it('on stop() closes idle connections, lets an in-flight response finish, then frees the port', async () => {
    let entered!: () => void;
    let release!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Route = {
      method: 'GET',
      path: '/slow',
      handle: async () => {
        entered();
        await gate;
        return { status: 200, contentType: 'text/plain', body: 'done' };
      },
    };
    const server = new HttpServer({
      name: 'slow',
      bindAddress: '127.0.0.1:0',
      routes: [slow],
      logger: recordingLogger().logger,
    });
    const { port } = await server.start();
    const idle = connect({ host: '127.0.0.1', port });
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    await new Promise((resolve) => idle.once('connect', resolve));
    const answer = httpGet('127.0.0.1', port, '/slow');
    await inHandler;

    const stopped = server.stop();
    await idleClosed;
    release();
    const response = await answer;
    await stopped;
    const afterStop = await tryConnect('127.0.0.1', port);

    expect(response).toMatchObject({ status: 200, body: 'done', headers: { connection: 'close' } });
    expect(afterStop).toBe('ECONNREFUSED');
  });

  it('fails to start with an error naming the server and the address when the port is taken', async () => {
    const routes: Route[] = [];
    const { port } = await start(
      new HttpServer({ name: 'first', bindAddress: '127.0.0.1:0', routes, logger: recordingLogger().logger }),
    );
    const second = new HttpServer({
      name: 'second',
      bindAddress: `127.0.0.1:${port}`,
      routes,
      logger: recordingLogger().logger,
    });

    const attempt = second.start();

    await expect(attempt).rejects.toThrow(OperatorError);
    await expect(attempt).rejects.toThrow(`second server: cannot listen on 127.0.0.1:${port}: `);
  });
});
