import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/cluster.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import {
  BIG_BURST,
  customise,
  drift,
  expectInvariants,
  NS,
  SERVICE,
  startFaultEnv,
  type FaultEnv,
} from './fault-env.js';
import { TcpProxy } from './tcp-proxy.js';

const MONITOR = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  name: 'virt-platform-autopilot-metrics',
  namespace: NS,
};

// Without the watch cache, a watch resumed from a compacted resourceVersion is answered by etcd
// with a real 410 Gone (the cache would keep serving old versions from memory).
describe('fault: etcd compaction while the operator is cut off, so that every watch resumes into 410 Gone', () => {
  let env: FaultEnv;
  let proxy: TcpProxy;
  let op: RunningOperator;
  const series = { kind: 'Service', name: SERVICE.name, namespace: NS };

  beforeAll(async () => {
    env = await startFaultEnv(['--watch-cache=false']);
    proxy = new TcpProxy(env.plane.apiPort);
    await proxy.start();
    const kubeconfig = proxy.kubeconfigThrough(env.plane.kubeconfigPath);
    op = await startOperator({ namespace: NS, kubeconfig, flags: [BIG_BURST] });
    await waitForCompliance(op, series, 1);
    await customise(env.client);
  });
  afterAll(async () => {
    await op?.stop();
    await proxy?.stop();
    env?.client.close();
    await env?.plane.stop();
  });

  it('relists, reconciles what changed during the gap once, and loses nothing', async () => {
    const monitor = await env.client.get(MONITOR);
    proxy.cut();
    await drift(env.client, 'changed-in-the-gap');
    await env.client.delete(MONITOR);
    await env.plane.compactEtcd();

    proxy.restore();

    await eventually(async () => op.logs.some((l) => l.includes('informer watch expired, relisting')), {
      timeoutMs: 60_000,
      what: 'a relist after 410 Gone',
    });
    await expectInvariants(env, op.scrape);
    const monitors = await eventually(
      async () => {
        const list = await env.client.list(
          { group: 'monitoring.coreos.com', version: 'v1', kind: 'ServiceMonitor' },
          { namespace: NS, labelSelector: 'platform.kubevirt.io/managed-by=virt-platform-autopilot' },
        );
        return list.items.length > 0 && list;
      },
      { timeoutMs: 30_000, what: 'the ServiceMonitor deleted during the gap recreated' },
    );
    expect(monitors.items.map((m) => m.metadata.name)).toEqual([MONITOR.name]);
    expect(monitors.items[0]?.metadata.uid).not.toBe(monitor?.metadata.uid);
  });

  it('keeps reconciling changes made after the relist', async () => {
    await drift(env.client, 'changed-after-the-relist');

    await expectInvariants(env, op.scrape);
  });
});
