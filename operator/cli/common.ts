import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type Catalog } from '../assets/catalog.js';
import { TemplateRenderer } from '../assets/renderer.js';
import { loadTombstones, type Tombstone } from '../assets/tombstones.js';
import { ConfigError, type FlagSpec } from '../config.js';
import { stringFlag, type ParsedFlags } from '../config/flags.js';
import { findPackageRoot } from '../config/package-root.js';
import { dnsLabel } from '../config/validators.js';
import { credentialSettingsFrom } from '../config/credential-settings.js';
import { loadCredentials } from '../kube/credentials/load.js';
import type { Credentials } from '../kube/credentials/types.js';
import { NodeKubeClient } from '../kube/node-client.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { checkReachable } from '../render/cluster-inputs.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where a command writes: stdout for results, stderr for warnings and errors. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Flags that `render` and `diff` share. */
export const previewFlags: FlagSpec = {
  namespace: {
    type: 'string',
    description: 'namespace of the HyperConverged CR (with --kubeconfig)',
    default: 'openshift-cnv',
    validate: dnsLabel,
  },
  asset: { type: 'string', description: 'only this asset (a catalog name, e.g. metrics-service)' },
  'templates-dir': {
    type: 'string',
    description: 'directory of catalog.yaml and the templates (default: the packaged templates/)',
  },
};

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--help' || arg === '-h');
}

export function noPositionals(flags: ParsedFlags, command: string): void {
  const [extra] = flags.positionals;
  if (extra !== undefined) throw new ConfigError(`${command}: unexpected argument "${extra}"`);
}

/** The catalog, renderer and tombstones from `--templates-dir` (default: the package's templates/), checking `--asset`. */
export function loadTemplates(flags: ParsedFlags): {
  catalog: Catalog;
  renderer: TemplateRenderer;
  tombstones: Tombstone[];
  only?: string;
} {
  const given = stringFlag(flags, 'templates-dir');
  const dir = given
    ? path.resolve(given)
    : path.join(findPackageRoot(path.dirname(fileURLToPath(import.meta.url))), 'templates');
  const catalog = loadCatalog(dir);
  const only = stringFlag(flags, 'asset');
  if (only !== undefined && !catalog.get(only)) {
    throw new ConfigError(
      `--asset: no asset "${only}"; known: ${catalog.assets.map((a) => a.name).join(', ')}`,
    );
  }
  return {
    catalog,
    renderer: new TemplateRenderer(dir),
    tombstones: loadTombstones(dir),
    ...(only !== undefined ? { only } : {}),
  };
}

/** Previews log nothing above error level, and never to stdout (that is the command's output). */
export function previewLogger(): Logger {
  return createLogger({ level: 'error', stream: process.stderr });
}

/**
 * Without --kubeconfig (or KUBECONFIG) client libraries fall back to ~/.kube/config, then to the
 * in-cluster service account, then silently to http://localhost:8080. Say so instead of the last.
 */
export function checkDefaultKubeconfig(env: Env): void {
  if (env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST) return;
  const home = env.HOME || os.homedir();
  if (existsSync(path.join(home, '.kube', 'config'))) return;
  throw new ConfigError(
    `no kubeconfig: give --kubeconfig=PATH or set KUBECONFIG (there is no ${path.join(home, '.kube', 'config')} and this is not a pod)`,
  );
}

/**
 * A client for a preview against a cluster: a short request timeout (a CLI must not hang for
 * minutes) and an early, clear failure when the server cannot be reached.
 */
export async function connect(kubeconfig: string | undefined, env: Env = {}): Promise<NodeKubeClient> {
  if (kubeconfig === undefined) checkDefaultKubeconfig(env);
  let credentials: Credentials;
  try {
    credentials = loadCredentials(credentialSettingsFrom(env, kubeconfig ? { kubeconfig } : {}));
  } catch (err) {
    throw new ConfigError(`--kubeconfig ${kubeconfig ?? '(default)'}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const client = new NodeKubeClient(credentials, {
    userAgent: 'virt-platform-autopilot-cli',
    requestTimeoutMs: 15_000,
  });
  try {
    await checkReachable(client, credentials.server.href.replace(/\/$/, ''));
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}
