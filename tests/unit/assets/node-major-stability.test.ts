import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths.js';

/** Another Node major to compare with: AUTOPILOT_ALT_NODE, or the system node when its major differs. */
function otherNode(): string | undefined {
  const candidate = process.env.AUTOPILOT_ALT_NODE ?? '/usr/bin/node';
  if (!existsSync(candidate)) return undefined;
  const major = execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], {
    encoding: 'utf8',
  }).trim();
  return major === process.versions.node.split('.')[0] ? undefined : candidate;
}

function digestWith(node: string): string {
  const loader = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
  const out = execFileSync(node, ['--import', loader, path.join(repoRoot, 'hack', 'render-digest.ts')], {
    encoding: 'utf8',
  });
  return out.trim().split(' ')[1] ?? '';
}

const alt = otherNode();

describe('rendered bytes across Node majors', () => {
  (alt ? it : it.skip)(
    `are identical under Node ${process.versions.node} and ${alt ?? 'another major'}`,
    () => {
      const here = digestWith(process.execPath);

      const there = digestWith(alt as string);

      expect(here).toMatch(/^[0-9a-f]{64}$/);
      expect(there).toBe(here);
    },
  );
});
