import { SERVICE_ACCOUNT_DIR } from './credential-settings.js';
import type { FlagSpec } from './flags.js';
import {
  bindAddressOrDisabled,
  dnsLabel,
  dnsSubdomain,
  loopbackBindAddress,
  oneOf,
  positiveDuration,
  positiveInteger,
  positiveNumber,
} from './validators.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** The flags of `virt-platform-autopilot run`, in controller-runtime style. */
export const runFlagSpec: FlagSpec = {
  namespace: {
    type: 'string',
    description: "namespace of the HyperConverged CR and of the operator's own objects",
    default: 'openshift-cnv',
    env: 'POD_NAMESPACE',
    validate: dnsLabel,
  },
  kubeconfig: { type: 'string', description: 'kubeconfig file (else in-cluster config)', env: 'KUBECONFIG' },
  'service-account-dir': {
    type: 'string',
    description: 'directory of the in-cluster ServiceAccount token and ca.crt (without --kubeconfig)',
    default: SERVICE_ACCOUNT_DIR,
  },
  'metrics-bind-address': {
    type: 'string',
    description: "address of the /metrics server ('0' disables it)",
    default: ':8080',
    validate: bindAddressOrDisabled,
  },
  'health-probe-bind-address': {
    type: 'string',
    description: "address of the /healthz and /readyz server ('0' disables it)",
    default: ':8082',
    validate: bindAddressOrDisabled,
  },
  'debug-bind-address': {
    type: 'string',
    description: 'address of the /debug server; must be a loopback address',
    default: '127.0.0.1:8081',
    validate: loopbackBindAddress,
  },
  'enable-debug-server': { type: 'boolean', description: 'start the debug server', default: 'true' },
  'leader-elect': { type: 'boolean', description: 'elect a leader through a Lease', default: 'false' },
  'leader-election-id': {
    type: 'string',
    description: 'name of the leader-election Lease',
    default: 'virt-platform-autopilot',
    validate: dnsSubdomain,
  },
  'leader-elect-lease-duration': {
    type: 'duration',
    description: 'how long non-leaders wait before taking over an unrenewed Lease',
    default: '15s',
    validate: positiveDuration,
  },
  'leader-elect-renew-deadline': {
    type: 'duration',
    description: 'how long the leader keeps retrying to renew before it steps down',
    default: '10s',
    validate: positiveDuration,
  },
  'leader-elect-retry-period': {
    type: 'duration',
    description: 'interval between leader-election attempts',
    default: '2s',
    validate: positiveDuration,
  },
  'resync-period': {
    type: 'duration',
    description: 'interval of the periodic full reconcile',
    default: '5m',
    validate: positiveDuration,
  },
  'graceful-shutdown-timeout': {
    type: 'duration',
    description: 'time allowed for in-flight work after SIGTERM',
    default: '30s',
  },
  'throttle-burst': {
    type: 'number',
    description: 'updates allowed per object before throttling starts',
    default: '5',
    validate: positiveInteger,
  },
  'throttle-refill-per-minute': {
    type: 'number',
    description: 'update tokens regained per object per minute',
    default: '1',
    validate: positiveNumber,
  },
  'throttle-strict-burst': {
    type: 'number',
    description: 'burst for node-rebooting kinds (MachineConfig, KubeletConfig)',
    default: '2',
    validate: positiveInteger,
  },
  'log-level': {
    type: 'string',
    description: `log level: ${LOG_LEVELS.join(', ')}`,
    default: 'info',
    aliases: ['zap-log-level'],
    validate: oneOf(LOG_LEVELS),
  },
  'templates-dir': {
    type: 'string',
    description: 'directory of catalog.yaml and the templates (default: the packaged templates/)',
  },
};
