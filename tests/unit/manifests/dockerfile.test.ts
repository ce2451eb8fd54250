import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { execForm, instructions, stages, type Instruction } from './dockerfile.js';

const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
const all = stages(dockerfile);
const runtime = all.at(-1);
const builder = all[0];
const last = (keyword: string): Instruction | undefined =>
  runtime?.instructions.filter((i) => i.keyword === keyword).at(-1);
const copies = (runtime?.instructions ?? []).filter((i) => i.keyword === 'COPY').map((i) => i.args);

describe('the Dockerfile parser used below', () => {
  it('joins continued lines and drops comments and directives', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM a AS b\n# note\nRUN one \\\n  two\n\nUSER 1:1\n';

    const parsed = instructions(text);

    expect(parsed).toEqual([
      { keyword: 'FROM', args: 'a AS b' },
      { keyword: 'RUN', args: 'one two' },
      { keyword: 'USER', args: '1:1' },
    ]);
  });

  it('resolves FROM images from the defaults of global ARGs', () => {
    const text = 'ARG BASE=node:24-slim\nARG TAG\nFROM node:24 AS builder\nFROM ${BASE}\nFROM x:$TAG\n';

    const images = stages(text).map((s) => s.image);

    expect(images).toEqual(['node:24', 'node:24-slim', 'x:$TAG']);
  });
});

describe('the Dockerfile', () => {
  it('is a multi-stage build on Node 24 images', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all)
      expect(stage.image).toMatch(/^(docker\.io\/(library\/)?)?node:24([.-]|$)|nodejs24/);
  });

  it('runs on a slim or distroless Node 24 image', () => {
    expect(runtime?.image).toMatch(/slim|distroless/);
  });

  it('builds with npm ci, compiles, and prunes the devDependencies in the builder', () => {
    const runs = (builder?.instructions ?? []).filter((i) => i.keyword === 'RUN').map((i) => i.args);

    expect(runs.join(' && ')).toMatch(/npm ci\b.*npm run build.*npm prune --omit=dev/);
  });

  it('runs the operator as one bundle, in place of the compiled CLI (bench/README.md, "Memory")', () => {
    const runs = (builder?.instructions ?? []).filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const binary = Object.values(packageJson.bin)[0] ?? '';

    expect(runs.join(' && ')).toMatch(
      /npm run build && node hack\/image\/bundle\.mjs operator\/cli\/bin\.ts /,
    );
    expect(runs.join(' && ')).toContain(`mv dist/bundle.js ${binary}`);
  });

  it('runs as a non-root numeric user', () => {
    const user = last('USER')?.args ?? '';

    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
  });

  it('copies only the pruned node_modules, the compiled code, the templates and package.json', () => {
    const sources = copies.map((args) =>
      args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1)
        .join(' '),
    );

    expect(sources.sort()).toEqual(
      ['/src/dist', '/src/node_modules', '/src/package.json', 'templates'].sort(),
    );
    expect(
      copies.filter((c) => /node_modules/.test(c)).every((c) => c.includes(`--from=${builder?.name}`)),
    ).toBe(true);
  });

  it("starts the package's compiled CLI (Node flags before it), with run as the default command", () => {
    const entrypoint = execForm(last('ENTRYPOINT'));
    const binary = Object.values(packageJson.bin)[0] ?? '';

    expect(entrypoint?.[0]).toBe('node');
    expect(entrypoint?.at(-1)).toMatch(new RegExp(`(^|/)${binary.replace(/\./g, '\\.')}$`));
    expect(entrypoint?.slice(1, -1).every((arg) => arg.startsWith('--'))).toBe(true);
    expect(execForm(last('CMD'))).toEqual(['run']);
  });

  it('keeps tests, fixtures and local build output out of the build context', () => {
    const ignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');

    expect(ignore).toContain('*');
    expect(ignore.filter((l) => l.startsWith('!'))).not.toContain('!tests/');
  });
});
