import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startControlPlane } from '../../../hack/control-plane.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { ControlPlane } from '../../support/control-plane/control-plane.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { repoRoot } from '../../support/paths.js';
import { forDemo, runbookCommands, whyNotInCi, type RunbookCommand } from '../../support/runbook-commands.js';
import { seedSamplePlatform } from '../../support/sample-platform.js';

const RUNBOOKS = path.join(repoRoot, 'docs', 'runbooks');

interface Ran {
  where: string;
  command: string;
  code: number;
  stderr: string;
}

/** A pipeline ending in grep exits 1 when nothing matched: fine, as long as nothing complained. */
function succeeded(ran: Ran): boolean {
  if (ran.code === 0) return true;
  if (/^virt-platform-autopilot diff\b/.test(ran.command)) {
    return ran.code <= 2 && !ran.stderr.includes('virt-platform-autopilot diff:');
  }
  return ran.code === 1 && ran.stderr.trim() === '';
}

/**
 * Every shell command in docs/runbooks/*.md that can run against the demo's kind of control plane
 * (the operator in this process, the sample platform seeded) runs here, in document order, with
 * the placeholders set to the metrics Service and localhost:8080/8081 pointed at the operator's
 * loopback ports. The others are listed with the reason (a pod, OpenShift, a two-minute wait).
 */
describe('the runbook commands, against a demo control plane', () => {
  let plane: ControlPlane;
  let op: RunningOperator;
  let bin: string;
  let work: string;

  beforeAll(async () => {
    plane = await startControlPlane(() => undefined);
    const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-tests' });
    await seedSamplePlatform(client, 'autopilot-tests');
    client.close();
    op = await startOperator({
      namespace: 'openshift-cnv',
      kubeconfig: plane.kubeconfigPath,
      flags: ['--leader-elect=true'],
    });
    await waitForCompliance(
      op,
      { kind: 'Service', name: 'virt-platform-autopilot-metrics', namespace: 'openshift-cnv' },
      1,
    );
    bin = mkdtempSync(path.join(os.tmpdir(), 'autopilot-runbook-bin-'));
    work = mkdtempSync(path.join(os.tmpdir(), 'autopilot-runbook-work-'));
    const cli = path.join(bin, 'virt-platform-autopilot');
    writeFileSync(
      cli,
      `#!/bin/sh\nexec "${path.join(repoRoot, 'node_modules', '.bin', 'tsx')}" "${path.join(repoRoot, 'operator', 'cli', 'bin.ts')}" "$@"\n`,
    );
    chmodSync(cli, 0o755);
    if (plane.binaries.kubectl) symlinkSync(plane.binaries.kubectl, path.join(bin, 'kubectl'));
  }, 180_000);
  afterAll(async () => {
    await op?.stop();
    await plane?.stop();
    for (const dir of [bin, work]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (command: RunbookCommand, text: string): Promise<Ran> =>
    new Promise((resolve) =>
      execFile(
        'bash',
        ['-o', 'pipefail', '-c', text],
        {
          cwd: work,
          timeout: 120_000,
          maxBuffer: 16 * 1024 * 1024,
          env: { ...process.env, KUBECONFIG: plane.kubeconfigPath, PATH: `${bin}:${process.env.PATH ?? ''}` },
        },
        (err, _stdout, stderr) =>
          resolve({
            where: `${command.file}:${command.line}`,
            command: text,
            code: err ? (typeof err.code === 'number' ? err.code : -1) : 0,
            stderr,
          }),
      ),
    );

  it('runs every command that can run here, and each succeeds', async () => {
    const ports = {
      metrics: Number(new URL(op.metricsUrl).port),
      debug: Number(new URL(op.debugUrl).port),
    };
    const runnable = runbookCommands(RUNBOOKS).filter((c) => whyNotInCi(c.text) === undefined);
    const failed: Ran[] = [];

    for (const command of runnable) {
      const ran = await run(command, forDemo(command.text, ports));
      if (!succeeded(ran)) failed.push(ran);
    }

    expect(runnable.length).toBeGreaterThan(50);
    expect(failed).toEqual([]);
  }, 900_000);
});
