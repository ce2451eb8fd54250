import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { mergeEmbeddedYaml } from '../../../../operator/pipeline/decisions/embedded-yaml.js';

const PATH = 'data.config.yaml';
const OURS = 'nodeExporter:\n  collectors:\n    ksmd:\n      enabled: true\n';
const configMap = (text: string | undefined): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cluster-monitoring-config', namespace: 'openshift-monitoring' },
  ...(text === undefined ? {} : { data: { 'config.yaml': text } }),
});
const merged = (live: string | undefined): unknown =>
  mergeEmbeddedYaml(configMap(OURS), live === undefined ? undefined : configMap(live), PATH).data;

describe('merging the autopilot YAML document into the live one in a shared string field', () => {
  it.each([
    ['keeps the rendered document when there is no live object', undefined, OURS],
    ['keeps the rendered document when the live field is empty', '', OURS],
    [
      "keeps the admin's other settings and adds the autopilot's keys",
      'prometheusK8s:\n  retention: 30d\nnodeExporter:\n  collectors:\n    cpufreq:\n      enabled: true\n',
      'nodeExporter:\n  collectors:\n    cpufreq:\n      enabled: true\n    ksmd:\n      enabled: true\nprometheusK8s:\n  retention: 30d\n',
    ],
    [
      "turns the autopilot's own key back on when the admin turned it off",
      'nodeExporter:\n  collectors:\n    ksmd:\n      enabled: false\n',
      'nodeExporter:\n  collectors:\n    ksmd:\n      enabled: true\n',
    ],
    [
      'keeps the live text byte for byte (comments, order) when it already says what the autopilot wants',
      '# ours\nalertmanagerMain: {enabled: false}\nnodeExporter: {collectors: {ksmd: {enabled: true}}}\n',
      '# ours\nalertmanagerMain: {enabled: false}\nnodeExporter: {collectors: {ksmd: {enabled: true}}}\n',
    ],
  ])('%s', (_case, live, expected) => {
    expect(merged(live)).toEqual({ 'config.yaml': expected });
  });

  it.each([
    ['is not YAML', 'prometheusK8s: [unclosed', /data.config.yaml is not valid YAML/],
    ['is a list, not a mapping', '- a\n- b\n', /data.config.yaml is not a YAML mapping/],
  ])('refuses, rather than overwrites, a live document that %s', (_case, live, message) => {
    expect(() => merged(live)).toThrow(message);
  });
});
