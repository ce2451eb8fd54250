import { parseRunConfig } from '../../operator/config.js';
import type { KubeClient } from '../../operator/kube/client.js';
import type { KubeObject } from '../../operator/kube/types.js';
import { composeOperator, type OperatorApp } from '../../operator/main.js';
import { createLogger } from '../../operator/observability/logger.js';
import { eventually, kubeconfigPath } from './cluster.js';
import { repoRoot } from './paths.js';
import path from 'node:path';
import { Writable } from 'node:stream';

export interface RunningOperator {
  operator: OperatorApp;
  metricsUrl: string;
  healthUrl: string;
  debugUrl: string;
  logs: string[];
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Runs the real operator in this test process against the test control plane, on free loopback
 * ports, with its log lines captured for assertions.
 */
export async function startOperator(options: {
  namespace: string;
  flags?: string[];
  kubeconfig?: string;
  env?: Record<string, string>;
}): Promise<RunningOperator> {
  const config = parseRunConfig(
    [
      `--namespace=${options.namespace}`,
      `--kubeconfig=${options.kubeconfig ?? kubeconfigPath()}`,
      '--metrics-bind-address=127.0.0.1:0',
      '--health-probe-bind-address=127.0.0.1:0',
      '--debug-bind-address=127.0.0.1:0',
      `--templates-dir=${path.join(repoRoot, 'templates')}`,
      '--log-level=debug',
      ...(options.flags ?? []),
    ],
    { POD_NAME: `autopilot-test-${options.namespace}`, ...options.env },
  );
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const { operator, close } = composeOperator(config, createLogger({ level: 'debug', stream: sink }));
  await operator.start();
  const url = (name: string): string => {
    const bound = operator.boundAddresses.find((b) => b.name === name);
    return bound ? `http://127.0.0.1:${bound.port}` : '';
  };
  return {
    operator,
    logs,
    metricsUrl: url('metrics'),
    healthUrl: url('health'),
    debugUrl: url('debug'),
    scrape: async () => (await fetch(`${url('metrics')}/metrics`)).text(),
    stop: async () => {
      await operator.stop();
      close();
    },
  };
}

/** The value of one metric series from a /metrics text, or undefined when the series is absent. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body =
      line.slice(name.length).match(/^\{([^}]*)\}\s+(\S+)/) ?? line.slice(name.length).match(/^()\s+(\S+)/);
    if (!body) continue;
    const have = Object.fromEntries(
      [...(body[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(body[2]);
  }
  return undefined;
}

/** Events (events.k8s.io/v1) regarding an object. */
export async function eventsFor(client: KubeClient, namespace: string, name: string): Promise<KubeObject[]> {
  const list = await client.list(
    { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
    { namespace, fieldSelector: `regarding.name=${name}` },
  );
  return list.items;
}

/** Waits for the operator's compliance gauge of an object to reach a value. */
export async function waitForCompliance(
  op: RunningOperator,
  ref: { kind: string; name: string; namespace: string },
  value: number,
  timeoutMs = 30_000,
): Promise<void> {
  await eventually(
    async () => metricValue(await op.scrape(), 'virt_platform_compliance_status', ref) === value,
    {
      timeoutMs,
      what: `compliance of ${ref.kind}/${ref.name} = ${value}`,
    },
  );
}

/** apiserver_request_total for a resource and verb, optionally only dry-runs (kube-apiserver's own metric). */
export async function apiRequests(
  client: KubeClient,
  filter: { resource: string; verb: string; dryRun?: boolean },
): Promise<number> {
  const text = await client.getRaw('/metrics');
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (!line.includes(`resource="${filter.resource}"`) || !line.includes(`verb="${filter.verb}"`)) continue;
    const dry = /dry_run="All"/.test(line);
    if (filter.dryRun !== undefined && dry !== filter.dryRun) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
