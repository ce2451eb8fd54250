import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';

// Records whether anything imported client-node (once per file: the plugin tests run last), and
// stands in for its KubeConfig.
const clientNode = { imported: 0, constructed: 0, loaded: '' };
jest.unstable_mockModule('@kubernetes/client-node', () => {
  clientNode.imported += 1;
  return {
    KubeConfig: class {
      constructor() {
        clientNode.constructed += 1;
      }
      loadFromString(text: string): void {
        clientNode.loaded = text;
      }
      applyToHTTPSOptions(options: { headers: Record<string, string>; ca?: string }): Promise<void> {
        options.headers['Authorization'] = 'Bearer from-exec-plugin';
        options.ca = 'plugin-ca';
        return Promise.resolve();
      }
    },
  };
});
const { kubeconfigCredentials } = await import('../../../../operator/kube/credentials/kubeconfig.js');

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-'));
  writeFileSync(path.join(dir, 'ca.crt'), 'CA FROM FILE');
  writeFileSync(path.join(dir, 'client.crt'), 'CERT FROM FILE');
  writeFileSync(path.join(dir, 'client.key'), 'KEY FROM FILE');
  writeFileSync(path.join(dir, 'token'), 'token-from-file\n');
  const file = path.join(dir, 'config');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'ctx',
    clusters: [{ name: 'c', cluster: { server: 'https://api.example:6443', ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
  };
  writeFileSync(file, JSON.stringify(doc)); // JSON is YAML
  return file;
}

describe('kubeconfig credentials', () => {
  beforeEach(() => {
    clientNode.constructed = 0;
  });

  it('reads client certificates from files named relative to the kubeconfig', async () => {
    const file = kubeconfig(
      { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
      { 'certificate-authority': 'ca.crt' },
    );

    const auth = await kubeconfigCredentials([file]).auth();

    expect(auth.tls).toEqual({
      ca: 'CA FROM FILE',
      cert: 'CERT FROM FILE',
      key: 'KEY FROM FILE',
      rejectUnauthorized: true,
    });
    expect(auth.headers).toEqual({});
    expect(clientNode.imported).toBe(0);
  });

  it('decodes inline certificate data, which beats the file names', async () => {
    const file = kubeconfig(
      {
        'client-certificate-data': b64('INLINE CERT'),
        'client-key-data': b64('INLINE KEY'),
        'client-key': 'client.key',
      },
      { 'certificate-authority-data': b64('INLINE CA'), 'tls-server-name': 'api.internal' },
    );

    const { tls } = await kubeconfigCredentials([file]).auth();

    expect(String(tls.ca)).toBe('INLINE CA');
    expect(String(tls.cert)).toBe('INLINE CERT');
    expect(String(tls.key)).toBe('INLINE KEY');
    expect(tls.servername).toBe('api.internal');
  });

  it.each([
    ['a token', { token: 'abc' }, 'Bearer abc'],
    ['a token file', { tokenFile: 'token' }, 'Bearer token-from-file'],
    ['basic auth', { username: 'ann', password: 's3cret' }, `Basic ${b64('ann:s3cret')}`],
  ])('authenticates with %s without client-node', async (_name, user, header) => {
    const credentials = kubeconfigCredentials([kubeconfig(user)]);

    const auth = await credentials.auth();

    expect(auth.headers).toEqual({ Authorization: header });
    expect(credentials.server.href).toBe('https://api.example:6443/');
    expect(clientNode.imported).toBe(0);
  });

  it('re-reads a rotated token file', async () => {
    const file = kubeconfig({ tokenFile: 'token' });
    const clock = { t: 0 };
    const credentials = kubeconfigCredentials([file], { now: () => clock.t });
    writeFileSync(path.join(path.dirname(file), 'token'), 'rotated');
    clock.t = 60_000;

    const auth = await credentials.auth();

    expect(auth.headers['Authorization']).toBe('Bearer rotated');
  });

  it('skips certificate checks only when the kubeconfig says insecure-skip-tls-verify', async () => {
    const file = kubeconfig({ token: 't' }, { 'insecure-skip-tls-verify': true });

    const { tls } = await kubeconfigCredentials([file]).auth();

    expect(tls.rejectUnauthorized).toBe(false);
  });

  it.each([
    ['exec', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token' } }],
    ['auth-provider', { 'auth-provider': { name: 'oidc', config: {} } }],
  ])('loads client-node for an %s user on the first request only', async (plugin, user) => {
    const credentials = kubeconfigCredentials([kubeconfig(user)]);
    const before = clientNode.constructed;

    const auth = await credentials.auth();
    await credentials.auth();

    expect(credentials.origin.plugin).toBe(plugin);
    expect(before).toBe(0);
    expect(clientNode.constructed).toBe(1);
    expect(clientNode.imported).toBe(1);
    expect(auth.headers).toEqual({ Authorization: 'Bearer from-exec-plugin' });
    expect(auth.tls.ca).toBe('plugin-ca');
    expect(JSON.parse(clientNode.loaded)).toMatchObject({
      'current-context': 'ctx',
      users: [{ name: 'u', user }],
    });
  });
});
