import { describe, expect, it } from '@jest/globals';
import { findOrphans } from '../../../operator/handlers/orphans.js';
import type { Request } from '../../../operator/handlers/request.js';
import { StatusBoard } from '../../../operator/handlers/status-board.js';
import type { KubeObject } from '../../../operator/kube/types.js';

const obj = (kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

// Imported inside the tests: PASS and assetRequest are module-level, and Stryker counts a
// module-level line as checked only by a test during which it ran (see docs/mutation-testing.md).
const requests = () => import('../../../operator/handlers/request.js');

describe('the queue key of a request', () => {
  it('keys the pass and each asset apart, and builds the requests it keys', async () => {
    const { assetRequest, PASS, requestKey } = await requests();

    expect(PASS).toEqual({ kind: 'pass' });
    expect(assetRequest('swap-enable')).toEqual({ kind: 'asset', asset: 'swap-enable' });
    expect([PASS, assetRequest('swap-enable'), assetRequest('pass')].map(requestKey)).toEqual([
      'pass',
      'asset/swap-enable',
      'asset/pass',
    ]);
  });

  it('gives equal requests one key and different assets different keys', async () => {
    const { assetRequest, requestKey } = await requests();
    const same: Request = { kind: 'asset', asset: 'a' };

    expect(requestKey(assetRequest('a'))).toBe(requestKey(same));
    expect(requestKey(assetRequest('a'))).not.toBe(requestKey(assetRequest('b')));
  });
});

describe('orphans: labelled objects nothing renders or tombstones', () => {
  it('reports only what no enabled asset renders and no tombstone names, sorted by key', () => {
    const labelled = [
      obj('Service', 'z', 'ns'),
      obj('ConfigMap', 'rendered', 'ns'),
      obj('MachineConfig', 'tombstoned'),
      obj('ConfigMap', 'a', 'ns'),
    ];

    const orphans = findOrphans({
      labelled,
      rendered: new Set(['ConfigMap/ns/rendered']),
      tombstoned: new Set(['MachineConfig/tombstoned']),
    });

    expect(orphans.map((o) => o.metadata.name)).toEqual(['a', 'z']);
  });

  it('reports nothing when everything labelled is accounted for', () => {
    const orphans = findOrphans({
      labelled: [obj('Service', 'a', 'ns')],
      rendered: new Set(['Service/ns/a']),
      tombstoned: new Set(),
    });

    expect(orphans).toEqual([]);
  });
});

describe('the status board', () => {
  it('keeps the latest status per asset, listed by asset name', () => {
    const board = new StatusBoard();

    board.setAsset({ asset: 'b', outcome: 'applied', at: 't1' });
    board.setAsset({ asset: 'a', outcome: 'held', at: 't1' });
    board.setAsset({ asset: 'b', outcome: 'unchanged', at: 't2' });

    expect(board.assetStatuses()).toEqual([
      { asset: 'a', outcome: 'held', at: 't1' },
      { asset: 'b', outcome: 'unchanged', at: 't2' },
    ]);
  });

  it('replaces the tombstone list with the latest pass', () => {
    const board = new StatusBoard();
    board.setTombstones([{ kind: 'MachineConfig', name: 'a', release: 'v0.1', status: 'failed' }]);

    board.setTombstones([{ kind: 'MachineConfig', name: 'a', release: 'v0.1', status: 'deleted' }]);

    expect(board.tombstones()).toEqual([
      { kind: 'MachineConfig', name: 'a', release: 'v0.1', status: 'deleted' },
    ]);
  });

  it('lists orphans by kind, name and namespace only (none for cluster-scoped objects)', () => {
    const board = new StatusBoard();
    const namespaced = { ...obj('ConfigMap', 'a', 'ns'), data: { secret: 'x' } };
    const nameless: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: {} };

    board.setOrphans([namespaced, obj('MachineConfig', 'b'), nameless]);

    expect(board.orphans()).toEqual([
      { kind: 'ConfigMap', name: 'a', namespace: 'ns' },
      { kind: 'MachineConfig', name: 'b' },
      { kind: 'Service', name: '' },
    ]);
  });

  it('starts empty', () => {
    const board = new StatusBoard();

    expect([board.assetStatuses(), board.tombstones(), board.orphans()]).toEqual([[], [], []]);
  });
});
