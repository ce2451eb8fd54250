import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../operator/kube/types.js';
import { freePort, Supervised, waitFor } from './control-plane/process.js';

/** Whether a `prometheus` server binary is on PATH (Debian's `prometheus` package; .ci/run installs it). */
export function prometheusAvailable(): boolean {
  return spawnSync('prometheus', ['--version']).error === undefined;
}

export interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

export interface RunningPrometheus {
  url: string;
  alerts(): Promise<Alert[]>;
  /** The label sets of an instant query's result. */
  series(expr: string): Promise<Record<string, string>[]>;
  stop(): Promise<void>;
}

/**
 * The scrape job the Prometheus Operator generates for a ServiceMonitor's first endpoint, for one
 * known target: its target labels (`namespace` of the ServiceMonitor, `service`, `endpoint`, `pod`,
 * `container`, `job`) and `honor_labels` as the endpoint sets it (default false, as the operator's).
 * So the series carry the labels a real cluster's Prometheus gives them.
 */
export function scrapeJobFor(serviceMonitor: KubeObject, target: string): Record<string, unknown> {
  const spec = serviceMonitor.spec as { endpoints: Record<string, unknown>[] };
  const endpoint = spec.endpoints[0] ?? {};
  const service = serviceMonitor.metadata.name ?? '';
  return {
    job_name: service,
    honor_labels: endpoint.honorLabels === true,
    metrics_path: endpoint.path ?? '/metrics',
    scheme: endpoint.scheme ?? 'http',
    static_configs: [
      {
        targets: [target],
        labels: {
          namespace: serviceMonitor.metadata.namespace ?? '',
          service,
          endpoint: String(endpoint.port ?? ''),
          pod: 'virt-platform-autopilot-0',
          container: 'manager',
        },
      },
    ],
  };
}

/**
 * A real Prometheus on 127.0.0.1 only, scraping `target` every second and evaluating `groups`
 * (a PrometheusRule's spec.groups) every second: the groups' own `interval` is replaced, their
 * rules (expressions and `for` durations) are loaded unchanged.
 */
export async function startPrometheus(input: {
  target: string;
  groups: unknown[];
  /** Scrape as the Prometheus Operator would for this ServiceMonitor (else a bare static job). */
  serviceMonitor?: KubeObject;
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-prometheus-'));
  const groups = input.groups.map((g) => ({ ...(g as Record<string, unknown>), interval: '1s' }));
  writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups }));
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [path.join(dir, 'rules.yaml')],
      scrape_configs: [
        input.serviceMonitor
          ? scrapeJobFor(input.serviceMonitor, input.target)
          : { job_name: 'virt-platform-autopilot', static_configs: [{ targets: [input.target] }] },
      ],
    }),
  );
  const port = await freePort();
  const proc = new Supervised(
    'prometheus',
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    path.join(dir, 'prometheus.log'),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('prometheus to be ready', async () => (await fetch(`${url}/-/ready`)).ok, 60_000, 200);
  } catch (err) {
    await proc.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    alerts: async () => {
      const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: Alert[] } };
      return body.data.alerts;
    },
    series: async (expr) => {
      const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
        data: { result: { metric: Record<string, string> }[] };
      };
      return body.data.result.map((r) => r.metric);
    },
    stop: async () => {
      await proc.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
