import { isRecord } from './json.js';

/**
 * Converts a Grafana dashboard (the subset this project writes: rows, stat, table and timeseries
 * panels with Prometheus targets) into a Perses DashboardSpec, the `spec.config` of a
 * perses.dev/v1alpha2 PersesDashboard. One hand-written definition serves Grafana users (as is)
 * and the OpenShift console (through this), so the two cannot drift. Pure.
 */
export function persesFromGrafana(dashboard: unknown): Record<string, unknown> {
  if (!isRecord(dashboard) || !Array.isArray(dashboard.panels)) {
    throw new Error('a Grafana dashboard needs a panels list');
  }
  const panels: Record<string, unknown> = {};
  const layouts: Record<string, unknown>[] = [];
  let row: { title: string; top: number; items: unknown[] } | undefined;
  const closeRow = (): void => {
    if (row && row.items.length > 0) layouts.push(gridLayout(row.title, row.items));
  };
  for (const raw of dashboard.panels) {
    const panel = grafanaPanel(raw);
    if (panel.type === 'row') {
      closeRow();
      row = { title: panel.title, top: panel.grid.y + panel.grid.h, items: [] };
      continue;
    }
    row ??= { title: '', top: 0, items: [] };
    const key = `panel${panel.id}`;
    panels[key] = persesPanel(panel);
    row.items.push({
      x: panel.grid.x,
      y: panel.grid.y - row.top,
      width: panel.grid.w,
      height: panel.grid.h,
      content: { $ref: `#/spec/panels/${key}` },
    });
  }
  closeRow();
  return {
    display: displayOf(text(dashboard.title, 'title'), optionalText(dashboard.description)),
    duration: durationOf(dashboard.time),
    refreshInterval: typeof dashboard.refresh === 'string' && dashboard.refresh ? dashboard.refresh : '1m',
    panels,
    layouts,
  };
}

interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  description: string;
  unit: string;
  grid: { x: number; y: number; w: number; h: number };
  targets: { expr: string; legend: string }[];
}

const PLUGINS: Record<string, (unit: string) => { kind: string; spec: Record<string, unknown> }> = {
  stat: (unit) => ({ kind: 'StatChart', spec: { calculation: 'last-number', format: { unit } } }),
  timeseries: (unit) => ({
    kind: 'TimeSeriesChart',
    spec: { legend: { position: 'bottom', mode: 'list' }, yAxis: { format: { unit } } },
  }),
  table: () => ({ kind: 'Table', spec: {} }),
};

// Grafana unit ids and their Perses names; anything else is a plain number.
const UNITS: Record<string, string> = { s: 'seconds', ms: 'milliseconds', percentunit: 'percent-decimal' };

function persesPanel(panel: GrafanaPanel): Record<string, unknown> {
  const plugin = PLUGINS[panel.type];
  if (!plugin)
    throw new Error(`panel ${panel.id} (${panel.title}): type ${panel.type} has no Perses equivalent`);
  return {
    kind: 'Panel',
    spec: {
      display: displayOf(panel.title, panel.description),
      plugin: plugin(UNITS[panel.unit] ?? 'decimal'),
      queries: panel.targets.map((t) => ({
        kind: 'TimeSeriesQuery',
        spec: {
          plugin: {
            kind: 'PrometheusTimeSeriesQuery',
            spec: { query: t.expr, ...(t.legend ? { seriesNameFormat: t.legend } : {}) },
          },
        },
      })),
    },
  };
}

function displayOf(name: string, description: string): Record<string, string> {
  return description ? { name, description } : { name };
}

function gridLayout(title: string, items: unknown[]): Record<string, unknown> {
  const display = title ? { display: { title, collapse: { open: true } } } : {};
  return { kind: 'Grid', spec: { ...display, items } };
}

function grafanaPanel(raw: unknown): GrafanaPanel {
  if (!isRecord(raw)) throw new Error('a Grafana panel must be an object');
  const grid = isRecord(raw.gridPos) ? raw.gridPos : {};
  const defaults =
    isRecord(raw.fieldConfig) && isRecord(raw.fieldConfig.defaults) ? raw.fieldConfig.defaults : {};
  const targets = Array.isArray(raw.targets) ? raw.targets.filter(isRecord) : [];
  return {
    id: Number(raw.id),
    type: text(raw.type, 'panel type'),
    title: text(raw.title, 'panel title'),
    description: optionalText(raw.description),
    unit: optionalText(defaults.unit),
    grid: { x: Number(grid.x ?? 0), y: Number(grid.y ?? 0), w: Number(grid.w ?? 12), h: Number(grid.h ?? 8) },
    targets: targets.map((t) => ({
      expr: text(t.expr, 'target expr'),
      legend: optionalText(t.legendFormat),
    })),
  };
}

/** Grafana's `{from: "now-6h"}` as a Perses duration (`6h`). */
function durationOf(time: unknown): string {
  const from = isRecord(time) ? time.from : undefined;
  const match = typeof from === 'string' ? /^now-(\d+[smhdw])$/.exec(from) : null;
  return match?.[1] ?? '1h';
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`);
  return value;
}

function optionalText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
