import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import winston from 'winston';
import { OperatorError } from '../../../operator/errors.js';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { LeaderElector } from '../../../operator/runtime/leader-election.js';
import { parseMicroTime, type LeaseSpec } from '../../../operator/runtime/lease-record.js';
import { adminClient, createNamespace, eventually, uniqueName } from '../../support/cluster.js';

// Short timings (client-go's ratios): the lease outlives the renew deadline by a second.
const LEASE_MS = 4000;
const TIMINGS = { leaseDurationMs: LEASE_MS, renewDeadlineMs: 3000, retryPeriodMs: 500 };
const logger = winston.createLogger({ silent: true });

/** A client that can be cut off, as a crashed or partitioned pod is: every call fails. */
function severable(client: KubeClient): { client: KubeClient; sever(): void } {
  let severed = false;
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        severed
          ? Promise.reject(new OperatorError('connection refused (severed by the test)'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { client: proxy, sever: () => (severed = true) };
}

interface Candidate {
  identity: string;
  elector: LeaderElector;
  sever(): void;
  started: number[];
  stopped: number[];
}

describe('leader election on a real Lease', () => {
  let admin: NodeKubeClient;
  let namespace: string;
  const candidates: Candidate[] = [];

  beforeAll(async () => {
    admin = adminClient();
    namespace = await createNamespace(admin, 'lease');
  });
  afterEach(async () => {
    await Promise.all(candidates.splice(0).map((c) => c.elector.release()));
  });
  afterAll(() => admin.close());

  function candidate(lease: string, identity: string): Candidate {
    const link = severable(admin);
    const elector = new LeaderElector(link.client, { namespace, name: lease, identity, logger, ...TIMINGS });
    const c: Candidate = { identity, elector, sever: link.sever, started: [], stopped: [] };
    elector.run({
      onStartedLeading: () => c.started.push(Date.now()),
      onStoppedLeading: () => c.stopped.push(Date.now()),
    });
    candidates.push(c);
    return c;
  }

  async function leaseSpec(name: string): Promise<LeaseSpec> {
    const lease = await admin.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name, namespace });
    return ((lease as KubeObject | undefined)?.spec ?? {}) as LeaseSpec;
  }

  async function electedPair(lease: string): Promise<[Candidate, Candidate]> {
    const a = candidate(lease, 'pod-a');
    const b = candidate(lease, 'pod-b');
    const leader = await eventually(async () => [a, b].find((c) => c.elector.isLeader), {
      timeoutMs: 20_000,
      what: 'a leader',
    });
    return leader === a ? [a, b] : [b, a];
  }

  it('elects exactly one of two candidates, and the Lease names it', async () => {
    const lease = uniqueName('one-leader');

    const [leader, follower] = await electedPair(lease);
    const spec = await eventually(
      async () => {
        const current = await leaseSpec(lease);
        return current.renewTime !== current.acquireTime && current;
      },
      { what: 'a renewal by the leader' },
    );

    expect(spec.holderIdentity).toBe(leader.identity);
    expect(spec.leaseDurationSeconds).toBe(LEASE_MS / 1000);
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(follower.elector.isLeader).toBe(false);
    expect(follower.started).toEqual([]);
    expect(leader.started).toHaveLength(1);
  });

  it('lets the follower take over about one lease duration after the leader stops renewing', async () => {
    const lease = uniqueName('crash');
    const [leader, follower] = await electedPair(lease);
    const before = await leaseSpec(lease);

    leader.sever();
    const severedAt = Date.now();
    let lastRenewal = 0;
    const after = await eventually(
      async () => {
        const spec = await leaseSpec(lease);
        if (spec.holderIdentity === leader.identity) {
          lastRenewal = Math.max(lastRenewal, parseMicroTime(spec.renewTime) ?? 0);
        }
        return follower.elector.isLeader && spec.holderIdentity === follower.identity && spec;
      },
      { timeoutMs: 30_000, what: 'the takeover' },
    );

    expect(after.leaseTransitions).toBe((before.leaseTransitions ?? 0) + 1);
    // The follower waited for the old lease to run out: no moment with two holders.
    expect(parseMicroTime(after.acquireTime)).toBeGreaterThan(lastRenewal + LEASE_MS);
    // The cut-off leader stepped down (renew deadline) before the follower started leading.
    expect(leader.elector.isLeader).toBe(false);
    expect(leader.stopped).toHaveLength(1);
    expect(leader.stopped[0]).toBeLessThanOrEqual(follower.started[0] ?? 0);
    process.stderr.write(
      `[leader-election] crash: takeover ${(follower.started[0] ?? 0) - severedAt} ms after the cut ` +
        `(lease ${LEASE_MS} ms); old leader stepped down after ${(leader.stopped[0] ?? 0) - severedAt} ms\n`,
    );
  });

  it('lets the follower take over at once when the leader releases the lease', async () => {
    const lease = uniqueName('release');
    const [leader, follower] = await electedPair(lease);
    const lastRenewal = parseMicroTime((await leaseSpec(lease)).renewTime) ?? 0;

    const releasedAt = Date.now();
    await leader.elector.release();
    await eventually(async () => follower.elector.isLeader, { timeoutMs: 30_000, what: 'the takeover' });
    const takeoverMs = (follower.started[0] ?? 0) - releasedAt;

    const after = await leaseSpec(lease);
    expect(after.holderIdentity).toBe(follower.identity);
    expect(leader.elector.isLeader).toBe(false);
    // Well before the old lease would have expired on its own.
    expect(parseMicroTime(after.acquireTime)).toBeLessThan(lastRenewal + LEASE_MS);
    process.stderr.write(
      `[leader-election] release takeover after ${takeoverMs} ms (lease ${LEASE_MS} ms)\n`,
    );
  });
});
