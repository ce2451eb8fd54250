import { parseFlags, usage, type FlagSpec } from '../config.js';
import { applyEnvFallback, stringFlag } from '../config/flags.js';
import { oneOf } from '../config/validators.js';
import { readClusterInputs } from '../render/cluster-inputs.js';
import { formatJson } from '../render/format.js';
import { contextOf, diffAssets } from '../render/operations.js';
import { readOperatorEvents } from '../render/operator-events.js';
import { statusOf } from '../render/status.js';
import { formatStatusTable } from '../render/status-format.js';
import {
  connect,
  loadTemplates,
  noPositionals,
  previewFlags,
  previewLogger,
  type CliOutput,
  type Env,
} from './common.js';

export const statusFlagSpec: FlagSpec = {
  kubeconfig: { type: 'string', description: 'kubeconfig of the cluster', env: 'KUBECONFIG' },
  ...previewFlags,
  output: {
    type: 'string',
    description: 'table or json',
    default: 'table',
    validate: oneOf(['table', 'json']),
  },
};

export function statusHelp(): string {
  return `Usage: virt-platform-autopilot status --kubeconfig=PATH [flags]

Every catalog asset with its object and what the autopilot reports about it:
  COMPLIANCE  compliant, drifted, missing, held, failed, unmanaged or not-managed (excluded,
              not enabled, CRD missing): computed now, with the operator's own pipeline steps and
              a Server-Side Apply dry-run (as 'diff' does; nothing is written)
  REASON      why it is not compliant or not managed
  CUSTOMISED  the patch, ignore-fields and mode annotations in effect on the live object
  DEFERRALS   corrections the token bucket deferred in the last hour (an edit war), from the
              operator's Throttled Events (series count), with the time of the last one
  POOL WAIT   a MachineConfigPool wait, from the operator's WaitingForPool Event, while it is the
              latest thing the operator said about the object
  LAST EVENT  the operator's latest Event about the object (reason and age)
Events are read from events.k8s.io with reportingController=virt-platform-autopilot, so status
needs no access to the operator's pod or ports.

Exit status: 0 when the status was read, 2 on error (bad flags, no kubeconfig, unreachable server).

Flags:
${usage(statusFlagSpec)}
Examples:
  virt-platform-autopilot status --kubeconfig=$HOME/.kube/config
  virt-platform-autopilot status --output=json | jq '.[] | select(.compliance != "compliant")'
`;
}

/** `virt-platform-autopilot status`: 0 once printed; errors throw (exit 2). */
export async function runStatus(argv: readonly string[], env: Env, io: CliOutput): Promise<number> {
  const flags = applyEnvFallback(parseFlags(argv, statusFlagSpec), statusFlagSpec, env);
  noPositionals(flags, 'status');
  const templates = loadTemplates(flags);
  const client = await connect(stringFlag(flags, 'kubeconfig'), env);
  try {
    const inputs = await readClusterInputs(client, {
      namespace: stringFlag(flags, 'namespace') ?? '',
      catalog: templates.catalog,
    });
    const diffs = await diffAssets({
      ...templates,
      client,
      context: contextOf(inputs, env),
      logger: previewLogger(),
    });
    const events = await readOperatorEvents(client);
    const now = Date.now();
    const rows = diffs.map((diff) => statusOf(diff, events, now));
    io.out(stringFlag(flags, 'output') === 'json' ? formatJson(rows) : formatStatusTable(rows, now));
    return 0;
  } finally {
    client.close();
  }
}
