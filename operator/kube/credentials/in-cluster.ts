import { OperatorError } from '../../errors.js';
import { readText, tokenFromFile, type TokenFileOptions } from './token-file.js';
import type { Credentials, InClusterSettings } from './types.js';

/** True when the settings say this process runs in a Pod (client-go's rule: host and port set). */
export function inClusterAvailable(settings: InClusterSettings): boolean {
  return Boolean(settings.host && settings.port);
}

/** `https://host:port`, with an IPv6 host in brackets. */
export function inClusterServer(host: string, port: string): URL {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return new URL(`https://${bracketed}:${port}`);
}

/**
 * The Pod's ServiceAccount: the API server from KUBERNETES_SERVICE_HOST/PORT, the cluster CA, and
 * the projected token, re-read as the kubelet rotates it.
 */
export function inClusterCredentials(
  settings: InClusterSettings,
  options: TokenFileOptions = {},
): Credentials {
  const { host, port, tokenFile, caFile } = settings;
  if (!host || !port) {
    throw new OperatorError(
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set',
    );
  }
  const server = inClusterServer(host, port);
  const token = tokenFromFile(tokenFile, options);
  const tls = { ca: readText(caFile, 'CA file'), rejectUnauthorized: true };
  return {
    server,
    origin: { kind: 'in-cluster', files: [tokenFile, caFile] },
    auth: () => Promise.resolve({ tls, headers: { Authorization: `Bearer ${token()}` } }),
  };
}
