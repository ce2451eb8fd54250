import { ConfigError, parseRunConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { runOperator } from '../main.js';

const HELP = `virt-platform-autopilot: keeps an OpenShift Virtualization platform in its golden state.

Usage:
  virt-platform-autopilot [run] [flags]       run the operator (default)
  virt-platform-autopilot render [flags]      render the assets offline (see render --help)
  virt-platform-autopilot diff [flags]        show what the next reconcile would change (see diff --help)

Run 'virt-platform-autopilot run --help' for the operator's flags.
`;

/** Dispatches a command line; returns the exit code (2 = bad usage or configuration). */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const command = first === undefined || first.startsWith('-') ? 'run' : first;
  const args = command === 'run' && first !== 'run' ? argv : rest;
  try {
    switch (command) {
      case 'run':
        return await runOperator(parseRunConfig(args, env));
      default:
        process.stderr.write(`virt-platform-autopilot: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`virt-platform-autopilot ${command}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`virt-platform-autopilot ${command}: ${errorMessage(err)}\n`);
    return 1;
  }
}
