import { describe, expect, it } from '@jest/globals';
import { assetNamed, contextFor, realCatalog, TEMPLATES_DIR } from './support/fixtures.js';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';

interface Unit {
  name: string;
  contents?: string;
}

/** `Key=value` lines of a systemd unit, per `[Section]`, in order (repeated keys accumulate). */
function directives(contents: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = '';
  for (const line of contents.split('\n').map((l) => l.trim())) {
    if (line.startsWith('[')) section = line.slice(1, -1);
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || line.startsWith('[') || eq < 0) continue;
    const key = `${section}.${line.slice(0, eq)}`;
    out.set(key, [...(out.get(key) ?? []), ...line.slice(eq + 1).split(/\s+/)]);
  }
  return out;
}

function swapUnit(): Map<string, string[]> {
  const asset = assetNamed(realCatalog(), 'swap-enable');
  const mc = new TemplateRenderer(TEMPLATES_DIR).render(asset, contextFor('minimal', 'plain-workers'));
  const units = (mc?.spec as { config: { systemd: { units: Unit[] } } }).config.systemd.units;
  return directives(units.find((u) => u.name === 'swap-disk-enable.service')?.contents ?? '');
}

describe('the swap unit of swap-enable', () => {
  const unit = swapUnit();

  it('runs after the boot has found the disks (default dependencies, after the partition device)', () => {
    expect(unit.get('Unit.DefaultDependencies')).toBeUndefined();
    expect(unit.get('Unit.After')).toContain('dev-disk-by\\x2dpartlabel-OCPSWAP.device');
    expect(unit.get('Unit.ConditionPathExists')).toEqual(['/dev/disk/by-partlabel/OCPSWAP']);
  });

  it('runs before the kubelet, which reads the swap capacity when it starts, and is pulled in by it', () => {
    expect(unit.get('Unit.Before')).toEqual(
      expect.arrayContaining(['kubelet-dependencies.target', 'kubelet.service']),
    );
    expect(unit.get('Install.WantedBy')).toEqual(['kubelet-dependencies.target']);
  });
});
