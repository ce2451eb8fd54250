import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inClusterCredentials, inClusterServer } from '../../../../operator/kube/credentials/in-cluster.js';

function serviceAccountDir(token: string): { tokenFile: string; caFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-'));
  const tokenFile = path.join(dir, 'token');
  const caFile = path.join(dir, 'ca.crt');
  writeFileSync(tokenFile, token);
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
  return { tokenFile, caFile };
}

describe('in-cluster credentials', () => {
  it.each([
    ['10.0.0.1', '443', 'https://10.0.0.1/'],
    ['10.0.0.1', '6443', 'https://10.0.0.1:6443/'],
    ['fd00::1', '443', 'https://[fd00::1]/'],
    ['[fd00::1]', '6443', 'https://[fd00::1]:6443/'],
    ['kubernetes.default.svc', '443', 'https://kubernetes.default.svc/'],
  ])('talks to host %s port %s as %s', (host, port, expected) => {
    expect(inClusterServer(host, port).href).toBe(expected);
  });

  it('authenticates with the ServiceAccount token and trusts the mounted CA', async () => {
    const files = serviceAccountDir('sa-token\n');
    const credentials = inClusterCredentials({ host: '10.0.0.1', port: '443', ...files });

    const auth = await credentials.auth();

    expect(auth.headers).toEqual({ Authorization: 'Bearer sa-token' });
    expect(auth.tls.ca).toContain('BEGIN CERTIFICATE');
    expect(auth.tls.rejectUnauthorized).toBe(true);
    expect(credentials.origin).toEqual({ kind: 'in-cluster', files: [files.tokenFile, files.caFile] });
  });

  it('sends the rotated token once the kubelet has replaced the file', async () => {
    const files = serviceAccountDir('first');
    const clock = { t: 0 };
    const credentials = inClusterCredentials(
      { host: '10.0.0.1', port: '443', ...files },
      { now: () => clock.t },
    );
    writeFileSync(files.tokenFile, 'second');
    clock.t = 61_000;

    const auth = await credentials.auth();

    expect(auth.headers['Authorization']).toBe('Bearer second');
  });

  it.each([
    [{ port: '443' }, /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set/],
    [{ host: '10.0.0.1' }, /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set/],
  ])('refuses settings %j that do not describe a Pod', (env, message) => {
    const files = serviceAccountDir('t');

    expect(() => inClusterCredentials({ ...env, ...files })).toThrow(message);
  });

  it('names the CA file it cannot read', () => {
    const files = serviceAccountDir('t');

    expect(() =>
      inClusterCredentials({ host: 'h', port: '1', tokenFile: files.tokenFile, caFile: '/no/ca.crt' }),
    ).toThrow(/^CA file \/no\/ca\.crt: ENOENT/);
  });
});
