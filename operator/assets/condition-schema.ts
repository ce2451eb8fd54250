import type { Condition } from './catalog.js';
import { isRecord } from './json.js';
import { HARDWARE_DETECTORS } from './hardware.js';
import { TOPOLOGY_BOOLEAN_FIELDS } from './topology.js';

type Report = (message: string) => void;
/** The condition types a catalog file may write (`unsafe-pool` comes from the pools expansion). */
type WrittenType = Exclude<Condition['type'], 'unsafe-pool'>;

const KEYS: Record<WrittenType, readonly string[]> = {
  annotation: ['key', 'value'],
  'feature-gate': ['name'],
  hardware: ['detector'],
  topology: ['field', 'value'],
  'hco-field-unconfigured': ['path'],
  image: ['key'],
};
const ANNOTATION_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DOTTED_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
// How imagesFromEnv names RELATED_IMAGE_FOO_BAR: foo-bar.
const IMAGE_KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Reads one catalog condition; `report` gets messages that start with `.field` or `:`. */
export function readCondition(raw: unknown, report: Report): Condition | undefined {
  if (!isRecord(raw)) {
    report(' must be a mapping with a type');
    return undefined;
  }
  const type = raw.type as WrittenType;
  const allowed = KEYS[type];
  if (typeof raw.type !== 'string' || !Object.hasOwn(KEYS, type) || allowed === undefined) {
    report(`.type must be one of ${Object.keys(KEYS).join(', ')}`);
    return undefined;
  }
  let ok = true;
  const fail: Report = (m) => {
    ok = false;
    report(m);
  };
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && !allowed.includes(key)) fail(`: unknown key ${key} for a ${type} condition`);
  }
  const condition = build(type, raw, fail);
  return ok ? condition : undefined;
}

function build(type: WrittenType, raw: Record<string, unknown>, fail: Report): Condition | undefined {
  switch (type) {
    case 'annotation': {
      const key = text(raw, 'key', ANNOTATION_KEY, 'an annotation key', fail);
      if (raw.value !== undefined && typeof raw.value !== 'string') {
        fail('.value must be a string (quote it: "true")');
      }
      if (key === undefined) return undefined;
      return typeof raw.value === 'string' ? { type, key, value: raw.value } : { type, key };
    }
    case 'feature-gate': {
      const name = text(raw, 'name', /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a feature gate name', fail);
      return name === undefined ? undefined : { type, name };
    }
    case 'hardware': {
      const detector = raw.detector;
      if (!HARDWARE_DETECTORS.includes(detector as (typeof HARDWARE_DETECTORS)[number])) {
        fail(`.detector must be one of ${HARDWARE_DETECTORS.join(', ')}`);
        return undefined;
      }
      return { type, detector: detector as (typeof HARDWARE_DETECTORS)[number] };
    }
    case 'topology': {
      if (!TOPOLOGY_BOOLEAN_FIELDS.includes(raw.field as string)) {
        fail(`.field must be a boolean topology fact: ${TOPOLOGY_BOOLEAN_FIELDS.join(', ')}`);
        return undefined;
      }
      if (raw.value !== undefined && typeof raw.value !== 'boolean') {
        fail('.value must be true or false');
        return undefined;
      }
      const field = raw.field as string;
      return typeof raw.value === 'boolean' ? { type, field, value: raw.value } : { type, field };
    }
    case 'hco-field-unconfigured': {
      const p = text(raw, 'path', DOTTED_PATH, 'a dotted path such as spec.virtualization.x', fail);
      return p === undefined ? undefined : { type, path: p };
    }
    case 'image': {
      const key = text(raw, 'key', IMAGE_KEY, 'an image key such as kubevirt-metrics-exporter', fail);
      return key === undefined ? undefined : { type, key };
    }
  }
}

function text(
  raw: Record<string, unknown>,
  key: string,
  pattern: RegExp,
  what: string,
  fail: Report,
): string | undefined {
  const value = raw[key];
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(`.${key} must be ${what}`);
    return undefined;
  }
  return value;
}
