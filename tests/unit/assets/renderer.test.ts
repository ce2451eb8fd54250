import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { buildRenderContext } from '../../../operator/assets/context.js';
import { RenderError, TemplateRenderer } from '../../../operator/assets/renderer.js';
import { TerminalError } from '../../../operator/errors.js';
import { assetNamed, contextFor, realCatalog, TEMPLATES_DIR } from './support/fixtures.js';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n';

/** A renderer over a scratch templates/ directory holding `files`. */
function rendererWith(files: Record<string, string>): TemplateRenderer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'templates-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return new TemplateRenderer(dir);
}

function asset(template: string, extra: Partial<AssetDefinition> = {}): AssetDefinition {
  return {
    name: 'test-asset',
    template,
    component: 'ConfigMap',
    apiVersion: 'v1',
    reconcileOrder: 1,
    tier: 'always-on',
    install: 'always',
    params: {},
    conditions: [],
    gateKinds: [],
    features: [],
    ...extra,
  } as AssetDefinition;
}

const ctx = buildRenderContext({
  hco: {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: { name: 'h', namespace: 'virt' },
  },
  nodes: [],
  env: {},
});

function renderOne(template: string, extra: Partial<AssetDefinition> = {}): unknown {
  return rendererWith({ 't.yaml.njk': template }).render(asset('t.yaml.njk', extra), ctx);
}

function failureOf(run: () => unknown): RenderError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RenderError);
    return err as RenderError;
  }
  throw new Error('expected a RenderError');
}

describe('the template renderer', () => {
  it('parses output as YAML 1.1: 0644 is octal, yes is true, dates and times stay strings', () => {
    const obj = renderOne(
      `${HEAD}data:\n  mode: 0644\n  on: yes\n  date: 2024-10-01\n  time: 1:30\n  quoted: "0644"\n`,
    );

    expect((obj as { data: unknown }).data).toEqual({
      mode: 420,
      true: true,
      date: '2024-10-01',
      time: '1:30',
      quoted: '0644',
    });
  });

  it('gives the template the context: namespace, params, features and the HCO', () => {
    const obj = renderOne(
      `${HEAD}  namespace: {{ namespace | quote }}\ndata:\n  role: {{ params.role | quote }}\n  hco: {{ hco.metadata.name | quote }}\n{% if features.extra %}\n  extra: "on"\n{% endif %}\n`,
      {
        params: { role: 'worker' },
        features: [
          { name: 'extra', conditions: [{ type: 'topology', field: 'isHCP', value: false }], gateKinds: [] },
        ],
      },
    );

    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'virt' },
      data: { role: 'worker', hco: 'h', extra: 'on' },
    });
  });

  it.each([
    ['whitespace only', '  \n\n'],
    ['comments only', '# nothing applies here\n'],
    ['a template that renders nothing', '{% if false %}\napiVersion: v1\n{% endif %}\n'],
  ])('returns undefined (not applicable) for %s', (_case, template) => {
    expect(renderOne(template)).toBeUndefined();
  });

  it('renders static YAML files without templating', () => {
    const renderer = rendererWith({ 'static.yaml': `${HEAD}data:\n  text: "{{ not a template }}"\n` });

    expect(renderer.render(asset('static.yaml'), ctx)).toMatchObject({
      data: { text: '{{ not a template }}' },
    });
  });

  it('serialises values as YAML-safe JSON, escaping characters YAML would read as line breaks', () => {
    const obj = renderOne(
      `${HEAD}data: {{ { a: 'x\u2028y', b: '{{ $labels.x }}', c: "it's \\"q\\"" } | dump }}\n`,
    );

    expect((obj as { data: unknown }).data).toEqual({ a: 'x\u2028y', b: '{{ $labels.x }}', c: 'it\'s "q"' });
  });

  it('offers b64, dataUrl, readFile, fileDataUrl and loadYaml over files under templates/', () => {
    const renderer = rendererWith({
      'p/payload.txt': 'héllo\n',
      'p/data.yaml': 'groups:\n  - name: g\n    mode: 0755\n',
      't.yaml.njk':
        `${HEAD}data:\n  b64: {{ 'héllo' | b64 | quote }}\n  url: {{ 'a\\n' | dataUrl | quote }}\n` +
        `  text: {{ readFile('p/payload.txt') | dump }}\n  file: {{ fileDataUrl('p/payload.txt') | quote }}\n` +
        `  yaml: {{ loadYaml('p/data.yaml') | dump | quote }}\n`,
    });

    const obj = renderer.render(asset('t.yaml.njk'), ctx) as unknown as { data: Record<string, string> };

    expect(obj.data).toEqual({
      b64: Buffer.from('héllo').toString('base64'),
      url: `data:text/plain;charset=utf-8;base64,${Buffer.from('a\n').toString('base64')}`,
      text: 'héllo\n',
      file: `data:text/plain;charset=utf-8;base64,${Buffer.from('héllo\n').toString('base64')}`,
      yaml: '{"groups":[{"name":"g","mode":493}]}',
    });
  });

  it.each([
    [
      'an undefined value is output',
      `${HEAD}data:\n  x: {{ params.missing }}\n`,
      /render test-asset failed: .*undefined/,
    ],
    [
      'a file outside templates/',
      `${HEAD}data:\n  x: {{ readFile('../etc/passwd') | dump }}\n`,
      /leaves templates\//,
    ],
    [
      'an absolute file path',
      `${HEAD}data:\n  x: {{ readFile('/etc/passwd') | dump }}\n`,
      /must be relative/,
    ],
    ['two YAML documents', `${HEAD}---\n${HEAD}`, /holds 2 YAML documents; exactly one is allowed/],
    ['invalid YAML', `${HEAD}data: [\n`, /t\.yaml\.njk: invalid YAML: /],
    ['a duplicate key', `${HEAD}data: {}\ndata: {}\n`, /invalid YAML: Map keys must be unique/],
    ['a binary tag', `${HEAD}binaryData:\n  x: !!binary aGk=\n`, /invalid YAML: Unresolved tag/],
    ['a list instead of an object', '- a\n- b\n', /output is not a YAML mapping/],
    [
      'an object without a name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
      /output has no metadata.name/,
    ],
    [
      'another kind than the catalog says',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n',
      /output is v1 Secret, but the catalog says v1 ConfigMap/,
    ],
    ['a template syntax error', `${HEAD}{% if %}`, /render test-asset failed: /],
  ])('fails with a RenderError naming the asset when %s', (_case, template, message) => {
    const err = failureOf(() => renderOne(template));

    expect(err).toBeInstanceOf(TerminalError);
    expect(err.asset).toBe('test-asset');
    expect(err.annotation).toBeUndefined();
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
  });

  it('refuses output larger than 10 MiB and nesting deeper than 100 levels', () => {
    const big = `${HEAD}data:\n  x: "${'a'.repeat(10 * 1024 * 1024)}"\n`;
    const deep = `${HEAD}data: ${'['.repeat(101)}${']'.repeat(101)}\n`;

    expect(failureOf(() => renderOne(big)).message).toMatch(/output is larger than 10485760 bytes/);
    expect(failureOf(() => renderOne(deep)).message).toMatch(/output nests deeper than 100 levels/);
  });

  it('holds a bad user value: the RenderError names the HCO annotation', () => {
    const catalog = realCatalog();
    const bad = contextFor('bad-values', 'all-hardware');
    const renderer = new TemplateRenderer(TEMPLATES_DIR);

    const vfio = failureOf(() => renderer.render(assetNamed(catalog, 'vfio-device-assignment'), bad));
    const hco = failureOf(() => renderer.render(assetNamed(catalog, 'hco-golden-config'), bad));

    expect(vfio.annotation).toBe('platform.kubevirt.io/vfio-device-ids');
    expect(vfio.message).toBe(
      'render vfio-device-assignment failed: platform.kubevirt.io/vfio-device-ids: "10de:zz" is not a PCI vendor:device pair',
    );
    expect(hco.annotation).toBe('platform.kubevirt.io/usb-host-devices');
    expect(hco.message).toBe(
      'render hco-golden-config failed: platform.kubevirt.io/usb-host-devices: "46f4" is not a USB vendor:product pair',
    );
  });

  it('does not read the USB annotation when the USB feature is off', () => {
    const catalog = realCatalog();
    const noUsbHardware = contextFor('bad-values', 'plain-workers');

    const hco = new TemplateRenderer(TEMPLATES_DIR).render(
      assetNamed(catalog, 'hco-golden-config'),
      noUsbHardware,
    );

    expect(JSON.stringify(hco)).not.toContain('usbHostDevices');
  });
});
