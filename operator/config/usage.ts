import type { FlagDef, FlagSpec } from './flags.js';

function flagColumn(name: string, def: FlagDef): string {
  return def.type === 'boolean' ? `--${name}` : `--${name} ${def.type}`;
}

function notes(def: FlagDef): string {
  const extra = [
    def.default === undefined ? '' : `default ${JSON.stringify(def.default)}`,
    def.env === undefined ? '' : `env ${def.env}`,
    ...(def.aliases ?? []).map((alias) => `alias --${alias}`),
  ].filter((note) => note !== '');
  return extra.length === 0 ? '' : ` (${extra.join('; ')})`;
}

/** Help text generated from the spec: one line per flag with its type, description, default and env. */
export function usage(spec: FlagSpec): string {
  const rows = Object.entries(spec).map(([name, def]) => [
    flagColumn(name, def),
    def.description + notes(def),
  ]);
  const width = Math.max(0, ...rows.map(([left]) => (left ?? '').length));
  return rows.map(([left, right]) => `  ${(left ?? '').padEnd(width)}  ${right ?? ''}`).join('\n') + '\n';
}
