import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseRunConfig } from '../../../operator/config.js';
import { loadCredentials } from '../../../operator/kube/credentials/load.js';
import type { TokenFileOptions } from '../../../operator/kube/credentials/token-file.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import { ApiTransport } from '../../../operator/kube/transport.js';
import { adminClient, createNamespace, kubeconfigPath } from '../../support/cluster.js';

/** A token for the ServiceAccount from the TokenRequest API, as the kubelet projects it into a Pod. */
async function requestToken(admin: ApiTransport, namespace: string, name: string): Promise<string> {
  const res = await admin.request({
    method: 'POST',
    path: `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  if (res.status !== 201)
    throw new Error(`TokenRequest ${namespace}/${name}: HTTP ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { status: { token: string } }).status.token;
}

/** Who the API server says the client is. */
async function whoAmI(client: NodeKubeClient): Promise<string> {
  const review = await client.create({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: {},
  });
  return (review.status as { userInfo: { username: string } }).userInfo.username;
}

describe('in-cluster credentials against a real API server', () => {
  const admin = adminClient();
  const adminCredentials = loadKubeConfig(kubeconfigPath());
  const adminTransport = new ApiTransport(adminCredentials);
  const clients: NodeKubeClient[] = [];
  let namespace: string;
  let saDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    namespace = await createNamespace(admin, 'in-cluster');
    for (const name of ['autopilot-a', 'autopilot-b']) {
      await admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
    }
    // The Pod's mount: the token file and the cluster CA, in a directory the test owns.
    saDir = mkdtempSync(path.join(os.tmpdir(), 'serviceaccount-'));
    writeFileSync(path.join(saDir, 'ca.crt'), (await adminCredentials.auth()).tls.ca ?? '');
    writeFileSync(path.join(saDir, 'token'), await requestToken(adminTransport, namespace, 'autopilot-a'));
    const server = adminCredentials.server;
    env = { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port };
  });

  afterAll(() => {
    for (const client of clients) client.close();
    admin.close();
    adminTransport.close();
  });

  function inClusterClient(options: TokenFileOptions = {}): NodeKubeClient {
    const config = parseRunConfig([`--service-account-dir=${saDir}`], env);
    const client = new NodeKubeClient(loadCredentials(config.credentials, options));
    clients.push(client);
    return client;
  }

  it('authenticates as the ServiceAccount whose token is mounted, trusting the mounted CA', async () => {
    const client = inClusterClient();

    const user = await whoAmI(client);

    expect(user).toBe(`system:serviceaccount:${namespace}:autopilot-a`);
  });

  it('sends the rotated token once the cached one is a minute old', async () => {
    const clock = { t: 0 };
    const client = inClusterClient({ now: () => clock.t });
    const before = await whoAmI(client);
    writeFileSync(path.join(saDir, 'token'), await requestToken(adminTransport, namespace, 'autopilot-b'));
    clock.t = 60_000;

    const after = await whoAmI(client);

    expect(before).toBe(`system:serviceaccount:${namespace}:autopilot-a`);
    expect(after).toBe(`system:serviceaccount:${namespace}:autopilot-b`);
  });
});
