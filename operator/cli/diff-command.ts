import { parseFlags, usage, type FlagSpec } from '../config.js';
import { applyEnvFallback, stringFlag } from '../config/flags.js';
import { oneOf } from '../config/validators.js';
import { readClusterInputs } from '../render/cluster-inputs.js';
import { diffExitCode } from '../render/diff.js';
import { formatDiff } from '../render/diff-format.js';
import { formatJson } from '../render/format.js';
import { contextOf, diffAssets } from '../render/operations.js';
import {
  connect,
  loadTemplates,
  noPositionals,
  previewFlags,
  previewLogger,
  type CliOutput,
  type Env,
} from './common.js';

export const diffFlagSpec: FlagSpec = {
  kubeconfig: { type: 'string', description: 'kubeconfig of the cluster to compare', env: 'KUBECONFIG' },
  ...previewFlags,
  output: { type: 'string', description: 'text or json', default: 'text', validate: oneOf(['text', 'json']) },
};

export function diffHelp(): string {
  return `Usage: virt-platform-autopilot diff --kubeconfig=PATH [flags]

Shows what the operator's next reconcile would change, per object: it runs the operator's own
pipeline steps (render, disabled-resources, read live, opt-out, patch, ignore-fields, drift)
against the cluster, with Server-Side Apply dry-runs only; it never writes. Changed fields are
listed with their live and desired values and the customisation annotation behind them.

Exit status: 0 no differences, 1 differences, 2 error (bad flags, no kubeconfig, unreachable
server, a dry-run the server refused, or an object held by an invalid annotation: the operator
cannot reconcile it until the annotation is fixed).

Flags:
${usage(diffFlagSpec)}
Examples:
  virt-platform-autopilot diff --kubeconfig=$HOME/.kube/config
  virt-platform-autopilot diff --kubeconfig=$KUBECONFIG --asset=kubelet-tunings --output=json
`;
}

/** `virt-platform-autopilot diff`: 0 no differences, 1 differences; errors throw (exit 2). */
export async function runDiff(argv: readonly string[], env: Env, io: CliOutput): Promise<number> {
  const flags = applyEnvFallback(parseFlags(argv, diffFlagSpec), diffFlagSpec, env);
  noPositionals(flags, 'diff');
  const templates = loadTemplates(flags);
  const namespace = stringFlag(flags, 'namespace') ?? '';
  const client = await connect(stringFlag(flags, 'kubeconfig'), env);
  try {
    const inputs = await readClusterInputs(client, { namespace, catalog: templates.catalog });
    const diffs = await diffAssets({
      ...templates,
      client,
      context: contextOf(inputs, env),
      logger: previewLogger(),
    });
    io.out(stringFlag(flags, 'output') === 'json' ? formatJson(diffs) : formatDiff(diffs));
    return diffExitCode(diffs);
  } finally {
    client.close();
  }
}
