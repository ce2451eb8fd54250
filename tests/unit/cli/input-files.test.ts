import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../../operator/config.js';
import { parseHcoText, parseNodesText, readInputFile } from '../../../operator/render/input-files.js';

const HCO = `apiVersion: hco.kubevirt.io/v1
kind: HyperConverged
metadata:
  name: kubevirt-hyperconverged
  namespace: openshift-cnv
  annotations:
    platform.kubevirt.io/enable-mtv: "true"
spec: {}
`;

const node = (name: string): string =>
  `{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "${name}", "labels": {"a": "b"}}}`;

describe('parseHcoText', () => {
  it.each<[string, string]>([
    ['a YAML HyperConverged', HCO],
    ['a JSON HyperConverged', JSON.stringify({ ...parseHcoText(HCO, 'x') })],
    [
      'a List holding one HyperConverged',
      `apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify(parseHcoText(HCO, 'x'))}\n`,
    ],
    ['a HyperConverged after a comment and a document marker', `# mine\n---\n${HCO}`],
  ])('reads %s', (_case, text) => {
    const hco = parseHcoText(text, 'hco.yaml');

    expect(hco.metadata.annotations?.['platform.kubevirt.io/enable-mtv']).toBe('true');
    expect(hco.metadata.namespace).toBe('openshift-cnv');
  });

  it.each<[string, string, RegExp]>([
    ['an empty file', '', /^hco\.yaml: is empty; expected a HyperConverged$/],
    ['broken YAML', 'a: [\n', /^hco\.yaml: not valid YAML or JSON: /],
    [
      'two documents',
      `${HCO}---\n${HCO}`,
      /^hco\.yaml: holds 2 objects \(HyperConverged\); expected exactly one/,
    ],
    [
      'a ConfigMap',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      /^hco\.yaml: is a ConfigMap, not a HyperConverged$/,
    ],
    ['a scalar', 'hello', /^hco\.yaml: is a document without a kind, not a HyperConverged$/],
    [
      'another group',
      HCO.replace('hco.kubevirt.io/v1', 'example.com/v1'),
      /^hco\.yaml: apiVersion is "example.com\/v1"; expected hco\.kubevirt\.io\/v1$/,
    ],
    [
      'another name',
      HCO.replace('name: kubevirt-hyperconverged', 'name: mine'),
      /^hco\.yaml: metadata\.name is "mine"; the operator only manages kubevirt-hyperconverged$/,
    ],
    [
      'an unquoted boolean annotation',
      HCO.replace('"true"', 'true'),
      /^hco\.yaml: metadata\.annotations must map names to strings/,
    ],
    ['a spec that is a list', HCO.replace('spec: {}', 'spec: []'), /^hco\.yaml: spec is not a mapping$/],
  ])('rejects %s with a message naming the file', (_case, text, message) => {
    const parse = (): unknown => parseHcoText(text, 'hco.yaml');

    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
  });
});

describe('parseNodesText', () => {
  it.each<[string, string, string[]]>([
    ['one Node', node('a'), ['a']],
    ['a JSON array of Nodes', `[${node('a')}, ${node('b')}]`, ['a', 'b']],
    ['a NodeList', `{"apiVersion": "v1", "kind": "NodeList", "items": [${node('a')}]}`, ['a']],
    ['several documents', `${node('a')}\n---\n${node('b')}\n`, ['a', 'b']],
    ['an empty file', '', []],
  ])('reads %s', (_case, text, names) => {
    const nodes = parseNodesText(text, 'nodes.yaml');

    expect(nodes.map((n) => n.metadata.name)).toEqual(names);
  });

  it('names the file and the object that is not a Node', () => {
    const parse = (): unknown => parseNodesText(`[${node('a')}, {"kind": "Pod", "metadata": {}}]`, 'n.json');

    expect(parse).toThrow(/^n\.json: object 1 is a Pod, not a Node$/);
  });
});

describe('readInputFile', () => {
  it('names a file it cannot read', () => {
    const read = (): unknown => readInputFile('/nonexistent/hco.yaml');

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^\/nonexistent\/hco\.yaml: cannot read: ENOENT/);
  });
});
