import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { ALL_HARDWARE, contextFor, realCatalog, TEMPLATES_DIR } from './support/fixtures.js';

const DATA_URL = 'data:text/plain;charset=utf-8;base64,';

interface IgnitionFile {
  path: string;
  mode: number;
  contents: { source: string; compression?: string };
}

function renderAll(): Map<string, string> {
  const catalog = realCatalog();
  const renderer = new TemplateRenderer(TEMPLATES_DIR);
  const context = { ...contextFor('fully-opted-in', 'all-hardware'), hardware: ALL_HARDWARE };
  return new Map(catalog.assets.map((a) => [a.name, JSON.stringify(renderer.render(a, context))]));
}

function files(json: string | undefined): IgnitionFile[] {
  const mc = JSON.parse(json ?? 'null') as KubeObject & {
    spec: { config: { storage?: { files: IgnitionFile[] } } };
  };
  return mc.spec.config.storage?.files ?? [];
}

function decode(source: string): Buffer {
  expect(source.startsWith(DATA_URL)).toBe(true);
  return Buffer.from(source.slice(DATA_URL.length), 'base64');
}

describe('byte stability (a changed MachineConfig byte reboots a node pool)', () => {
  it('renders the same HCO twice, with fresh renderers and contexts, to identical bytes', () => {
    const first = renderAll();
    const second = renderAll();

    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  it('embeds MachineConfig payload files as plain base64 data URLs that decode to the file bytes', () => {
    const swap = files(renderAll().get('swap-enable'));
    const payload = readFileSync(path.join(TEMPLATES_DIR, 'machine-config/swap-enable/90-swap.conf'));

    expect(swap.map((f) => [f.path, f.mode])).toEqual([['/etc/openshift/kubelet.conf.d/90-swap.conf', 420]]);
    expect(decode(swap[0]!.contents.source).equals(payload)).toBe(true);
  });

  it('encodes the validated VFIO IDs, normalised and sorted, next to the module-load file', () => {
    const vfio = files(renderAll().get('vfio-device-assignment'));
    const modules = readFileSync(
      path.join(TEMPLATES_DIR, 'machine-config/vfio-device-assignment/vfio-pci.conf'),
    );

    expect(decode(vfio[0]!.contents.source).toString('utf8')).toBe(
      'options vfio-pci ids=10de:1db6,10de:1eb8\n',
    );
    expect(decode(vfio[1]!.contents.source).equals(modules)).toBe(true);
  });

  it('never compresses a MachineConfig payload (gzip bytes depend on the zlib build)', () => {
    const all = [...renderAll().values()].join('\n');

    expect(all).not.toContain('"compression"');
    expect(all).not.toMatch(/data:;base64|application\/gzip/);
  });
});
