import { describe, expect, it } from '@jest/globals';
import {
  resolveKubeconfig,
  type KubeconfigFile,
} from '../../../../operator/kube/credentials/kubeconfig-merge.js';

function doc(
  current: string | undefined,
  name: string,
  extra: { server?: string; ca?: string } = {},
): unknown {
  return {
    ...(current ? { 'current-context': current } : {}),
    clusters: [
      { name, cluster: { server: extra.server ?? `https://${name}`, 'certificate-authority': extra.ca } },
    ],
    users: [{ name, user: { tokenFile: `${name}.token`, 'client-key': '/abs/key.pem' } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
  };
}

describe('resolving a kubeconfig', () => {
  it('picks the current context, its cluster and its user', () => {
    const resolved = resolveKubeconfig([{ path: '/etc/kube/config', doc: doc('a', 'a') }]);

    expect(resolved.context).toBe('a');
    expect(resolved.cluster.server).toBe('https://a');
    expect(resolved.userName).toBe('a');
  });

  it('resolves relative file names against the file that names them, and keeps absolute ones', () => {
    const resolved = resolveKubeconfig([
      { path: '/etc/kube/config', doc: doc('a', 'a', { ca: 'pki/ca.crt' }) },
    ]);

    expect(resolved.cluster['certificate-authority']).toBe('/etc/kube/pki/ca.crt');
    expect(resolved.user['tokenFile']).toBe('/etc/kube/a.token');
    expect(resolved.user['client-key']).toBe('/abs/key.pem');
  });

  it.each<[string, KubeconfigFile[], string]>([
    [
      'the first current-context wins',
      [
        { path: '/1/c', doc: doc('a', 'a') },
        { path: '/2/c', doc: doc('b', 'b') },
      ],
      'https://a',
    ],
    [
      'a later file supplies a missing current-context',
      [
        { path: '/1/c', doc: doc(undefined, 'a') },
        { path: '/2/c', doc: doc('a', 'b') },
      ],
      'https://a',
    ],
    [
      'the first file naming an entry wins',
      [
        { path: '/1/c', doc: doc('x', 'x', { server: 'https://first' }) },
        { path: '/2/c', doc: doc('x', 'x', { server: 'https://second' }) },
      ],
      'https://first',
    ],
  ])('merges like kubectl: %s', (_name, files, server) => {
    expect(resolveKubeconfig(files).cluster.server).toBe(server);
  });

  it('accepts a context without a user (anonymous)', () => {
    const files = [
      {
        path: '/c',
        doc: {
          'current-context': 'a',
          clusters: [{ name: 'a', cluster: { server: 'https://a' } }],
          contexts: [{ name: 'a', context: { cluster: 'a' } }],
        },
      },
    ];

    expect(resolveKubeconfig(files).user).toEqual({});
  });

  it.each<[string, unknown, RegExp]>([
    ['no current context', { clusters: [] }, /has no current-context/],
    ['an unknown context', { 'current-context': 'nope' }, /context "nope" is not defined/],
    [
      'an unknown cluster',
      { 'current-context': 'a', contexts: [{ name: 'a', context: { cluster: 'c', user: 'u' } }] },
      /cluster "c" is not defined/,
    ],
    [
      'a cluster without server',
      {
        'current-context': 'a',
        contexts: [{ name: 'a', context: { cluster: 'c' } }],
        clusters: [{ name: 'c', cluster: {} }],
      },
      /cluster "c" has no server/,
    ],
    [
      'an unknown user',
      {
        'current-context': 'a',
        contexts: [{ name: 'a', context: { cluster: 'c', user: 'u' } }],
        clusters: [{ name: 'c', cluster: { server: 'https://c' } }],
      },
      /user "u" is not defined/,
    ],
    ['not a mapping at all', 'just text', /has no current-context/],
  ])('refuses %s', (_name, body, message) => {
    expect(() => resolveKubeconfig([{ path: '/c', doc: body }])).toThrow(message);
  });
});
