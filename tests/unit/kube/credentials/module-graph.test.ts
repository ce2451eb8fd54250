import { describe, expect, it, jest } from '@jest/globals';

// Counts imports of client-node: resident it costs ~80 MiB, so only an exec plugin may load it.
const clientNode = { imported: 0 };
jest.unstable_mockModule('@kubernetes/client-node', () => {
  clientNode.imported += 1;
  return {};
});

describe('the operator module graph', () => {
  it('does not import client-node for the CLI, the operator or the kube client', async () => {
    await import('../../../../operator/cli/cli.js');
    await import('../../../../operator/main.js');
    await import('../../../../operator/kube/node-client.js');

    expect(clientNode.imported).toBe(0);
  });
});
