import http from 'node:http';
import https from 'node:https';
import { KubeApiError } from '../errors.js';
import type { ResourceInfo } from './types.js';

/** Plain HTTP plumbing of the client: no client-node here. */
export interface RawResponse {
  status: number;
  body: string;
}

export interface RequestSpec {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export function transport(url: URL): typeof https | typeof http {
  return url.protocol === 'https:' ? https : http;
}

export function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  return info.namespaced && namespace
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`
    : `${base}/${info.plural}`;
}

export function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

export function describe(ref: {
  kind: string;
  name?: string;
  namespace?: string;
  metadata?: { name?: string; namespace?: string };
}): string {
  const name = ref.metadata?.name ?? ref.name ?? '';
  const namespace = ref.metadata?.namespace ?? ref.namespace;
  return namespace ? `${ref.kind}/${namespace}/${name}` : `${ref.kind}/${name}`;
}

/** `apply MachineConfig/50-swap failed (HTTP 422): <server message>` */
export function apiError(what: string, res: RawResponse): KubeApiError {
  let reason = '';
  let message = res.body.slice(0, 500);
  try {
    const status = JSON.parse(res.body) as { reason?: string; message?: string };
    reason = status.reason ?? '';
    message = status.message ?? message;
  } catch {
    // not a Status object; keep the raw text
  }
  return new KubeApiError(`${what} failed (HTTP ${res.status}): ${message}`, res.status, reason);
}
