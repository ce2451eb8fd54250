import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config/config-error.js';
import { credentialSettingsFrom } from './config/credential-settings.js';
import { formatDuration } from './config/duration.js';
import { applyEnvFallback, booleanFlag, numberFlag, parseFlags, stringFlag } from './config/flags.js';
import type { ParsedFlags } from './config/flags.js';
import { findPackageRoot } from './config/package-root.js';
import { imagesFromEnv } from './assets/context.js';
import { LOG_LEVELS, runFlagSpec } from './config/run-flags.js';
import type { CredentialSettings } from './kube/credentials/types.js';

export { ConfigError } from './config/config-error.js';
export { formatDuration, parseDuration } from './config/duration.js';
export { parseFlags } from './config/flags.js';
export type { FlagDef, FlagSpec, FlagType, FlagValue, ParsedFlags } from './config/flags.js';
export { usage } from './config/usage.js';
export { runFlagSpec } from './config/run-flags.js';
export { credentialSettingsFrom } from './config/credential-settings.js';

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Token-bucket settings per managed object; `strictBurst` applies to MachineConfig and KubeletConfig. */
export interface ThrottleSettings {
  burst: number;
  refillPerMinute: number;
  strictBurst: number;
}

/** Everything the operator reads from flags and the environment, as typed values, validated and frozen. */
export interface Config {
  namespace: string;
  kubeconfig?: string;
  /** Where the API server credentials come from: kubeconfig, in-cluster ServiceAccount, ~/.kube/config. */
  credentials: CredentialSettings;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  debugBindAddress: string;
  enableDebugServer: boolean;
  leaderElect: boolean;
  leaderElectionId: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resyncPeriodMs: number;
  shutdownTimeoutMs: number;
  throttle: ThrottleSettings;
  logLevel: LogLevel;
  identity: string;
  templatesDir: string;
  /** `RELATED_IMAGE_KUBE_RBAC_PROXY=img` as `{ 'kube-rbac-proxy': 'img' }`, parsed once here. */
  images: Readonly<Record<string, string>>;
}

type Env = Readonly<Record<string, string | undefined>>;

// client-go's leader-election JitterFactor: the renew deadline must outlast a jittered retry.
const JITTER_FACTOR = 1.2;

function identityFrom(env: Env): string {
  return env['POD_NAME'] || `${hostname()}_${randomBytes(4).toString('hex')}`;
}

function defaultTemplatesDir(): string {
  return path.join(findPackageRoot(path.dirname(fileURLToPath(import.meta.url))), 'templates');
}

/** client-go's leader-election rules, named after the flags a user would change. */
function checkLeaderTimings(config: Config): void {
  const { leaseDurationMs: lease, renewDeadlineMs: renew, retryPeriodMs: retry } = config;
  if (renew >= lease) {
    throw new ConfigError(
      `--leader-elect-renew-deadline: ${formatDuration(renew)} must be shorter than --leader-elect-lease-duration (${formatDuration(lease)})`,
    );
  }
  if (renew <= retry * JITTER_FACTOR) {
    throw new ConfigError(
      `--leader-elect-retry-period: ${formatDuration(retry)} must be shorter than --leader-elect-renew-deadline / ${JITTER_FACTOR} (${formatDuration(renew)} / ${JITTER_FACTOR})`,
    );
  }
}

function configFrom(flags: ParsedFlags, env: Env): Config {
  const kubeconfig = stringFlag(flags, 'kubeconfig');
  const templatesDir = stringFlag(flags, 'templates-dir');
  return {
    namespace: stringFlag(flags, 'namespace') ?? '',
    ...(kubeconfig ? { kubeconfig } : {}),
    credentials: credentialSettingsFrom(env, {
      ...(kubeconfig ? { kubeconfig } : {}),
      serviceAccountDir: stringFlag(flags, 'service-account-dir') ?? '',
    }),
    metricsBindAddress: stringFlag(flags, 'metrics-bind-address') ?? '',
    healthProbeBindAddress: stringFlag(flags, 'health-probe-bind-address') ?? '',
    debugBindAddress: stringFlag(flags, 'debug-bind-address') ?? '',
    enableDebugServer: booleanFlag(flags, 'enable-debug-server'),
    leaderElect: booleanFlag(flags, 'leader-elect'),
    leaderElectionId: stringFlag(flags, 'leader-election-id') ?? '',
    leaseDurationMs: numberFlag(flags, 'leader-elect-lease-duration'),
    renewDeadlineMs: numberFlag(flags, 'leader-elect-renew-deadline'),
    retryPeriodMs: numberFlag(flags, 'leader-elect-retry-period'),
    resyncPeriodMs: numberFlag(flags, 'resync-period'),
    shutdownTimeoutMs: numberFlag(flags, 'graceful-shutdown-timeout'),
    throttle: Object.freeze({
      burst: numberFlag(flags, 'throttle-burst'),
      refillPerMinute: numberFlag(flags, 'throttle-refill-per-minute'),
      strictBurst: numberFlag(flags, 'throttle-strict-burst'),
    }),
    logLevel: (stringFlag(flags, 'log-level') ?? 'info') as LogLevel,
    identity: identityFrom(env),
    templatesDir: templatesDir ? path.resolve(templatesDir) : defaultTemplatesDir(),
    images: Object.freeze(imagesFromEnv({ ...env })),
  };
}

/**
 * Builds the frozen run configuration from `run`'s arguments and the environment. A flag beats
 * its environment variable, which beats the default; any bad value throws a ConfigError naming it.
 */
export function parseRunConfig(argv: readonly string[], env: Env): Config {
  const flags = applyEnvFallback(parseFlags(argv, runFlagSpec), runFlagSpec, env);
  const [extra] = flags.positionals;
  if (extra !== undefined) throw new ConfigError(`run: unexpected argument "${extra}"`);
  const config = configFrom(flags, env);
  checkLeaderTimings(config);
  return Object.freeze(config);
}
