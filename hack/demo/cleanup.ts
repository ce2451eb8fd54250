// The demo's cleanup: its temp dir holds the control plane's admin kubeconfig and certificates, so
// it is removed on every way out: normal end, error, Ctrl-C, SIGTERM, a second signal, process.exit.
import { rmSync } from 'node:fs';

export type CleanupStep = () => Promise<void> | void;

const STEP_TIMEOUT_MS = 15_000;

export class Cleanup {
  private readonly steps: CleanupStep[] = [];
  private readonly dirs = new Set<string>();
  private running?: Promise<void>;

  /** Runs before the steps added earlier (last in, first out). */
  add(step: CleanupStep): void {
    this.steps.unshift(step);
  }

  /** Removed synchronously at the end of cleanup and, whatever happens, when the process exits. */
  removeDirOnExit(dir: string): void {
    this.dirs.add(dir);
  }

  /** Every step once, each bounded in time and isolated from the others' failures; then the dirs. */
  run(log: (line: string) => void): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps) {
        try {
          await Promise.race([
            step(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('timed out')), STEP_TIMEOUT_MS).unref(),
            ),
          ]);
        } catch (err) {
          log(`cleanup step failed (${err instanceof Error ? err.message : String(err)}); continuing`);
        }
      }
      this.removeDirs();
    })();
    return this.running;
  }

  /** Synchronous: safe in an 'exit' handler. */
  removeDirs(): void {
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}
