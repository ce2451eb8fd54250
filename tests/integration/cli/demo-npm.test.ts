// `npm run demo` the way a user runs it: npm, its shell and the demo in one process group (the
// terminal's), Ctrl-C sent to the whole group, or SIGTERM sent to npm alone. Every way out must
// stop gracefully and remove the temp dir with the admin kubeconfig and PKI keys.
import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../../support/cluster.js';
import { repoRoot } from '../../support/paths.js';

interface NpmDemo {
  proc: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

function startNpmDemo(): NpmDemo {
  const bin = path.join(repoRoot, 'node_modules', '.bin');
  const proc = spawn('npm', ['run', 'demo'], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      DEMO_EXIT_AFTER_CONVERGE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  proc.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => text, exit };
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const killGroup = (pgid: number | undefined): void => {
  if (pgid !== undefined && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
};

describe('npm run demo, stopped the way a user stops it', () => {
  it.each<[string, (demo: NpmDemo) => void]>([
    ['Ctrl-C (SIGINT to the process group)', (demo) => process.kill(-(demo.proc.pid ?? 0), 'SIGINT')],
    ['SIGTERM to the npm process', (demo) => demo.proc.kill('SIGTERM')],
  ])(
    'stops gracefully, removes its files and leaves no process behind after %s',
    async (_case, stop) => {
      const demo = startNpmDemo();
      const pgid = demo.proc.pid;
      try {
        const [, dir = ''] = await eventually(
          async () => demo.output().match(/control plane files \(admin kubeconfig[^:]*: (\S+);/) ?? undefined,
          { timeoutMs: 300_000, intervalMs: 200, what: 'the files line' },
        );
        const hadKeys = existsSync(path.join(dir, 'pki'));

        stop(demo);
        await demo.exit;
        await eventually(async () => !groupAlive(pgid ?? 0) && !existsSync(dir), {
          timeoutMs: 60_000,
          what: 'every demo process gone and its files removed',
        }).catch(() => undefined);

        expect(hadKeys).toBe(true);
        expect(demo.output()).toMatch(/\[demo\] (SIGINT|SIGTERM|parent process gone): stopping/);
        expect(demo.output()).not.toMatch(/again: removing/);
        expect(demo.output()).toMatch(/\[demo\] cleaning up/);
        expect(existsSync(dir)).toBe(false);
        expect(groupAlive(pgid ?? 0)).toBe(false);
      } finally {
        killGroup(pgid);
      }
    },
    600_000,
  );
});
