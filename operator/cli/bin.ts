#!/usr/bin/env node
import { runCli } from './cli.js';
import { exitAfterFlush } from './exit.js';

const exit = (code: number): void =>
  exitAfterFlush(code, [process.stdout, process.stderr], (c) => process.exit(c));

runCli(process.argv.slice(2), process.env).then(exit, (err: unknown) => {
  process.stderr.write(`virt-platform-autopilot: ${err instanceof Error ? err.message : String(err)}\n`);
  exit(1);
});
