import { Writable } from 'node:stream';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import { loadTombstones } from '../../../operator/assets/tombstones.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { createLogger, type Logger } from '../../../operator/observability/logger.js';
import { contextOf, renderAssets } from '../../../operator/render/operations.js';
import type { AssetReport } from '../../../operator/render/report.js';
import {
  hcoFixture,
  nodesFixture,
  realCatalog,
  TEMPLATES_DIR,
  type HcoFixture,
  type NodesFixture,
} from '../assets/support/fixtures.js';

export { hcoFixture, nodesFixture, TEMPLATES_DIR };

/** A logger that drops everything (previews must not need one, but StepDeps carries it). */
export function silentLogger(): Logger {
  return createLogger({ level: 'error', stream: new Writable({ write: (_c, _e, done) => done() }) });
}

/** The offline render of the real catalog for an HCO (fixture name or object) and optional nodes. */
export async function renderOffline(
  hco: HcoFixture | KubeObject,
  nodes: NodesFixture | KubeObject[] = [],
  served: () => boolean = () => true,
): Promise<AssetReport[]> {
  const hcoObject = typeof hco === 'string' ? hcoFixture(hco) : hco;
  const nodeObjects = typeof nodes === 'string' ? nodesFixture(nodes) : nodes;
  return renderAssets({
    catalog: realCatalog(),
    renderer: new TemplateRenderer(TEMPLATES_DIR),
    tombstones: loadTombstones(TEMPLATES_DIR),
    context: contextOf({ hco: hcoObject, nodes: nodeObjects, served }, {}),
    logger: silentLogger(),
  });
}

/** Asset names of the reports that are (or are not) included. */
export function namesWhere(reports: readonly AssetReport[], included: boolean): string[] {
  return reports.filter((r) => r.included === included).map((r) => r.asset);
}

/** The HCO fixture with extra annotations. */
export function hcoWith(name: HcoFixture, annotations: Record<string, string>): KubeObject {
  const hco = hcoFixture(name);
  hco.metadata.annotations = { ...hco.metadata.annotations, ...annotations };
  return hco;
}
