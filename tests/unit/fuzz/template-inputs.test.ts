import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../../operator/assets/catalog.js';
import { buildRenderContext } from '../../../operator/assets/context.js';
import { RenderError, TemplateRenderer } from '../../../operator/assets/renderer.js';
import {
  InvalidUserValueError,
  parsePciIds,
  parseUsbHostDevices,
  USB_HOST_DEVICES,
  VFIO_DEVICE_IDS,
} from '../../../operator/assets/user-values.js';
import {
  LOGGING_STORAGE_CLASS,
  LOGGING_STORAGE_SECRET,
  LOGGING_STORAGE_TYPE,
  LOKI_STORAGE_TYPES,
  lokiStorage,
} from '../../../operator/assets/logging-storage.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { repoRoot } from '../../support/paths.js';
import { TEST_IMAGES } from '../assets/support/fixtures.js';

/** Runs per property: FUZZ_RUNS (default 1000; FUZZ_RUNS=50000 for the long mode). */
const RUNS = Number(process.env.FUZZ_RUNS ?? '') > 0 ? Number(process.env.FUZZ_RUNS) : 1000;
const TIMEOUT_MS = Math.max(120_000, RUNS * 30);
const TEMPLATES = path.join(repoRoot, 'templates');
const fixture = (...parts: string[]): unknown =>
  parse(readFileSync(path.join(repoRoot, 'tests', 'fixtures', ...parts), 'utf8'));

const hex4 = fc.stringMatching(/^[0-9a-fA-F]{4}$/);
const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    ',',
    ':',
    '=',
    '+',
    '[',
    ']',
    '{}',
    '"',
    '\n',
    '__proto__',
    '{{ 7*7 }}',
    '{% raw %}',
  ),
);
const pair = fc.tuple(hex4, hex4).map(([a, b]) => `${a}:${b}`);
const separator = fc.constantFrom(',', ', ', ' ,', ',,', '\n,');
/** Lists that are mostly well formed, with junk mixed in often enough to hit every error path. */
const listOf = (item: fc.Arbitrary<string>) =>
  fc
    .tuple(
      fc.array(fc.oneof({ weight: 4, arbitrary: item }, { weight: 1, arbitrary: junk }), { maxLength: 6 }),
      separator,
    )
    .map(([items, sep]) => items.join(sep));
const resourceName = fc.oneof(
  fc.constantFrom('kubevirt.io/usb-storage', 'example.com/yubikey', 'a/b'),
  fc.string({ maxLength: 10 }),
);
const usbCompact = listOf(
  fc
    .tuple(resourceName, fc.array(pair, { minLength: 1, maxLength: 3 }))
    .map(([name, pairs]) => `${name}=${pairs.join('+')}`),
);
const usbJson = fc
  .array(
    fc.record(
      {
        resourceName,
        selectors: fc.array(fc.oneof(fc.record({ vendor: hex4, product: hex4 }), fc.anything()), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 4 },
  )
  .map((entries) => JSON.stringify(entries));
const vfioValue = fc.oneof(listOf(pair), junk);
const usbValue = fc.oneof(usbCompact, usbJson, junk, fc.json());
const objectName = fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/), junk);
const storageType = fc.oneof(fc.constantFrom(...LOKI_STORAGE_TYPES, 'S3', ' gcs '), junk);
const loggingStorage = fc.record({
  secret: fc.option(objectName),
  storageClass: fc.option(objectName),
  type: fc.option(storageType),
});
const LOGGING_KEYS = [LOGGING_STORAGE_SECRET, LOGGING_STORAGE_CLASS, LOGGING_STORAGE_TYPE];

/** The logging storage annotations: set to the drawn value, or removed for null. */
function withLoggingStorage(
  annotations: Record<string, string>,
  drawn: { secret: string | null; storageClass: string | null; type: string | null },
): Record<string, string> {
  const out = { ...annotations };
  const values = [drawn.secret, drawn.storageClass, drawn.type];
  LOGGING_KEYS.forEach((key, i) => {
    const value = values[i];
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  });
  return out;
}

/** The value, or the typed error naming the annotation; any other throw fails the property. */
function userValue<T>(fn: () => T): T | InvalidUserValueError {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidUserValueError) return err;
    throw err;
  }
}

describe('user values that reach templates', () => {
  it('vfio-device-ids parses to sorted, unique, lower-case vendor:device pairs or names the annotation', () => {
    fc.assert(
      fc.property(vfioValue, (raw) => {
        const result = userValue(() => parsePciIds(raw, VFIO_DEVICE_IDS));

        if (result instanceof InvalidUserValueError) return expect(result.annotation).toBe(VFIO_DEVICE_IDS);
        for (const id of result) expect(id).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/);
        expect(result).toEqual([...new Set(result)].sort());
      }),
      { numRuns: RUNS },
    );
  });

  it('usb-host-devices parses to entries sorted by resource name with lower-case selectors, or names the annotation', () => {
    fc.assert(
      fc.property(usbValue, (raw) => {
        const result = userValue(() => parseUsbHostDevices(raw, USB_HOST_DEVICES));

        if (result instanceof InvalidUserValueError) return expect(result.annotation).toBe(USB_HOST_DEVICES);
        expect(result.map((d) => d.resourceName)).toEqual(result.map((d) => d.resourceName).sort());
        for (const device of result) {
          expect(device.selectors.length).toBeGreaterThan(0);
          for (const s of device.selectors)
            expect(`${s.vendor}:${s.product}`).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the logging storage annotations', () => {
  it('give a Secret, a storage type of the CRD and a StorageClass, or name the annotation at fault', () => {
    const platform = fc.oneof(fc.constantFrom('AWS', 'Azure', 'GCP', 'BareMetal', 'None', ''), junk);
    fc.assert(
      fc.property(loggingStorage, platform, (drawn, cloud) => {
        const result = userValue(() => lokiStorage(withLoggingStorage({}, drawn), cloud));

        if (result instanceof InvalidUserValueError) return expect(LOGGING_KEYS).toContain(result.annotation);
        expect(result.secretName).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
        expect(result.storageClassName).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
        expect(LOKI_STORAGE_TYPES).toContain(result.secretType);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('rendering the whole catalog from an HCO carrying random user values', () => {
  const catalog = loadCatalog(TEMPLATES);
  const renderer = new TemplateRenderer(TEMPLATES);
  const baseHco = fixture('hco', 'fully-opted-in.yaml') as KubeObject;
  const nodes = (fixture('nodes', 'all-hardware.yaml') as { items: KubeObject[] }).items;
  const switches = fc.dictionary(
    fc.constantFrom(
      ...catalog.assets.flatMap((a) => a.features.map((f) => f.name)),
      'platform.kubevirt.io/enable-vfio',
      'platform.kubevirt.io/enable-usb-passthrough',
    ),
    fc.oneof(fc.constantFrom('true', 'false', 'TRUE', ''), junk),
  );
  const spec = fc.record(
    {
      featureGates: fc.oneof(
        fc.array(
          fc.record({
            name: fc.oneof(fc.constantFrom('CPUManager', 'Snapshot'), junk),
            state: fc.constantFrom('Enabled', 'Disabled'),
          }),
          { maxLength: 3 },
        ),
        fc.anything(),
      ),
      virtualization: fc.oneof(
        fc.record({
          liveMigrationConfig: fc.record(
            {
              parallelMigrationsPerCluster: fc.oneof(fc.nat(), junk),
              parallelOutboundMigrationsPerNode: fc.oneof(fc.nat(), junk),
            },
            { requiredKeys: [] },
          ),
        }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );
  const hcoInput = fc.record({
    vfio: fc.option(vfioValue),
    usb: fc.option(usbValue),
    logging: loggingStorage,
    switches,
    spec,
  });

  it(
    'renders valid objects, or fails with a RenderError that names the bad annotation',
    () => {
      fc.assert(
        fc.property(hcoInput, ({ vfio, usb, logging, switches: extra, spec: userSpec }) => {
          const annotations = withLoggingStorage({ ...baseHco.metadata.annotations, ...extra }, logging);
          if (vfio === null) delete annotations[VFIO_DEVICE_IDS];
          else annotations[VFIO_DEVICE_IDS] = vfio;
          if (usb === null) delete annotations[USB_HOST_DEVICES];
          else annotations[USB_HOST_DEVICES] = usb;
          const hco = {
            ...baseHco,
            metadata: { ...baseHco.metadata, annotations },
            spec: { ...(baseHco.spec as object), ...userSpec },
          };
          const ctx = buildRenderContext({ hco, nodes, env: {}, images: TEST_IMAGES });

          for (const asset of catalog.assets) {
            let rendered: KubeObject | undefined;
            try {
              rendered = renderer.render(asset, ctx);
            } catch (err) {
              if (!(err instanceof RenderError)) throw err;
              if (err.cause instanceof InvalidUserValueError)
                expect([VFIO_DEVICE_IDS, USB_HOST_DEVICES, ...LOGGING_KEYS]).toContain(err.annotation);
              continue;
            }
            if (rendered === undefined) continue;
            expect(typeof rendered.apiVersion).toBe('string');
            expect(typeof rendered.kind).toBe('string');
            expect(rendered.metadata.name).toEqual(expect.any(String));
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'renders every asset without error when the VFIO device IDs are well formed',
    () => {
      fc.assert(
        fc.property(
          listOf(pair).filter((v) => !(userValue(() => parsePciIds(v, VFIO_DEVICE_IDS)) instanceof Error)),
          (vfio) => {
            const hco = {
              ...baseHco,
              metadata: {
                ...baseHco.metadata,
                annotations: { ...baseHco.metadata.annotations, [VFIO_DEVICE_IDS]: vfio },
              },
            };
            const ctx = buildRenderContext({ hco, nodes, env: {}, images: TEST_IMAGES });

            const failures = catalog.assets.flatMap((asset) => {
              try {
                renderer.render(asset, ctx);
                return [];
              } catch (err) {
                return [(err as Error).message];
              }
            });

            expect(failures).toEqual([]);
          },
        ),
        { numRuns: Math.max(50, Math.floor(RUNS / 10)) },
      );
    },
    TIMEOUT_MS,
  );
});
