import path from 'node:path';
import { OperatorError } from '../../errors.js';

type Entry = Record<string, unknown>;

/** One kubeconfig file as parsed from YAML, with the path its relative file names are resolved against. */
export interface KubeconfigFile {
  path: string;
  doc: unknown;
}

/** The current context's cluster and user, with file names made absolute. */
export interface ResolvedKubeconfig {
  context: string;
  cluster: Entry & { server: string };
  clusterName: string;
  user: Entry;
  userName: string;
}

const CLUSTER_FILES = ['certificate-authority'];
const USER_FILES = ['client-certificate', 'client-key', 'tokenFile'];

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `name → body` of one list (`clusters`, `users`, `contexts`); the first file naming an entry wins (kubectl). */
function named(
  files: readonly KubeconfigFile[],
  list: string,
  key: string,
  fileKeys: string[] = [],
): Map<string, Entry> {
  const byName = new Map<string, Entry>();
  for (const file of files) {
    const items = isEntry(file.doc) && Array.isArray(file.doc[list]) ? file.doc[list] : [];
    for (const item of items as unknown[]) {
      if (!isEntry(item) || typeof item.name !== 'string' || byName.has(item.name)) continue;
      const body = isEntry(item[key]) ? { ...item[key] } : {};
      for (const fileKey of fileKeys) {
        const value = body[fileKey];
        if (typeof value === 'string' && value) body[fileKey] = path.resolve(path.dirname(file.path), value);
      }
      byName.set(item.name, body);
    }
  }
  return byName;
}

function currentContext(files: readonly KubeconfigFile[]): string {
  for (const file of files) {
    const value = isEntry(file.doc) ? file.doc['current-context'] : undefined;
    if (typeof value === 'string' && value) return value;
  }
  throw new OperatorError('kubeconfig has no current-context');
}

/**
 * Merges kubeconfig files the way kubectl does ($KUBECONFIG=a:b: the first file to name an entry
 * or set current-context wins) and picks the current context's cluster and user. Pure.
 */
export function resolveKubeconfig(files: readonly KubeconfigFile[]): ResolvedKubeconfig {
  const context = currentContext(files);
  const ctx = named(files, 'contexts', 'context').get(context);
  if (!ctx) throw new OperatorError(`kubeconfig context "${context}" is not defined`);
  const clusterName = typeof ctx.cluster === 'string' ? ctx.cluster : '';
  const cluster = named(files, 'clusters', 'cluster', CLUSTER_FILES).get(clusterName);
  if (!cluster)
    throw new OperatorError(`kubeconfig context "${context}": cluster "${clusterName}" is not defined`);
  if (typeof cluster.server !== 'string' || !cluster.server) {
    throw new OperatorError(`kubeconfig cluster "${clusterName}" has no server`);
  }
  const userName = typeof ctx.user === 'string' ? ctx.user : '';
  const user = userName ? named(files, 'users', 'user', USER_FILES).get(userName) : {};
  if (!user) throw new OperatorError(`kubeconfig context "${context}": user "${userName}" is not defined`);
  return { context, cluster: cluster as Entry & { server: string }, clusterName, user, userName };
}

/** A single-context kubeconfig document holding just the resolved entries (for client-node). */
export function singleContextDoc(resolved: ResolvedKubeconfig): Entry {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': resolved.context,
    contexts: [
      { name: resolved.context, context: { cluster: resolved.clusterName, user: resolved.userName } },
    ],
    clusters: [{ name: resolved.clusterName, cluster: resolved.cluster }],
    users: [{ name: resolved.userName, user: resolved.user }],
  };
}
