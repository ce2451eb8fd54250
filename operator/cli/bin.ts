#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`virt-platform-autopilot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
