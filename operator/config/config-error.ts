import { OperatorError } from '../errors.js';

/** A bad flag, environment value or bind address; the process exits with code 2. */
export class ConfigError extends OperatorError {}

/** Runs `check` and prefixes any ConfigError it throws with `subject` (e.g. `--resync-period`). */
export function about<T>(subject: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${subject}: ${err.message}`, { cause: err });
    throw err;
  }
}
