import { ConfigError, parseRunConfig, runFlagSpec, usage } from '../config.js';
import { errorMessage } from '../errors.js';
import { runOperator } from '../main.js';
import { wantsHelp, type CliOutput, type Env } from './common.js';
import { diffHelp, runDiff } from './diff-command.js';
import { metricsHelp, runMetrics } from './metrics-command.js';
import { renderHelp, runRender } from './render-command.js';
import { runStatus, statusHelp } from './status-command.js';

const HELP = `virt-platform-autopilot: keeps an OpenShift Virtualization platform in its golden state.

Usage:
  virt-platform-autopilot [run] [flags]       run the operator (default)
  virt-platform-autopilot render [flags]      render the assets offline or from a cluster (see render --help)
  virt-platform-autopilot diff [flags]        show what the next reconcile would change (see diff --help)
  virt-platform-autopilot status [flags]      every asset: its object, compliance, customisations, deferrals (see status --help)
  virt-platform-autopilot metrics [flags]     print the operator's /metrics (the image has no curl; see metrics --help)

Run 'virt-platform-autopilot <command> --help' for a command's flags.
`;

function runHelp(): string {
  return `Usage: virt-platform-autopilot [run] [flags]

Runs the operator: keeps every enabled asset in its desired state until SIGTERM or SIGINT.

Flags:
${usage(runFlagSpec)}`;
}

const COMMANDS: Record<
  string,
  { help(): string; run(args: readonly string[], env: Env, io: CliOutput): Promise<number> }
> = {
  run: { help: runHelp, run: (args, env) => runOperator(parseRunConfig(args, env)) },
  render: { help: renderHelp, run: runRender },
  diff: { help: diffHelp, run: runDiff },
  status: { help: statusHelp, run: runStatus },
  metrics: { help: metricsHelp, run: runMetrics },
};

const processOutput: CliOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * Dispatches a command line; returns the exit code. 2 = bad usage or configuration, and for
 * render and diff any error (diff uses 1 for "differences found").
 */
export async function runCli(
  argv: readonly string[],
  env: Env,
  io: CliOutput = processOutput,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(HELP);
    return 0;
  }
  const name = first === undefined || first.startsWith('-') ? 'run' : first;
  const args = name === 'run' && first !== 'run' ? argv : rest;
  const command = COMMANDS[name];
  if (!Object.hasOwn(COMMANDS, name) || command === undefined) {
    io.err(`virt-platform-autopilot: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  if (wantsHelp(args)) {
    io.out(command.help());
    return 0;
  }
  try {
    return await command.run(args, env, io);
  } catch (err) {
    io.err(`virt-platform-autopilot ${name}: ${errorMessage(err)}\n`);
    return err instanceof ConfigError || name !== 'run' ? 2 : 1;
  }
}
