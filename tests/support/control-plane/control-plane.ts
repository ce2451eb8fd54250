import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { findBinaries, type Binaries } from './binaries.js';
import { createPki, mintClientCert, type Pki } from './pki.js';
import { freePort, portBindable, Supervised, waitFor } from './process.js';

export interface ControlPlaneOptions {
  /** Extra kube-apiserver flags (e.g. admission plugins for a fault test). */
  apiServerArgs?: string[];
  /** Print progress lines (the demo and globalSetup do; per-file planes stay quiet). */
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/**
 * A real etcd + kube-apiserver on loopback ports with client-certificate admin auth, as envtest
 * runs them. Everything it starts it stops again (see Supervised for the crash-safe part).
 */
export class ControlPlane {
  readonly dir: string;
  readonly pki: Pki;
  readonly binaries: Binaries;
  private readonly admin: { cert: string; key: string };
  private etcd?: Supervised;
  private apiServer?: Supervised;
  etcdPort = 0;
  apiPort = 0;
  kubeconfigPath = '';
  version = '';

  constructor(private readonly options: ControlPlaneOptions = {}) {
    this.binaries = findBinaries();
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-envtest-'));
    mkdirSync(path.join(this.dir, 'pki'));
    mkdirSync(path.join(this.dir, 'logs'));
    this.pki = createPki(path.join(this.dir, 'pki'));
    this.admin = mintClientCert(this.pki, 'admin', ['system:masters']);
  }

  get server(): string {
    return `https://127.0.0.1:${this.apiPort}`;
  }

  async start(): Promise<void> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.startEtcd();
        await this.startApiServer();
        break;
      } catch (err) {
        await this.stop(false);
        if (attempt >= 3) throw err;
        this.log(`control plane start failed (${String(err)}), retrying`);
      }
    }
    this.kubeconfigPath = this.writeKubeconfig('admin', ['system:masters'], 'kubeconfig');
    this.log(`kube-apiserver ${this.version} ready at ${this.server} in ${Date.now() - started} ms`);
  }

  async startEtcd(): Promise<void> {
    this.etcdPort = await freePort();
    const peerPort = await freePort();
    const peer = `http://127.0.0.1:${peerPort}`;
    const client = `http://127.0.0.1:${this.etcdPort}`;
    this.etcd = new Supervised(
      'etcd',
      this.binaries.etcd,
      [
        '--name=autopilot',
        `--data-dir=${path.join(this.dir, 'etcd')}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=autopilot=${peer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      path.join(this.dir, 'logs', 'etcd.log'),
    );
    await waitFor(
      'etcd /health',
      async () => (await this.etcdRequest('GET', '/health')).includes('true'),
      30_000,
    );
  }

  /** Starts kube-apiserver (again, after stopApiServer(), on the same port). */
  async startApiServer(): Promise<void> {
    if (!this.apiPort) this.apiPort = await freePort();
    // After a SIGKILL the watchdog can exit before the kernel has released the old listener.
    await waitFor(`port ${this.apiPort} free`, () => portBindable(this.apiPort), 30_000, 100);
    const p = this.pki;
    this.apiServer = new Supervised(
      'kube-apiserver',
      this.binaries.kubeApiServer,
      [
        `--etcd-servers=http://127.0.0.1:${this.etcdPort}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${this.apiPort}`,
        '--advertise-address=127.0.0.1',
        '--endpoint-reconciler-type=none',
        `--cert-dir=${p.dir}`,
        `--tls-cert-file=${p.serverCert}`,
        `--tls-private-key-file=${p.serverKey}`,
        `--client-ca-file=${p.caCert}`,
        `--service-account-issuer=https://127.0.0.1:${this.apiPort}`,
        `--service-account-key-file=${p.saPub}`,
        `--service-account-signing-key-file=${p.saKey}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--authorization-mode=RBAC',
        '--allow-privileged=true',
        '--disable-admission-plugins=ServiceAccount',
        ...(this.options.apiServerArgs ?? []),
      ],
      path.join(this.dir, 'logs', 'kube-apiserver.log'),
    );
    const timeout = this.options.startTimeoutMs ?? 90_000;
    try {
      await waitFor(
        'kube-apiserver /readyz',
        async () => {
          if (!this.apiServer?.running) throw new Error('kube-apiserver exited');
          return (await this.apiGet('/readyz')).status === 200;
        },
        timeout,
        200,
      );
      await waitFor(
        'namespace default',
        async () => (await this.apiGet('/api/v1/namespaces/default')).status === 200,
        30_000,
      );
    } catch (err) {
      throw new Error(
        `${String(err)}\n--- kube-apiserver log tail ---\n${this.logTail('kube-apiserver.log')}`,
      );
    }
    this.version = (JSON.parse((await this.apiGet('/version')).body) as { gitVersion: string }).gitVersion;
  }

  /** Stops kube-apiserver only (etcd keeps the data), for outage tests. */
  async stopApiServer(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.apiServer?.stop(10_000, signal);
  }

  /** Compacts etcd up to its current revision: every older watch resourceVersion becomes 410 Gone. */
  async compactEtcd(): Promise<number> {
    const range = JSON.parse(
      await this.etcdRequest('POST', '/v3/kv/range', { key: Buffer.from('/').toString('base64') }),
    ) as {
      header: { revision: string };
    };
    const revision = Number(range.header.revision);
    await this.etcdRequest('POST', '/v3/kv/compaction', { revision: String(revision), physical: true });
    return revision;
  }

  /** A kubeconfig for another user (client certificate with CN=user, O=groups). */
  writeKubeconfig(user: string, groups: string[], fileName = `kubeconfig-${user}`): string {
    const cert = user === 'admin' ? this.admin : mintClientCert(this.pki, user, groups);
    const b64 = (f: string): string => readFileSync(f).toString('base64');
    const file = path.join(this.dir, fileName);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: envtest',
        'clusters:',
        `- name: envtest`,
        `  cluster: {server: "${this.server}", certificate-authority-data: ${b64(this.pki.caCert)}}`,
        'users:',
        `- name: ${user}`,
        `  user: {client-certificate-data: ${b64(cert.cert)}, client-key-data: ${b64(cert.key)}}`,
        'contexts:',
        `- name: envtest`,
        `  context: {cluster: envtest, user: ${user}}`,
        '',
      ].join('\n'),
    );
    return file;
  }

  /** Runs the built kubectl against this control plane (when it was built). */
  kubectl(args: string[], kubeconfig = this.kubeconfigPath): string {
    if (!this.binaries.kubectl) throw new Error('kubectl binary not available');
    return execFileSync(this.binaries.kubectl, ['--kubeconfig', kubeconfig, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  async stop(removeDir = true): Promise<void> {
    await this.apiServer?.stop(10_000);
    await this.etcd?.stop(10_000);
    if (removeDir && !process.env.ENVTEST_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }

  get pids(): number[] {
    return [this.etcd?.pid, this.apiServer?.pid].filter((p): p is number => p !== undefined);
  }

  logTail(file: string, lines = 40): string {
    try {
      return readFileSync(path.join(this.dir, 'logs', file), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private apiGet(urlPath: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${this.server}${urlPath}`,
        {
          ca: readFileSync(this.pki.caCert),
          cert: readFileSync(this.admin.cert),
          key: readFileSync(this.admin.key),
          timeout: 5000,
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  private async etcdRequest(method: string, urlPath: string, body?: unknown): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.etcdPort}${urlPath}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return res.text();
  }
}
