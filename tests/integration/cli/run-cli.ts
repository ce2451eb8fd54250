import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `virt-platform-autopilot ARGS` as a real child process (the package bin through tsx). */
export function runBin(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(repoRoot, 'operator', 'cli', 'bin.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export const fixture = (...parts: string[]): string => path.join(repoRoot, 'tests', 'fixtures', ...parts);

/** Writes `text` to a fresh file in the OS temp directory and returns its path. */
export function tempFile(name: string, text: string): string {
  const file = path.join(os.tmpdir(), `autopilot-cli-${process.pid}-${Date.now()}-${name}`);
  writeFileSync(file, text);
  return file;
}
