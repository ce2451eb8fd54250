import { describe, expect, it } from '@jest/globals';
import { chooseCredentialSource } from '../../../../operator/kube/credentials/load.js';
import type { CredentialSettings } from '../../../../operator/kube/credentials/types.js';

const SA = { tokenFile: '/sa/token', caFile: '/sa/ca.crt' };
const POD = { ...SA, host: '10.0.0.1', port: '443' };

describe('choosing where credentials come from', () => {
  it.each<[string, CredentialSettings, string[], unknown]>([
    [
      'an explicit kubeconfig beats the Pod',
      { kubeconfig: '/k', inCluster: POD },
      [],
      { kind: 'kubeconfig', files: ['/k'] },
    ],
    [
      'a $KUBECONFIG list keeps its order',
      { kubeconfig: '/a:/b', inCluster: SA },
      [],
      { kind: 'kubeconfig', files: ['/a', '/b'] },
    ],
    [
      'the Pod beats ~/.kube/config',
      { inCluster: POD, home: '/home/u' },
      ['/home/u/.kube/config'],
      { kind: 'in-cluster' },
    ],
    [
      '~/.kube/config outside a Pod',
      { inCluster: SA, home: '/home/u' },
      ['/home/u/.kube/config'],
      { kind: 'kubeconfig', files: ['/home/u/.kube/config'] },
    ],
    [
      'an empty kubeconfig list falls through',
      { kubeconfig: ':', inCluster: POD },
      [],
      { kind: 'in-cluster' },
    ],
    [
      'only a host is no Pod',
      { inCluster: { ...SA, host: '10.0.0.1' }, home: '/h' },
      ['/h/.kube/config'],
      { kind: 'kubeconfig', files: ['/h/.kube/config'] },
    ],
  ])('%s', (_name, settings, existing, expected) => {
    expect(chooseCredentialSource(settings, (f) => existing.includes(f))).toEqual(expected);
  });

  it('says what to do when there are no credentials anywhere', () => {
    expect(() => chooseCredentialSource({ inCluster: SA, home: '/h' }, () => false)).toThrow(
      /no credentials: give --kubeconfig/,
    );
  });
});
