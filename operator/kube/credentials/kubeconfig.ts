import path from 'node:path';
import { parse } from 'yaml';
import { OperatorError } from '../../errors.js';
import { resolveKubeconfig, type KubeconfigFile, type ResolvedKubeconfig } from './kubeconfig-merge.js';
import { pluginCredentials } from './plugin.js';
import { readText, tokenFromFile, type TokenFileOptions } from './token-file.js';
import type { Credentials, TlsMaterial } from './types.js';

/** `a:b` → [a, b] ($KUBECONFIG's list separator), without empty entries. */
export function kubeconfigPaths(value: string): string[] {
  return value.split(path.delimiter).filter((p) => p !== '');
}

function readKubeconfig(file: string): KubeconfigFile {
  try {
    return { path: file, doc: parse(readText(file, 'kubeconfig')) as unknown };
  } catch (err) {
    if (err instanceof OperatorError) throw err;
    throw new OperatorError(`kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function str(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Inline `<key>-data` (base64) beats the file named by `<key>`. */
function pem(entry: Record<string, unknown>, key: string): string | Buffer | undefined {
  const data = str(entry, `${key}-data`);
  if (data) return Buffer.from(data, 'base64');
  const file = str(entry, key);
  return file ? readText(file, key) : undefined;
}

function tlsOf(resolved: ResolvedKubeconfig): TlsMaterial {
  const { cluster, user } = resolved;
  const tls: TlsMaterial = { rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true };
  const ca = pem(cluster, 'certificate-authority');
  const cert = pem(user, 'client-certificate');
  const key = pem(user, 'client-key');
  const servername = str(cluster, 'tls-server-name');
  return {
    ...tls,
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(servername !== undefined ? { servername } : {}),
  };
}

/** The Authorization header: a token, a token file (re-read as it rotates) or basic auth. */
function authorization(user: Record<string, unknown>, options: TokenFileOptions): () => string | undefined {
  const token = str(user, 'token');
  if (token) return () => `Bearer ${token}`;
  const tokenFile = str(user, 'tokenFile');
  if (tokenFile) {
    const read = tokenFromFile(tokenFile, options);
    return () => `Bearer ${read()}`;
  }
  const username = str(user, 'username');
  if (username) {
    const basic = Buffer.from(`${username}:${str(user, 'password') ?? ''}`).toString('base64');
    return () => `Basic ${basic}`;
  }
  return () => undefined;
}

/**
 * Credentials from kubeconfig files (client certificates, tokens, token files, basic auth) without
 * @kubernetes/client-node; only a user with an exec plugin or an auth provider loads it.
 */
export function kubeconfigCredentials(files: readonly string[], options: TokenFileOptions = {}): Credentials {
  const resolved = resolveKubeconfig(files.map(readKubeconfig));
  const server = new URL(resolved.cluster.server);
  const plugin = resolved.user.exec ? 'exec' : resolved.user['auth-provider'] ? 'auth-provider' : undefined;
  const origin = { kind: 'kubeconfig' as const, files, user: resolved.userName };
  if (plugin) return pluginCredentials(resolved, server, { ...origin, plugin });
  const tls = tlsOf(resolved);
  const header = authorization(resolved.user, options);
  return {
    server,
    origin,
    auth: () => {
      const value = header();
      return Promise.resolve({ tls, headers: value ? { Authorization: value } : {} });
    },
  };
}
