import { afterEach, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import winston from 'winston';
import { KubeApiError, OperatorError } from '../../../operator/errors.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { Informer, type InformerHandler, type InformerOptions } from '../../../operator/runtime/informer.js';
import { configMap, FakeListWatch, until } from './fake-kube.js';

const CONFIGMAP = { group: '', version: 'v1', kind: 'ConfigMap' };

/** Log records as objects (an object-mode stream receives winston's info objects). */
function capturedLogger(): { logger: winston.Logger; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const stream = new Writable({
    objectMode: true,
    write: (info: { level: string; message: string }, _encoding, next) => {
      lines.push({ level: info.level, message: info.message });
      next();
    },
  });
  return {
    lines,
    logger: winston.createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream })] }),
  };
}

function recorder(): { seen: string[]; handler: InformerHandler } {
  const seen: string[] = [];
  const at = (o: KubeObject): string => `${o.metadata.name}@${o.metadata.resourceVersion}`;
  return {
    seen,
    handler: {
      onAdd: (o) => seen.push(`add ${at(o)}`),
      onUpdate: (o, old) => seen.push(`update ${at(old)}->${at(o)}`),
      onDelete: (o) => seen.push(`delete ${at(o)}`),
    },
  };
}

describe('Informer', () => {
  const started: Informer[] = [];
  const { logger, lines: logLines } = capturedLogger();

  function startInformer(server: FakeListWatch, extra: Partial<InformerOptions> = {}): Informer {
    const informer = new Informer(server.asClient(), CONFIGMAP, {
      logger,
      backoff: { initialMs: 1, maxMs: 5 },
      labelSelector: 'app=x',
      ...extra,
    });
    started.push(informer);
    informer.start();
    return informer;
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((i) => i.stop()));
    logLines.length = 0;
  });

  it('lists, announces every object as an add, syncs, and watches from the list version', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '7'), configMap('b', '9')];
    const { seen, handler } = recorder();
    const informer = new Informer(server.asClient(), CONFIGMAP, { logger, labelSelector: 'app=x' });
    started.push(informer);
    informer.addHandler(handler);

    informer.start();
    await informer.waitForSync();
    await until(() => server.watches.length === 1, 'the watch');

    expect(seen).toEqual(['add a@7', 'add b@9']);
    expect(informer.synced).toBe(true);
    expect(informer.get('a', 'ns')?.metadata.resourceVersion).toBe('7');
    expect(server.lists[0]).toMatchObject({ labelSelector: 'app=x', limit: 100 });
    expect(server.watches[0]?.options).toMatchObject({ labelSelector: 'app=x', resourceVersion: '100' });
    expect(informer.lastSyncResourceVersion).toBe('100');
  });

  it('applies watch events to the cache and ignores a repeat of a version it already has', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '7')];
    const { seen, handler } = recorder();
    const informer = startInformer(server);
    informer.addHandler(handler);
    await until(() => server.watches.length === 1, 'the watch');
    const watch = server.watches[0]!;

    watch.emit({ type: 'MODIFIED', object: configMap('a', '7') });
    watch.emit({ type: 'MODIFIED', object: configMap('a', '8') });
    watch.emit({ type: 'ADDED', object: configMap('c', '9') });
    watch.emit({ type: 'DELETED', object: configMap('a', '10') });
    watch.emit({ type: 'DELETED', object: configMap('never-seen', '11') });

    expect(seen).toEqual(['add a@7', 'update a@7->a@8', 'add c@9', 'delete a@10']);
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['c']);
    expect(informer.lastSyncResourceVersion).toBe('11');
  });

  it('re-watches from the newest bookmark after the watch ends cleanly', async () => {
    const server = new FakeListWatch();
    startInformer(server);
    await until(() => server.watches.length === 1, 'the first watch');

    server.watches[0]!.emit({ type: 'BOOKMARK', object: configMap('', '250') });
    server.watches[0]!.end();
    await until(() => server.watches.length === 2, 'the second watch');

    expect(server.watches[1]?.options.resourceVersion).toBe('250');
    expect(server.lists).toHaveLength(1);
  });

  it('re-watches without relisting after a dropped connection', async () => {
    const server = new FakeListWatch();
    startInformer(server);
    await until(() => server.watches.length === 1, 'the first watch');

    server.watches[0]!.emit({ type: 'ADDED', object: configMap('a', '120') });
    server.watches[0]!.fail(new OperatorError('watch ConfigMap: connection lost'));
    await until(() => server.watches.length === 2, 'the second watch');

    expect(server.watches[1]?.options.resourceVersion).toBe('120');
    expect(server.lists).toHaveLength(1);
  });

  it('relists after 410 Gone and announces exactly the difference', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('kept', '1'), configMap('changed', '2'), configMap('deleted', '3')];
    const { seen, handler } = recorder();
    const informer = startInformer(server);
    informer.addHandler(handler);
    await until(() => server.watches.length === 1, 'the first watch');

    server.items = [configMap('kept', '1'), configMap('changed', '5'), configMap('created', '6')];
    server.listResourceVersion = '300';
    server.watches[0]!.fail(new KubeApiError('watch ConfigMap: too old resource version', 410, 'Expired'));
    await until(() => server.watches.length === 2, 'the watch after the relist');

    expect(seen.slice(3).sort()).toEqual([
      'add created@6',
      'delete deleted@3',
      'update changed@2->changed@5',
    ]);
    expect(server.watches[1]?.options.resourceVersion).toBe('300');
    expect(
      informer
        .list()
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['changed', 'created', 'kept']);
  });

  it('keeps retrying a kind that is not served, quietly at debug level, and asks discovery again', async () => {
    const server = new FakeListWatch();
    const notServed = (): KubeApiError => new KubeApiError('the server does not serve X', 404, 'NotServed');
    server.listErrors = [notServed(), notServed(), notServed()];
    const informer = startInformer(server);

    await informer.waitForSync();

    expect(server.lists).toHaveLength(4);
    expect(server.discoveryInvalidations).toBe(3);
    expect(logLines.filter((l) => l.level !== 'debug')).toEqual([]);
  });

  it('lists again, rather than re-watching, after its kind stopped being served', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '1')];
    const { seen, handler } = recorder();
    const informer = startInformer(server);
    informer.addHandler(handler);
    await until(() => server.watches.length === 1, 'the watch');

    server.items = [];
    server.watches[0]!.fail(
      new KubeApiError('watch ConfigMap failed (HTTP 404): not found', 404, 'NotFound'),
    );
    await until(() => server.watches.length === 2, 'the watch after the relist');

    expect(server.lists).toHaveLength(2);
    expect(seen).toEqual(['add a@1', 'delete a@1']);
  });

  it('keeps calling the other handlers when one throws', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '1')];
    const { seen, handler } = recorder();
    const informer = startInformer(server);
    informer.addHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    informer.addHandler(handler);

    await informer.waitForSync();

    expect(seen).toEqual(['add a@1']);
    expect(logLines.some((l) => l.level === 'error' && l.message === 'informer handler failed')).toBe(true);
  });

  it('replays the cache to a handler added after the sync', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '1')];
    const informer = startInformer(server);
    await informer.waitForSync();
    const { seen, handler } = recorder();

    informer.addHandler(handler);

    expect(seen).toEqual(['add a@1']);
  });

  it('calls no handler after stop resolved', async () => {
    const server = new FakeListWatch();
    const { seen, handler } = recorder();
    const informer = startInformer(server);
    informer.addHandler(handler);
    await until(() => server.watches.length === 1, 'the watch');
    const watch = server.watches[0]!;

    await informer.stop();
    watch.stopped = false; // a late event the server had already sent
    watch.emit({ type: 'ADDED', object: configMap('late', '5') });

    expect(seen).toEqual([]);
    expect(informer.get('late', 'ns')).toBeUndefined();
  });

  it('rejects waitForSync when stopped before the first list succeeded', async () => {
    const server = new FakeListWatch();
    server.listErrors = Array.from({ length: 1000 }, () => new OperatorError('connection refused'));
    const informer = startInformer(server, { backoff: { initialMs: 50, maxMs: 50 } });
    const waiting = informer.waitForSync();

    await informer.stop();

    await expect(waiting).rejects.toThrow('ConfigMap informer stopped before it synced');
  });

  it('rejects waitForSync when the caller aborts', async () => {
    const server = new FakeListWatch();
    server.listErrors = Array.from({ length: 1000 }, () => new OperatorError('connection refused'));
    const informer = startInformer(server, { backoff: { initialMs: 50, maxMs: 50 } });
    const abort = new AbortController();
    const waiting = informer.waitForSync(abort.signal);

    abort.abort();

    await expect(waiting).rejects.toThrow('wait for sync aborted');
  });

  it('caches and hands out the transformed objects', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '1', { big: 'x'.repeat(1000) })];
    const { seen, handler } = recorder();
    const informer = startInformer(server, {
      transform: (o) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }),
    });
    informer.addHandler(handler);

    await informer.waitForSync();

    expect(informer.get('a', 'ns')?.data).toBeUndefined();
    expect(seen).toEqual(['add a@1']);
  });

  it('lists and watches in its namespace only, with no selector when it has none', async () => {
    const server = new FakeListWatch();
    const informer = new Informer(server.asClient(), CONFIGMAP, {
      logger,
      namespace: 'openshift-cnv',
      watchTimeoutSeconds: 42,
    });
    started.push(informer);
    informer.start();
    await until(() => server.watches.length === 1, 'the watch');

    expect(server.lists[0]).toMatchObject({ namespace: 'openshift-cnv' });
    expect(server.lists[0]).not.toHaveProperty('labelSelector');
    expect(server.watches[0]?.options).toEqual({
      namespace: 'openshift-cnv',
      resourceVersion: '100',
      timeoutSeconds: 42,
    });
  });

  it('spreads the server-side watch timeout over 300–600 s when none is given', async () => {
    const server = new FakeListWatch();
    startInformer(server);
    await until(() => server.watches.length === 1, 'the watch');

    const timeout = server.watches[0]?.options.timeoutSeconds ?? 0;
    expect(Number.isInteger(timeout) && timeout >= 300 && timeout < 600).toBe(true);
  });
});
