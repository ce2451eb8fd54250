import { isRecord } from './json.js';

/** HCO annotations whose values end up inside rendered objects; validated before any template sees them. */
export const VFIO_DEVICE_IDS = 'platform.kubevirt.io/vfio-device-ids';
export const USB_HOST_DEVICES = 'platform.kubevirt.io/usb-host-devices';
export const SBR_STORAGE_CLASS = 'platform.kubevirt.io/sbr-storage-class';

const MAX_ENTRIES = 256;
const PAIR = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A user-supplied annotation value is unusable; the message starts with the annotation key. */
export class InvalidUserValueError extends Error {
  constructor(
    readonly annotation: string,
    problem: string,
  ) {
    super(`${annotation}: ${problem}`);
    this.name = 'InvalidUserValueError';
  }
}

export interface UsbSelector {
  vendor: string;
  product: string;
}

/** One HCO v1 `permittedHostDevices.usbHostDevices` entry. */
export interface UsbHostDevice {
  resourceName: string;
  selectors: UsbSelector[];
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The name of an object such as a StorageClass (a DNS subdomain, at most 253 characters), or
 * undefined when the annotation is absent or blank.
 */
export function parseObjectName(raw: string | undefined, annotation: string): string | undefined {
  const name = (raw ?? '').trim();
  if (name === '') return undefined;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw invalid(annotation, `${show(name)} is not a valid object name (lowercase DNS subdomain)`);
  }
  return name;
}

/**
 * `10de:1eb8, 10DE:1db6` → `['10de:1db6', '10de:1eb8']`: lower-cased, de-duplicated and sorted,
 * so the same set always renders the same bytes (a MachineConfig change reboots a pool).
 */
export function parsePciIds(raw: string | undefined, annotation: string): string[] {
  const tokens = splitList(raw, annotation, 'a comma-separated list of PCI vendor:device pairs');
  const ids = new Set<string>();
  for (const token of tokens) {
    if (!PAIR.test(token)) throw invalid(annotation, `${show(token)} is not a PCI vendor:device pair`);
    ids.add(token.toLowerCase());
  }
  return [...ids].sort();
}

/**
 * USB devices to permit, in either form:
 * - compact: `kubevirt.io/storage=46f4:0001, example.com/token=1050:0407+1050:0408`
 * - JSON, as in the HCO schema: `[{"resourceName": "kubevirt.io/storage", "selectors": [{"vendor": "46f4", "product": "0001"}]}]`
 * Entries are sorted by resource name; hex digits are lower-cased.
 */
export function parseUsbHostDevices(raw: string | undefined, annotation: string): UsbHostDevice[] {
  const trimmed = (raw ?? '').trim();
  const entries = trimmed.startsWith('[') ? fromJson(trimmed, annotation) : fromCompact(raw, annotation);
  const byName = new Map<string, UsbHostDevice>();
  for (const entry of entries) {
    const seen = byName.get(entry.resourceName);
    if (seen && JSON.stringify(seen) !== JSON.stringify(entry)) {
      throw invalid(annotation, `${show(entry.resourceName)} is listed twice with different devices`);
    }
    byName.set(entry.resourceName, entry);
  }
  return [...byName.values()].sort((a, b) => (a.resourceName < b.resourceName ? -1 : 1));
}

function fromCompact(raw: string | undefined, annotation: string): UsbHostDevice[] {
  const what = 'a comma-separated list of resourceName=vendor:product entries';
  return splitList(raw, annotation, what).map((token) => {
    const eq = token.indexOf('=');
    if (eq < 0) throw invalid(annotation, `${show(token)} is not a resourceName=vendor:product entry`);
    const selectors = token
      .slice(eq + 1)
      .split('+')
      .map((pair) => compactSelector(pair.trim(), annotation));
    return entry(token.slice(0, eq).trim(), selectors, annotation);
  });
}

function fromJson(text: string, annotation: string): UsbHostDevice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(annotation, 'is not valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw invalid(annotation, 'must be a non-empty JSON list');
  if (parsed.length > MAX_ENTRIES) throw invalid(annotation, `lists more than ${MAX_ENTRIES} entries`);
  return parsed.map((item: unknown) => {
    if (!isRecord(item) || !Array.isArray(item.selectors)) {
      throw invalid(annotation, 'each entry needs resourceName and a selectors list');
    }
    const extra = Object.keys(item).find((k) => k !== 'resourceName' && k !== 'selectors');
    if (extra !== undefined) throw invalid(annotation, `unknown field ${show(extra)}`);
    const selectors = item.selectors.map((s: unknown) => jsonSelector(s, annotation));
    return entry(item.resourceName, selectors, annotation);
  });
}

function entry(resourceName: unknown, selectors: UsbSelector[], annotation: string): UsbHostDevice {
  if (typeof resourceName !== 'string' || !RESOURCE_NAME.test(resourceName) || resourceName.length > 253) {
    throw invalid(annotation, `${show(resourceName)} is not a resource name such as kubevirt.io/usb-storage`);
  }
  if (selectors.length === 0) throw invalid(annotation, `${show(resourceName)} lists no USB device`);
  const unique = new Map(selectors.map((s) => [`${s.vendor}:${s.product}`, s]));
  return { resourceName, selectors: [...unique.values()] };
}

function compactSelector(pair: string, annotation: string): UsbSelector {
  const match = PAIR.exec(pair);
  if (!match) throw invalid(annotation, `${show(pair)} is not a USB vendor:product pair`);
  return { vendor: (match[1] ?? '').toLowerCase(), product: (match[2] ?? '').toLowerCase() };
}

function jsonSelector(raw: unknown, annotation: string): UsbSelector {
  const vendor = isRecord(raw) ? raw.vendor : undefined;
  const product = isRecord(raw) ? raw.product : undefined;
  if (
    typeof vendor !== 'string' ||
    typeof product !== 'string' ||
    !HEX4.test(vendor) ||
    !HEX4.test(product)
  ) {
    const shown = isRecord(raw) ? `${String(vendor)}:${String(product)}` : raw;
    throw invalid(annotation, `${show(shown)} is not a USB vendor:product pair`);
  }
  return { vendor: vendor.toLowerCase(), product: product.toLowerCase() };
}

function splitList(raw: string | undefined, annotation: string, what: string): string[] {
  const tokens = (raw ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (tokens.length === 0) throw invalid(annotation, `must be set to ${what}`);
  if (tokens.length > MAX_ENTRIES) throw invalid(annotation, `lists more than ${MAX_ENTRIES} entries`);
  return tokens;
}

function invalid(annotation: string, problem: string): InvalidUserValueError {
  return new InvalidUserValueError(annotation, problem);
}

/** A user value quoted for a message, escaped and cut short. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 61)}...` : text);
}
