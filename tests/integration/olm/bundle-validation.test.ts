// The OLM bundle, validated by OLM's own library (github.com/operator-framework/api/pkg/validation)
// through hack/olm/validate.sh. The first run builds the validator from Go modules (CI builds it
// in its OLM step before the tests, so here it is cached).
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../support/paths.js';

const CSV_FILE = path.join('bundle', 'manifests', 'virt-platform-autopilot.clusterserviceversion.yaml');
const BUILD_MS = 20 * 60_000;
const noGo = spawnSync('go', ['version']).error;
const suite = noGo ? describe.skip : describe;

interface Csv {
  metadata: { name: string };
  spec: {
    installModes?: { type: string; supported: boolean }[];
    relatedImages: { name: string; image: string }[];
    install: {
      spec: {
        deployments: {
          spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } };
        }[];
      };
    };
  };
}

/** Generates the bundle into a fresh directory, as hack/olm/generate.ts does for the repository. */
function generate(args: string[] = []): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'olm-bundle-'));
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(tsx, ['hack/olm/generate.ts', `--out-dir=${dir}`, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`generate failed: ${run.stderr}`);
  return path.join(dir, 'bundle');
}

function validate(bundle: string): { code: number | null; output: string } {
  const run = spawnSync('bash', ['hack/olm/validate.sh', bundle], { cwd: repoRoot, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function editCsv(bundle: string, edit: (csv: Csv) => void): void {
  const file = path.join(bundle, 'manifests', path.basename(CSV_FILE));
  const csv = parse(readFileSync(file, 'utf8')) as Csv;
  edit(csv);
  writeFileSync(file, stringify(csv));
}

suite(`the OLM bundle${noGo ? ' (skipped: go is not installed, the validator cannot be built)' : ''}`, () => {
  it(
    'passes OLM validation, with each related image as RELATED_IMAGE_* env and in relatedImages',
    () => {
      const bundle = generate(['--related-image=kube-rbac-proxy=quay.io/brancz/kube-rbac-proxy:v0.19.1']);

      const result = validate(bundle);

      expect(result.output).toMatch(/\(virt-platform-autopilot\.v\d+\.\d+\.\d+\): 0 errors/);
      expect(result.code).toBe(0);
      const csv = parse(readFileSync(path.join(path.dirname(bundle), CSV_FILE), 'utf8')) as Csv;
      const env = csv.spec.install.spec.deployments[0]?.spec.template.spec.containers[0]?.env;
      expect(env).toContainEqual({
        name: 'RELATED_IMAGE_KUBE_RBAC_PROXY',
        value: 'quay.io/brancz/kube-rbac-proxy:v0.19.1',
      });
      expect(csv.spec.relatedImages.map((r) => r.name)).toEqual([
        'virt-platform-autopilot',
        'kube-rbac-proxy',
        'kubevirt-metrics-exporter',
      ]);
    },
    BUILD_MS,
  );

  it(
    'passes OLM validation as checked in',
    () => {
      const result = validate(path.join(repoRoot, 'bundle'));

      expect(result.code).toBe(0);
      // The exporter's image (hack/olm/related-images.yaml): without it the operator never deploys it.
      const csv = parse(readFileSync(path.join(repoRoot, CSV_FILE), 'utf8')) as Csv;
      const env = csv.spec.install.spec.deployments[0]?.spec.template.spec.containers[0]?.env;
      const exporter = env?.find((e) => e.name === 'RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER');
      expect(exporter?.value).toMatch(/^quay\.io\/openshift-virtualization\/kubevirt-metrics-exporter[:@]/);
      expect(csv.spec.relatedImages).toContainEqual({
        name: 'kubevirt-metrics-exporter',
        image: exporter?.value,
      });
    },
    BUILD_MS,
  );

  it.each<[string, (csv: Csv) => void, RegExp]>([
    ['spec.installModes is missing', (csv) => delete csv.spec.installModes, /install modes not found/],
    [
      'no spec.installModes entry is supported',
      (csv) => csv.spec.installModes?.forEach((m) => (m.supported = false)),
      /none of InstallModeTypes are supported/,
    ],
  ])(
    'fails OLM validation when %s',
    (_what, edit, error) => {
      const bundle = generate();
      editCsv(bundle, edit);

      const result = validate(bundle);

      expect(result.code).toBe(1);
      expect(result.output).toMatch(error);
    },
    BUILD_MS,
  );
});
