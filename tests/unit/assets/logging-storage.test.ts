import { describe, expect, it } from '@jest/globals';
import {
  LOGGING_STORAGE_CLASS,
  LOGGING_STORAGE_SECRET,
  LOGGING_STORAGE_TYPE,
  lokiStackSize,
  lokiStorage,
} from '../../../operator/assets/logging-storage.js';
import { InvalidUserValueError } from '../../../operator/assets/user-values.js';

const SECRET = { [LOGGING_STORAGE_SECRET]: 'loki-s3' };

describe('lokiStorage', () => {
  it.each<[string, string, Record<string, string>, object]>([
    ['AWS: S3 on gp3-csi', 'AWS', {}, { secretType: 's3', storageClassName: 'gp3-csi' }],
    [
      'Azure: Azure Blob on managed-csi',
      'Azure',
      {},
      { secretType: 'azure', storageClassName: 'managed-csi' },
    ],
    ['GCP: GCS on standard-csi', 'GCP', {}, { secretType: 'gcs', storageClassName: 'standard-csi' }],
    ['vSphere: S3-compatible on thin-csi', 'VSphere', {}, { secretType: 's3', storageClassName: 'thin-csi' }],
    [
      'bare metal with the class named',
      'BareMetal',
      { [LOGGING_STORAGE_CLASS]: 'lvms-vg1' },
      { secretType: 's3', storageClassName: 'lvms-vg1' },
    ],
    [
      'the annotations win over the platform',
      'AWS',
      { [LOGGING_STORAGE_CLASS]: ' io2 ', [LOGGING_STORAGE_TYPE]: 'swift' },
      { secretType: 'swift', storageClassName: 'io2' },
    ],
    [
      'a platform named like an Object.prototype key defaults to S3',
      'toString',
      { [LOGGING_STORAGE_CLASS]: 'lvms-vg1' },
      { secretType: 's3', storageClassName: 'lvms-vg1' },
    ],
  ])('%s', (_, platform, extra, expected) => {
    const storage = lokiStorage({ ...SECRET, ...extra }, platform);

    expect(storage).toEqual({ secretName: 'loki-s3', ...expected });
  });

  it.each<[string, Record<string, string>, string, string, RegExp]>([
    ['no Secret named', {}, 'AWS', LOGGING_STORAGE_SECRET, /must name the Secret in openshift-logging/],
    ['a blank Secret name', { [LOGGING_STORAGE_SECRET]: '  ' }, 'AWS', LOGGING_STORAGE_SECRET, /must name/],
    [
      'an invalid Secret name',
      { [LOGGING_STORAGE_SECRET]: 'Loki_S3' },
      'AWS',
      LOGGING_STORAGE_SECRET,
      /not a valid object name/,
    ],
    [
      'no class on a platform without a default',
      SECRET,
      'BareMetal',
      LOGGING_STORAGE_CLASS,
      /no default known for platform "BareMetal"/,
    ],
    ['no class and no platform (not OpenShift)', SECRET, '', LOGGING_STORAGE_CLASS, /platform "unknown"/],
    [
      'no class on a platform named like an Object.prototype key',
      SECRET,
      '__proto__',
      LOGGING_STORAGE_CLASS,
      /no default known for platform "__proto__"/,
    ],
    ['no class on platform "constructor"', SECRET, 'constructor', LOGGING_STORAGE_CLASS, /"constructor"/],
    [
      'an invalid class',
      { ...SECRET, [LOGGING_STORAGE_CLASS]: 'Fast Disks' },
      'AWS',
      LOGGING_STORAGE_CLASS,
      /not a valid object name/,
    ],
    [
      'an unknown storage type',
      { ...SECRET, [LOGGING_STORAGE_TYPE]: 'S3' },
      'AWS',
      LOGGING_STORAGE_TYPE,
      /"S3" is not one of s3, azure/,
    ],
  ])('refuses %s, naming the annotation', (_, annotations, platform, annotation, message) => {
    const attempt = () => lokiStorage(annotations, platform);

    expect(attempt).toThrow(InvalidUserValueError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as InvalidUserValueError).annotation).toBe(annotation);
    }
  });
});

describe('lokiStackSize', () => {
  it.each([
    [1, '1x.pico'],
    [3, '1x.pico'],
    [4, '1x.extra-small'],
    [10, '1x.extra-small'],
    [11, '1x.small'],
    [50, '1x.small'],
    [51, '1x.medium'],
    [500, '1x.medium'],
  ])('sizes a cluster of %i nodes as %s', (nodes, size) => {
    expect(lokiStackSize(nodes)).toBe(size);
  });
});
