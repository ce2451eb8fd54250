import { InvalidUserValueError, parseObjectName } from './user-values.js';

/** HCO annotations that say where the logging stack's LokiStack keeps its data (docs/logging.md). */
export const LOGGING_STORAGE_SECRET = 'platform.kubevirt.io/logging-storage-secret';
export const LOGGING_STORAGE_CLASS = 'platform.kubevirt.io/logging-storage-class';
export const LOGGING_STORAGE_TYPE = 'platform.kubevirt.io/logging-storage-type';

/** The object storage kinds the LokiStack CRD accepts (spec.storage.secret.type). */
export const LOKI_STORAGE_TYPES = ['s3', 'azure', 'gcs', 'swift', 'alibabacloud'] as const;
export type LokiStorageType = (typeof LOKI_STORAGE_TYPES)[number];

/** Object storage by platform (Infrastructure status.platformStatus.type); S3-compatible elsewhere. */
const PLATFORM_STORAGE_TYPE: ReadonlyMap<string, LokiStorageType> = new Map([
  ['Azure', 'azure'],
  ['GCP', 'gcs'],
  ['AlibabaCloud', 'alibabacloud'],
]);

/**
 * The StorageClass OpenShift installs by default on a platform, for the LokiStack's volumes. Maps,
 * not object literals: the platform comes from the cluster, and `__proto__` or `constructor` must
 * find nothing.
 */
const PLATFORM_STORAGE_CLASS: ReadonlyMap<string, string> = new Map([
  ['AWS', 'gp3-csi'],
  ['Azure', 'managed-csi'],
  ['GCP', 'standard-csi'],
  ['VSphere', 'thin-csi'],
  ['OpenStack', 'standard-csi'],
]);

export interface LokiStorage {
  secretName: string;
  secretType: LokiStorageType;
  storageClassName: string;
}

/**
 * Where the LokiStack stores logs, from the HCO annotations and the platform. The Secret has no
 * default (it holds credentials only the admin has), and the StorageClass has one only on the
 * platforms listed above: a missing value holds the LokiStack with a message naming the
 * annotation to set, instead of an apply the API server would refuse.
 */
export function lokiStorage(annotations: Readonly<Record<string, string>>, platform: string): LokiStorage {
  const secretName = parseObjectName(annotations[LOGGING_STORAGE_SECRET], LOGGING_STORAGE_SECRET);
  if (secretName === undefined) {
    throw new InvalidUserValueError(
      LOGGING_STORAGE_SECRET,
      'must name the Secret in openshift-logging that holds the object storage credentials for the LokiStack',
    );
  }
  const storageClassName =
    parseObjectName(annotations[LOGGING_STORAGE_CLASS], LOGGING_STORAGE_CLASS) ??
    PLATFORM_STORAGE_CLASS.get(platform);
  if (storageClassName === undefined) {
    throw new InvalidUserValueError(
      LOGGING_STORAGE_CLASS,
      `must name a StorageClass for the LokiStack's volumes (no default known for platform ${JSON.stringify(platform || 'unknown')})`,
    );
  }
  return {
    secretName,
    secretType: storageType(annotations[LOGGING_STORAGE_TYPE], platform),
    storageClassName,
  };
}

function storageType(raw: string | undefined, platform: string): LokiStorageType {
  const value = (raw ?? '').trim();
  if (value === '') return PLATFORM_STORAGE_TYPE.get(platform) ?? 's3';
  if (!(LOKI_STORAGE_TYPES as readonly string[]).includes(value)) {
    throw new InvalidUserValueError(
      LOGGING_STORAGE_TYPE,
      `${JSON.stringify(value.slice(0, 64))} is not one of ${LOKI_STORAGE_TYPES.join(', ')}`,
    );
  }
  return value as LokiStorageType;
}

/**
 * The LokiStack size for a cluster of `nodes` nodes: each size ingests several times the logs of
 * the one before (1x.pico about 50 GB a day, 1x.medium about 2 TB). The admin can override it
 * with the patch annotation on the LokiStack.
 */
export function lokiStackSize(nodes: number): string {
  if (nodes <= 3) return '1x.pico';
  if (nodes <= 10) return '1x.extra-small';
  if (nodes <= 50) return '1x.small';
  return '1x.medium';
}
