import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { commandsIn, forDemo, runbookCommands, whyNotInCi } from '../../support/runbook-commands.js';
import { repoRoot } from '../../support/paths.js';
import { renderOffline } from '../cli/support.js';

describe('commandsIn', () => {
  it('joins continuation lines and open quotes, skips comments, and ignores an apostrophe in a comment', () => {
    const markdown = [
      'text',
      '```bash',
      '# a comment',
      'kubectl get x \\',
      "  -o yaml   # the object's YAML",
      "jq -c 'select(.a)",
      "       | .b'",
      '```',
      '```yaml',
      'not: a command',
      '```',
    ].join('\n');

    const commands = commandsIn(markdown, 'f.md');

    expect(commands.map((c) => [c.line, c.text])).toEqual([
      [4, "kubectl get x \\\n  -o yaml   # the object's YAML"],
      [6, "jq -c 'select(.a)\n       | .b'"],
    ]);
  });
});

describe('the runbook commands', () => {
  const commands = runbookCommands(path.join(repoRoot, 'docs', 'runbooks'));

  it('are found at all', () => {
    expect(commands.length).toBeGreaterThan(80);
  });

  it.each(commands.map((c) => [`${c.file}:${c.line}`, c.text] as const))(
    '%s either runs against the demo with every placeholder filled, or says why not',
    (_where, text) => {
      const why = whyNotInCi(text);
      const demo = forDemo(text, { metrics: 1, debug: 2 });

      expect(why ?? demo).not.toMatch(/<[a-z-]+>/);
    },
  );

  it('never ask for curl inside the operator container (the image has none)', () => {
    expect(commands.filter((c) => /exec .*-- *curl|exec .*curl /.test(c.text))).toEqual([]);
  });

  it('check the permission the role grants (patch), not update', () => {
    const canI = commands.filter((c) => c.text.includes('auth can-i'));

    expect(canI.length).toBeGreaterThan(0);
    for (const c of canI) expect(c.text).toMatch(/can-i patch /);
  });

  it('name only objects the catalog really renders', async () => {
    const dir = path.join(repoRoot, 'docs', 'runbooks');
    const text = readdirSync(dir)
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const rendered = new Set(
      (await renderOffline('fully-opted-in', 'all-hardware')).flatMap((r) => (r.name ? [r.name] : [])),
    );
    const named = [
      ...text.matchAll(/(?:MachineConfig|KubeletConfig)\/([a-z0-9][a-z0-9.-]*[a-z0-9])/g),
      ...text.matchAll(/\.name == "([a-z0-9][a-z0-9.-]*)"/g),
    ].map((m) => m[1] as string);

    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !rendered.has(name))).toEqual([]);
  });
});
