import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { persesFromGrafana } from '../../../operator/assets/perses.js';
import { TEMPLATES_DIR } from './support/fixtures.js';

const dashboardFile = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'observability', 'dashboards', name), 'utf8'));

interface Grafana {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
}
interface Perses {
  panels: Record<
    string,
    { spec: { display: { name: string }; queries: { spec: { plugin: { spec: { query: string } } } }[] } }
  >;
  layouts: { spec: { display?: { title: string }; items: { content: { $ref: string } }[] } }[];
}

describe('Perses dashboards converted from the Grafana definitions', () => {
  it.each(['virt-platform-autopilot.json', 'descheduler-load-aware.json'])(
    '%s: every Grafana panel and query is in the Perses dashboard, and every layout item resolves',
    (file) => {
      const grafana = dashboardFile(file) as Grafana;

      const perses = persesFromGrafana(grafana) as unknown as Perses;

      const grafanaPanels = grafana.panels.filter((p) => p.type !== 'row');
      const persesPanels = Object.values(perses.panels);
      expect(persesPanels.map((p) => p.spec.display.name)).toEqual(grafanaPanels.map((p) => p.title));
      expect(persesPanels.flatMap((p) => p.spec.queries.map((q) => q.spec.plugin.spec.query))).toEqual(
        grafanaPanels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      );
      const refs = perses.layouts.flatMap((l) => l.spec.items.map((i) => i.content.$ref));
      expect(refs.sort()).toEqual(
        Object.keys(perses.panels)
          .map((k) => `#/spec/panels/${k}`)
          .sort(),
      );
      expect(perses.layouts.map((l) => l.spec.display?.title)).toEqual(
        grafana.panels.filter((p) => p.type === 'row').map((p) => p.title),
      );
    },
  );

  it('places panels relative to their row and carries units and legends', () => {
    const grafana = {
      title: 'T',
      time: { from: 'now-3h' },
      panels: [
        { id: 1, type: 'row', title: 'R', gridPos: { x: 0, y: 4, w: 24, h: 1 } },
        {
          id: 2,
          type: 'timeseries',
          title: 'Latency',
          gridPos: { x: 12, y: 5, w: 12, h: 8 },
          fieldConfig: { defaults: { unit: 's' } },
          targets: [{ expr: 'up', legendFormat: '{{pod}}' }],
        },
      ],
    };

    const perses = persesFromGrafana(grafana);

    expect(perses).toMatchObject({
      duration: '3h',
      layouts: [{ spec: { items: [{ x: 12, y: 0, width: 12, height: 8 }] } }],
      panels: {
        panel2: {
          spec: {
            plugin: { kind: 'TimeSeriesChart', spec: { yAxis: { format: { unit: 'seconds' } } } },
            queries: [{ spec: { plugin: { spec: { query: 'up', seriesNameFormat: '{{pod}}' } } } }],
          },
        },
      },
    });
  });

  it('refuses a panel type it cannot convert, naming the panel', () => {
    const grafana = { title: 'T', panels: [{ id: 7, type: 'heatmap', title: 'Heat' }] };

    expect(() => persesFromGrafana(grafana)).toThrow('panel 7 (Heat): type heatmap has no Perses equivalent');
  });
});
