import { describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../../support/cluster.js';
import { repoRoot } from '../../support/paths.js';

interface Demo {
  proc: ChildProcess;
  output(): string;
  exit: Promise<number | null>;
}

/**
 * Starts hack/demo.ts (one Node process, tsx as a loader, so signals reach the demo itself)
 * running until a signal, collecting everything it prints.
 */
function startDemo(): Demo {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'hack/demo.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DEMO_EXIT_AFTER_CONVERGE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  proc.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => text, exit };
}

const waitForOutput = (demo: Demo, pattern: RegExp, what: string): Promise<RegExpMatchArray> =>
  eventually(async () => demo.output().match(pattern) ?? undefined, {
    timeoutMs: 300_000,
    intervalMs: 200,
    what,
  });

function sh(command: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile('sh', ['-c', command], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: stdout + stderr }),
    ),
  );
}

describe('npm run demo, until Ctrl-C', () => {
  it('keeps the table live, prints kubectl commands that work, and removes its files on Ctrl-C', async () => {
    const demo = startDemo();
    try {
      const [, dir = ''] = await waitForOutput(
        demo,
        /control plane files \(admin kubeconfig[^:]*: (\S+);/,
        'the files line',
      );
      await waitForOutput(demo, /\[demo\] running until Ctrl-C/, 'the try-it text');
      const exported = demo.output().match(/\[demo\]\s+(export KUBECONFIG=\S+)/)?.[1];
      const held = demo
        .output()
        .match(/\[demo\]\s+(\S+ annotate \S+ -n \S+ .*\/metadata\/name.*?')\s+# a bad patch/)?.[1];
      const before = demo.output().length;

      const result = await sh(`${exported ?? 'false'}; ${held ?? 'false'}`);
      expect(result).toMatchObject({ code: 0 });
      await waitForOutput(demo, /\nmetrics-service\s+NOT OK\s+held\s/, 'a held row in the live table');
      demo.proc.kill('SIGINT');
      const code = await demo.exit;

      expect(result).toMatchObject({ code: 0 });
      expect(held).toMatch(
        /^\/\S+\/kubectl annotate service\/virt-platform-autopilot-metrics -n openshift-cnv /,
      );
      expect(existsSync(held?.split(' ')[0] ?? '')).toBe(true);
      expect(demo.output().slice(before)).toMatch(/metrics-service\s+NOT OK\s+held/);
      expect(demo.output()).toMatch(/health\s+http:\/\/127\.0\.0\.1:\d+\/healthz/);
      expect(demo.output()).toMatch(/docs\/runbooks\/README\.md/);
      expect(code).toBe(0);
      expect(existsSync(dir)).toBe(false);
    } finally {
      demo.proc.kill('SIGKILL');
    }
  }, 600_000);

  it.each<[string, NodeJS.Signals[]]>([
    ['SIGTERM', ['SIGTERM']],
    ['one Ctrl-C delivered twice (terminal and a wrapper)', ['SIGINT', 'SIGINT']],
  ])(
    'removes its files (credentials included) after %s while it starts',
    async (_case, signals) => {
      const demo = startDemo();
      try {
        const [, dir = ''] = await waitForOutput(
          demo,
          /control plane files \(admin kubeconfig[^:]*: (\S+);/,
          'the files line',
        );
        const hadFiles = existsSync(path.join(dir, 'pki'));

        for (const signal of signals) demo.proc.kill(signal);
        await demo.exit;

        expect(hadFiles).toBe(true);
        expect(existsSync(dir)).toBe(false);
      } finally {
        demo.proc.kill('SIGKILL');
      }
    },
    600_000,
  );
});
