// Starts or stops a local control plane (etcd + kube-apiserver with every CRD the autopilot uses),
// the same harness the integration tests use, without the operator:
//
//   npx tsx hack/control-plane.ts start    start it in the background, print its kubeconfig path
//   npx tsx hack/control-plane.ts status   print the kubeconfig path when it is running
//   npx tsx hack/control-plane.ts stop     stop it and remove its files
//
// `start` leaves a small holder process behind that owns etcd and kube-apiserver (they die with it,
// see tests/support/control-plane/process.ts); its pid and the kubeconfig path are kept in a state
// file (CONTROL_PLANE_STATE, default $TMPDIR/virt-platform-autopilot-control-plane.json).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadKubeConfig, NodeKubeClient } from '../operator/kube/node-client.js';
import { ControlPlane } from '../tests/support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../tests/support/control-plane/crds.js';
import { crdDir, localCrdDir, repoRoot } from '../tests/support/paths.js';

interface State {
  pid: number;
  kubeconfig: string;
  server: string;
}

const stateFile =
  process.env.CONTROL_PLANE_STATE ?? path.join(os.tmpdir(), 'virt-platform-autopilot-control-plane.json');
const logFile = stateFile.replace(/\.json$/, '') + '.log';

/**
 * Starts a control plane, installs every CRD from tests/fixtures and creates namespace openshift-cnv.
 * `onCreated` learns its directory (certificates, admin kubeconfig) before anything can fail.
 */
export async function startControlPlane(
  log: (line: string) => void,
  onCreated: (dir: string) => void = () => undefined,
): Promise<ControlPlane> {
  const plane = new ControlPlane({ log });
  onCreated(plane.dir);
  try {
    await plane.start();
  } catch (err) {
    await plane.stop(); // removes its directory: certificates and the admin kubeconfig
    throw err;
  }
  const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-hack' });
  try {
    const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
    const started = Date.now();
    await installCrds(client, crds);
    log(`installed ${crds.length} CRDs in ${Date.now() - started} ms`);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-cnv' } };
    await client.apply(ns, { fieldManager: 'autopilot-hack', force: true, dryRun: false });
  } catch (err) {
    await plane.stop();
    throw err;
  } finally {
    client.close();
  }
  return plane;
}

function readState(): State | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function poll(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function printStarted(state: State): void {
  process.stdout.write(
    `${state.kubeconfig}\n` +
      `control plane at ${state.server} (holder pid ${state.pid})\n` +
      `  export KUBECONFIG=${state.kubeconfig}\n` +
      `  npx tsx hack/control-plane.ts stop    # when done\n`,
  );
}

async function start(): Promise<number> {
  const running = readState();
  if (running) {
    printStarted(running);
    return 0;
  }
  rmSync(stateFile, { force: true });
  process.stderr.write(`starting the control plane in the background (log: ${logFile})\n`);
  const out = openSync(logFile, 'w');
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const holder = spawn(tsx, [fileURLToPath(import.meta.url), 'serve'], {
    detached: true,
    stdio: ['ignore', out, out],
    env: process.env,
  });
  closeSync(out);
  holder.unref();
  const pid = holder.pid ?? 0;
  try {
    await poll('the control plane', () => readState() !== undefined || !alive(pid), 180_000);
  } catch (err) {
    process.stderr.write(`${String(err)}\n`);
  }
  const state = readState();
  if (!state) {
    process.stderr.write(`the control plane did not start; log:\n${readFileSync(logFile, 'utf8')}\n`);
    return 1;
  }
  printStarted(state);
  return 0;
}

/** The holder: runs the control plane until SIGTERM or SIGINT, then stops it and removes the state file. */
async function serve(): Promise<number> {
  const plane = await startControlPlane((line) => process.stdout.write(`[control-plane] ${line}\n`));
  // Signal handlers do not keep Node's event loop alive; this timer does, until a signal arrives.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  writeFileSync(
    stateFile,
    JSON.stringify({ pid: process.pid, kubeconfig: plane.kubeconfigPath, server: plane.server }),
  );
  process.stdout.write(`[control-plane] ready; state in ${stateFile}\n`);
  const signal = await stopped;
  clearInterval(keepAlive);
  process.stdout.write(`[control-plane] ${signal}: stopping\n`);
  rmSync(stateFile, { force: true });
  await plane.stop();
  return 0;
}

async function stop(): Promise<number> {
  const state = readState();
  if (!state) {
    rmSync(stateFile, { force: true });
    process.stdout.write('no control plane is running\n');
    return 0;
  }
  process.kill(state.pid, 'SIGTERM');
  await poll(`holder pid ${state.pid} to exit`, () => !alive(state.pid), 60_000);
  process.stdout.write(`control plane stopped (was ${state.server})\n`);
  return 0;
}

function status(): number {
  const state = readState();
  if (state) printStarted(state);
  else process.stdout.write('no control plane is running\n');
  return state ? 0 : 1;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start':
      return start();
    case 'serve':
      return serve();
    case 'stop':
      return stop();
    case 'status':
      return status();
    default:
      process.stderr.write('usage: npx tsx hack/control-plane.ts start|status|stop\n');
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`control-plane: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
