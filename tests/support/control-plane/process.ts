import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import net from 'node:net';

/**
 * A child process in its own process group, wrapped in a watchdog shell that holds a stdin pipe
 * from us: when this Node process dies (even by SIGKILL) the pipe closes and the child is killed,
 * so no etcd or kube-apiserver outlives the test run.
 */
// On EOF (this process died) or SIGTERM: TERM the child and KILL it 5 s later, because
// kube-apiserver's graceful shutdown can hang forever once its etcd is gone.
const WATCHDOG =
  '"$@" </dev/null & c=$!; ' +
  'reap() { kill $c 2>/dev/null; (sleep 5; kill -9 $c 2>/dev/null) & wait $c; exit; }; ' +
  'trap reap TERM; cat >/dev/null; reap';

export class Supervised {
  private readonly child: ChildProcess;
  private exited = false;
  readonly exit: Promise<number | null>;

  constructor(
    readonly name: string,
    binary: string,
    args: string[],
    logFile: string,
  ) {
    const log = openSync(logFile, 'a');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ETCD_')));
    env.NO_PROXY = '127.0.0.1,localhost';
    this.child = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', binary, ...args], {
      stdio: ['pipe', log, log],
      detached: true,
      env,
    });
    closeSync(log);
    this.exit = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.exit.then(() => (this.exited = true));
    this.child.unref();
  }

  get running(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const pgid = -this.child.pid;
    try {
      process.kill(pgid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, graceMs);
    await this.exit;
    clearTimeout(timer);
    this.child.stdin?.destroy();
  }
}

/** Whether `port` on loopback can be bound right now (its previous listener is really gone). */
export function portBindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free loopback port (listen on :0, close, hand it out). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Poll `probe` every `intervalMs` until it returns true or `timeoutMs` passes. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
