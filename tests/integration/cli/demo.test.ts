import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from '../../support/paths.js';

/** Runs `npx tsx hack/demo.ts` to completion (it starts and stops its own control plane). */
function runDemo(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'hack/demo.ts'],
      {
        cwd: repoRoot,
        env: { ...process.env, DEMO_EXIT_AFTER_CONVERGE: '1' },
        timeout: 540_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('npm run demo', () => {
  it('reaches "all assets compliant", shows the patch annotation taking effect and cleans up', async () => {
    const { code, output } = await runDemo();

    expect({ code, tail: output.slice(-3000) }).toMatchObject({ code: 0 });
    // 32 + the 38 in-flight-operation rule sets; the metrics exporter stays out (the demo sets no RELATED_IMAGE_*).
    expect(output).toMatch(/\[demo\] all assets compliant \(70 enabled\) [\d.]+s after the operator started/);
    expect(output).toContain('spec.sessionAffinity None -> ClientIP');
    const planeDir = /(\S*\/autopilot-envtest-\w+)\/operator\.log/.exec(output)?.[1];
    expect(planeDir).toBeDefined();
    expect(existsSync(planeDir as string)).toBe(false);
  }, 600_000);
});
