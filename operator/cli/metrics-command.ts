import { ConfigError, parseFlags, usage, type FlagSpec } from '../config.js';
import { stringFlag } from '../config/flags.js';
import { OperatorError } from '../errors.js';
import { noPositionals, type CliOutput, type Env } from './common.js';

export const metricsFlagSpec: FlagSpec = {
  address: {
    type: 'string',
    description: 'host:port of the operator metrics server',
    default: '127.0.0.1:8080',
  },
  prefix: {
    type: 'string',
    description: 'only lines that start with this (e.g. virt_platform_compliance_status)',
  },
};

export function metricsHelp(): string {
  return `Usage: virt-platform-autopilot metrics [--address=HOST:PORT] [--prefix=NAME]

Prints the operator's /metrics (Prometheus text format). The runtime image has no curl; run it
inside the operator's container:

  kubectl exec -n openshift-cnv deploy/virt-platform-autopilot -- \\
    node dist/operator/cli/bin.js metrics --prefix=virt_platform_compliance_status

Exit status: 0 printed, 2 the server could not be reached or answered an error.

Flags:
${usage(metricsFlagSpec)}`;
}

/** `virt-platform-autopilot metrics`: one GET of http://ADDRESS/metrics. */
export async function runMetrics(argv: readonly string[], _env: Env, io: CliOutput): Promise<number> {
  const flags = parseFlags(argv, metricsFlagSpec);
  noPositionals(flags, 'metrics');
  const address = stringFlag(flags, 'address') ?? '';
  if (!/^[^/\s]+:\d+$/.test(address)) throw new ConfigError(`--address: "${address}" is not HOST:PORT`);
  const url = `http://${address}/metrics`;
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    throw new OperatorError(`GET ${url} failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const prefix = stringFlag(flags, 'prefix');
  const lines = text.split('\n').filter((line) => line !== '' && (!prefix || line.startsWith(prefix)));
  io.out(lines.length ? `${lines.join('\n')}\n` : '');
  return 0;
}
