import { describe, expect, it } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import type { ObjectDiff } from '../../../operator/render/diff.js';
import { formatDiff, showValue } from '../../../operator/render/diff-format.js';
import { formatJson, formatStatus, formatTable, formatYamlStream } from '../../../operator/render/format.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { renderOffline } from './support.js';

const cm = (name: string, data: Record<string, string>): AssetReport => ({
  asset: name,
  tier: 'always-on',
  install: 'always',
  kind: 'ConfigMap',
  name,
  namespace: 'ns',
  included: true,
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data },
});

describe('formatTable', () => {
  it('pads every column but the last to its widest cell', () => {
    const table = formatTable(
      ['A', 'B', 'C'],
      [
        ['long-name', 'x', 'free text'],
        ['s', 'yy', ''],
      ],
    );

    expect(table).toBe('A          B   C\nlong-name  x   free text\ns          yy\n');
  });
});

describe('formatStatus', () => {
  it('shows each asset with tier, install mode, object, status and reason, and a summary', async () => {
    const reports = await renderOffline('minimal');

    const lines = formatStatus(reports).split('\n');

    expect(lines[0]).toMatch(/^ASSET\s+TIER\s+INSTALL\s+KIND\/NAME\s+STATUS\s+REASON$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^metrics-service\s+always-on\s+always\s+Service\/openshift-cnv\/virt-platform-autopilot-metrics\s+included$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^numa\s+always-on\s+opt-in\s+MachineConfig\s+excluded\s+conditions: annotation platform.kubevirt.io\/enable-numa is not "true"$/,
      ),
    );
    // The minimal HCO includes the 9 always-on assets; every other catalog asset is excluded.
    expect(lines).toContain(`9 included, ${reports.length - 9} excluded`);
  });
});

describe('formatYamlStream', () => {
  it('writes one document per included object, each after its asset comment', async () => {
    const reports = await renderOffline('fully-opted-in', 'all-hardware');

    const stream = formatYamlStream(reports);

    const included = reports.filter((r) => r.included);
    const docs = parseAllDocuments(stream);
    expect(docs.map((d) => d.errors)).toEqual(docs.map(() => []));
    expect(docs.map((d) => (d.toJS() as { kind: string }).kind)).toEqual(included.map((r) => r.kind));
    const heads = stream.split(/^---\n/m).map((chunk) => chunk.split('\n')[0]);
    expect(heads).toEqual(included.map((r) => `# asset: ${r.asset}`));
  });

  it('leaves out excluded assets', () => {
    const stream = formatYamlStream([cm('a', {}), { ...cm('b', {}), included: false }]);

    expect(stream).toBe(
      '# asset: a\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\ndata: {}\n',
    );
  });

  it.each(['yes', 'on', 'no', '0644', 'true', '1e3', '~'])(
    'quotes the string %j so that YAML 1.1 readers such as kubectl keep it a string',
    (value) => {
      const stream = formatYamlStream([cm('a', { v: value })]);

      expect((parse(stream, { version: '1.1' }) as { data: { v: unknown } }).data.v).toBe(value);
    },
  );
});

describe('formatJson', () => {
  it('is 2-space JSON with a trailing newline', () => {
    const text = formatJson([{ a: 1 }]);

    expect(text).toBe('[\n  {\n    "a": 1\n  }\n]\n');
  });
});

describe('formatDiff', () => {
  const diffs: ObjectDiff[] = [
    {
      asset: 'metrics-service',
      kind: 'Service',
      name: 'm',
      namespace: 'ns',
      status: 'would-change',
      changes: [
        { path: '/spec/port', live: 1, desired: 2, via: 'platform.kubevirt.io/patch' },
        { path: '/spec/extra', live: 'x' },
      ],
      customisations: [{ annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/port'] }],
    },
    {
      asset: 'numa',
      kind: 'MachineConfig',
      status: 'excluded',
      reason: 'hardware missing',
      changes: [],
      customisations: [],
    },
    {
      asset: 'swap',
      kind: 'MachineConfig',
      name: 's',
      status: 'held',
      annotation: 'platform.kubevirt.io/ignore-fields',
      reason: 'bad path',
      changes: [],
      customisations: [],
    },
  ];

  it('lists each object, its changed fields with their source, and a summary', () => {
    const text = formatDiff(diffs);

    expect(text.split('\n')).toEqual([
      'ASSET            KIND/NAME        RESULT',
      'metrics-service  Service/ns/m     would change',
      '    /spec/port: 1 -> 2   (from platform.kubevirt.io/patch)',
      '    /spec/extra: "x" -> (absent)',
      '    platform.kubevirt.io/patch sets /spec/port',
      'numa             MachineConfig    excluded',
      '    hardware missing',
      'swap             MachineConfig/s  held',
      '    annotation platform.kubevirt.io/ignore-fields: bad path',
      '',
      '1 would change, 1 excluded, 1 held: 1 object(s) would be written; 1 object(s) cannot be reconciled until fixed (see above)',
      '',
    ]);
  });

  it('says so when nothing would be written', () => {
    const text = formatDiff([
      { asset: 'a', kind: 'K', name: 'n', status: 'unchanged', changes: [], customisations: [] },
    ]);

    expect(text.trimEnd().split('\n').at(-1)).toBe('1 unchanged: no differences');
  });

  it('never says "no differences" when an object could not be checked', () => {
    const text = formatDiff([
      {
        asset: 'a',
        kind: 'K',
        name: 'n',
        status: 'failed',
        reason: 'dry-run refused',
        changes: [],
        customisations: [],
      },
    ]);

    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '1 failed: 1 object(s) cannot be reconciled until fixed (see above)',
    );
  });
});

describe('showValue', () => {
  it.each<[unknown, boolean, string]>([
    ['x', true, '"x"'],
    [undefined, false, '(absent)'],
    [null, true, 'null'],
    ['a'.repeat(200), true, `"${'a'.repeat(96)}...`],
  ])('shows %j (present: %j) as %s', (value, present, shown) => {
    const text = showValue(value, present);

    expect(text).toBe(shown);
  });
});
