import type { FeatureState, FeatureSummary } from '../assets/feature-status.js';
import { formatTable } from './format.js';

const MATURITY_TEXT = { GA: 'generally available', TP: 'technology preview', DP: 'developer preview' };
const code = (values: readonly string[]): string => values.map((v) => `\`${v}\``).join(', ') || '-';
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/features.md: a table of every feature, then one section per feature. Pure. */
export function featuresMarkdown(features: readonly FeatureSummary[]): string {
  const rows = features.map(
    (f) =>
      `| [${cell(f.title)}](#${f.name}) | ${f.maturity} | ${f.install} | ${cell(code(f.optIn))} | ${cell(f.requires.join(', ') || '-')} |`,
  );
  const sections = features.map((f) =>
    [
      `<a id="${f.name}"></a>`,
      `### ${f.title} (\`${f.name}\`)`,
      '',
      f.description,
      '',
      `- Maturity: ${f.maturity} (${MATURITY_TEXT[f.maturity]})`,
      `- Install: ${f.install}${f.optIn.length ? `, switched on by ${code(f.optIn)}` : ''}`,
      ...(f.needs.length ? [`- Needs: ${code(f.needs)}`] : []),
      `- Annotations: ${code(f.annotations)}`,
      `- Assets: ${code([...f.assets, ...f.sections])} (${f.kinds.length ? f.kinds.join(', ') : 'sections of the HyperConverged CR'})`,
      ...(f.requires.length ? [`- Requires: ${f.requires.join(', ')}`] : []),
      '',
    ].join('\n'),
  );
  return [
    '# Features',
    '',
    '<!-- Generated from templates/catalog.yaml by `npx tsx hack/features/generate.ts`: do not edit.',
    '     CI checks that it is current (hack/verify-generated.sh). -->',
    '',
    'What the autopilot delivers, feature by feature. Every managed object belongs to exactly one',
    'feature. All of them also pass the master switch, the HCO annotation',
    '`platform.kubevirt.io/autopilot` (absent or `true`: all; `false`: none; otherwise a list of',
    'asset or group names), and `platform.kubevirt.io/disabled-resources`. The running operator lists',
    'the same catalog with what the cluster gets at `/debug/features`; `render --output=features`',
    'shows it for an HCO file.',
    '',
    'Maturity: GA generally available, TP technology preview, DP developer preview.',
    '',
    '| Feature | Maturity | Install | Switched on by | Requires |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Details',
    '',
    ...sections,
  ].join('\n');
}

/** `render --output=features`: one row per feature with what this HCO gets. */
export function formatFeatureStates(states: readonly FeatureState[]): string {
  const rows = states.map((s) => [
    s.name,
    s.maturity,
    s.state,
    s.off.length ? `not: ${s.off.join(', ')}` : '',
  ]);
  const on = states.filter((s) => s.state === 'on').length;
  return `${formatTable(['FEATURE', 'MATURITY', 'STATE', 'MISSING'], rows)}\n${on} of ${states.length} features on\n`;
}
