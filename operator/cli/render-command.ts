import { ConfigError, parseFlags, usage, type FlagSpec } from '../config.js';
import { booleanFlag, stringFlag, type ParsedFlags } from '../config/flags.js';
import { oneOf } from '../config/validators.js';
import type { KubeObject } from '../kube/types.js';
import { readClusterInputs } from '../render/cluster-inputs.js';
import { formatJson, formatStatus, formatYamlStream } from '../render/format.js';
import { parseHcoText, parseNodesText, readInputFile } from '../render/input-files.js';
import { contextOf, renderAssets, type PreviewSetup } from '../render/operations.js';
import type { AssetReport } from '../render/report.js';
import { formatFeatureStates } from '../render/features-doc.js';
import { featureViews } from '../render/features.js';
import type { RenderContext } from '../assets/context.js';
import {
  connect,
  loadTemplates,
  noPositionals,
  previewFlags,
  previewLogger,
  type CliOutput,
  type Env,
} from './common.js';

const OUTPUTS = ['status', 'yaml', 'json', 'features'] as const;

export const renderFlagSpec: FlagSpec = {
  'hco-file': { type: 'string', description: 'HyperConverged YAML or JSON file: render offline, no cluster' },
  'nodes-file': {
    type: 'string',
    description: 'Node, Node list or NodeList (YAML/JSON) for hardware and topology facts (with --hco-file)',
  },
  kubeconfig: { type: 'string', description: 'read the HCO, Nodes and topology from this cluster instead' },
  ...previewFlags,
  output: {
    type: 'string',
    description: 'status, yaml, json, or features (the feature catalog and what this HCO gets of it)',
    default: 'status',
    validate: oneOf(OUTPUTS),
  },
  raw: {
    type: 'boolean',
    description:
      "show the template's raw output instead of the object as applied (no ownership marks, no patch or ignore-fields)",
    default: 'false',
  },
};

export function renderHelp(): string {
  return `Usage: virt-platform-autopilot render (--hco-file=FILE [--nodes-file=FILE] | --kubeconfig=PATH) [flags]

Renders every asset as the operator would (same templates, conditions, allowlist and
disabled-resources rules) and says which are included and why the others are not.
Offline with --hco-file every kind counts as served; with --kubeconfig kinds whose CRD is
missing are excluded, and each object is shown as the operator would apply it: after the live
object's platform.kubevirt.io/patch and ignore-fields annotations (mode: unmanaged excludes it).
--raw shows the template's output instead.

Flags:
${usage(renderFlagSpec)}
Examples:
  virt-platform-autopilot render --hco-file=hco.yaml --nodes-file=nodes.yaml
  virt-platform-autopilot render --hco-file=hco.yaml --output=yaml | kubectl apply --dry-run=server -f -
  virt-platform-autopilot render --kubeconfig=$KUBECONFIG --asset=metrics-service --output=json
  virt-platform-autopilot render --hco-file=hco.yaml --output=features
`;
}

/** `virt-platform-autopilot render`: returns the exit code (input problems throw a ConfigError: 2). */
export async function runRender(argv: readonly string[], env: Env, io: CliOutput): Promise<number> {
  const flags = parseFlags(argv, renderFlagSpec);
  noPositionals(flags, 'render');
  const hcoFile = stringFlag(flags, 'hco-file');
  const kubeconfig = stringFlag(flags, 'kubeconfig');
  if ((hcoFile === undefined) === (kubeconfig === undefined)) {
    throw new ConfigError('give exactly one of --hco-file (offline) or --kubeconfig (from a cluster)');
  }
  if (kubeconfig !== undefined && flags.given.has('nodes-file')) {
    throw new ConfigError(
      '--nodes-file only applies with --hco-file (with --kubeconfig the Nodes come from the cluster)',
    );
  }
  const templates = loadTemplates(flags);
  const base = { ...templates, logger: previewLogger(), raw: booleanFlag(flags, 'raw') };
  const { reports, context } =
    hcoFile !== undefined
      ? await renderOffline({ ...base, ...offlineInputs(hcoFile, flags, env) })
      : await renderFromCluster(kubeconfig as string, stringFlag(flags, 'namespace') ?? '', { ...base, env });
  const output = stringFlag(flags, 'output') ?? 'status';
  if (output === 'features') io.out(formatFeatureStates(featureViews(templates.catalog, reports, context)));
  else write(reports, output, io);
  return 0;
}

function offlineInputs(hcoFile: string, flags: ParsedFlags, env: Env): Pick<PreviewSetup, 'context'> {
  const hco = parseHcoText(readInputFile(hcoFile), hcoFile);
  const nodesFile = stringFlag(flags, 'nodes-file');
  const nodes: KubeObject[] = nodesFile ? parseNodesText(readInputFile(nodesFile), nodesFile) : [];
  return { context: contextOf({ hco, nodes }, env) };
}

interface Rendered {
  reports: AssetReport[];
  context: RenderContext;
}

async function renderOffline(setup: PreviewSetup & { raw: boolean }): Promise<Rendered> {
  return { reports: await renderAssets(setup), context: setup.context };
}

async function renderFromCluster(
  kubeconfig: string,
  namespace: string,
  setup: Omit<PreviewSetup, 'context'> & { env: Env; raw: boolean },
): Promise<Rendered> {
  const client = await connect(kubeconfig, setup.env);
  try {
    const inputs = await readClusterInputs(client, { namespace, catalog: setup.catalog });
    const context = contextOf(inputs, setup.env);
    const reports = await renderAssets({ ...setup, context, cluster: { client } });
    return { reports, context };
  } finally {
    client.close();
  }
}

function write(reports: AssetReport[], output: string, io: CliOutput): void {
  if (output === 'json') io.out(formatJson(reports));
  else if (output === 'yaml') io.out(formatYamlStream(reports));
  else io.out(formatStatus(reports));
  const broken = reports.filter((r) => r.cause === 'held' || r.cause === 'render-error');
  if (output !== 'status' && broken.length > 0) {
    io.err(`warning: not rendered: ${broken.map((r) => `${r.asset} (${r.reason ?? r.cause})`).join('; ')}\n`);
  }
}
