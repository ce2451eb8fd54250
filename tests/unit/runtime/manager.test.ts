import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../../../operator/observability/logger.js';
import { Manager, type Election, type Runnable } from '../../../operator/runtime/manager.js';

/** A runnable that writes what happens to it into a shared journal. */
function recorded(name: string, journal: string[]): Runnable {
  return {
    name,
    start: () => void journal.push(`start ${name}`),
    stop: async () => void journal.push(`stop ${name}`),
  };
}

/** An election the test decides: it wins or loses the lease when told to. */
class FakeElection implements Election {
  callbacks: { onStartedLeading(): void; onStoppedLeading(): void } | undefined;

  constructor(private readonly journal: string[]) {}

  run(callbacks: { onStartedLeading(): void; onStoppedLeading(): void }): void {
    this.journal.push('campaign');
    this.callbacks = callbacks;
  }

  async release(): Promise<void> {
    this.journal.push('release lease');
  }
}

// The manager logs a lost lease as an error; the test keeps it out of the output.
const logger = createLogger({ level: 'error', stream: new Writable({ write: (_c, _e, done) => done() }) });
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

function manager(journal: string[], election?: FakeElection, leadership: boolean[] = []): Manager {
  return new Manager({
    logger,
    ...(election ? { election } : {}),
    onLeadership: (l) => void leadership.push(l),
  })
    .add(recorded('servers', journal))
    .add(recorded('informers', journal))
    .add(recorded('controller', journal), { leaderOnly: true });
}

describe('Manager', () => {
  it('starts every replica runnable in order, and leader-only ones only once the lease is won', async () => {
    const journal: string[] = [];
    const election = new FakeElection(journal);
    const m = manager(journal, election);

    await m.start();
    const beforeWinning = [...journal];
    election.callbacks?.onStartedLeading();
    await settle();

    expect(beforeWinning).toEqual(['start servers', 'start informers', 'campaign']);
    expect(journal.slice(beforeWinning.length)).toEqual(['start controller']);
  });

  it('leads at once without an election', async () => {
    const journal: string[] = [];
    const leadership: boolean[] = [];

    await manager(journal, undefined, leadership).start();

    expect(journal).toEqual(['start servers', 'start informers', 'start controller']);
    expect(leadership).toEqual([true]);
  });

  it('stops leader-only runnables first, then releases the lease, then the others in reverse order', async () => {
    const journal: string[] = [];
    const election = new FakeElection(journal);
    const m = manager(journal, election);
    await m.start();
    election.callbacks?.onStartedLeading();
    await settle();
    journal.length = 0;

    await m.stop();

    expect(journal).toEqual(['stop controller', 'release lease', 'stop informers', 'stop servers']);
  });

  it('reports a lost lease, so that the process stops writing', async () => {
    const journal: string[] = [];
    const leadership: boolean[] = [];
    const election = new FakeElection(journal);
    const m = manager(journal, election, leadership);
    await m.start();
    election.callbacks?.onStartedLeading();
    await settle();
    let lost = false;
    void m.leaseLost.then(() => (lost = true));

    election.callbacks?.onStoppedLeading();
    await settle();

    expect(lost).toBe(true);
    expect(leadership).toEqual([true, false]);
  });

  it('says whether this replica leads now: not before the lease is won, nor once it is lost', async () => {
    const journal: string[] = [];
    const election = new FakeElection(journal);
    const m = manager(journal, election);
    await m.start();
    const beforeWinning = m.isLeading();
    election.callbacks?.onStartedLeading();
    await settle();
    const whileLeading = m.isLeading();

    election.callbacks?.onStoppedLeading();

    expect([beforeWinning, whileLeading, m.isLeading()]).toEqual([false, true, false]);
  });

  it('stops leading, so that nothing writes, when a leader-only runnable fails to start', async () => {
    const journal: string[] = [];
    const election = new FakeElection(journal);
    const broken: Runnable = {
      name: 'controller',
      start: () => {
        throw new Error('queue closed');
      },
      stop: () => undefined,
    };
    const m = new Manager({ logger, election }).add(broken, { leaderOnly: true });
    await m.start();
    let lost = false;
    void m.leaseLost.then(() => (lost = true));

    election.callbacks?.onStartedLeading();
    await settle();

    expect(lost).toBe(true);
    expect(m.isLeading()).toBe(false);
  });

  it('stops the remaining runnables when one fails to stop', async () => {
    const journal: string[] = [];
    const failing: Runnable = {
      name: 'informers',
      start: () => undefined,
      stop: async () => {
        throw new Error('watch stuck');
      },
    };
    const m = new Manager({ logger }).add(recorded('servers', journal)).add(failing);

    await m.stop();

    expect(journal).toEqual(['stop servers']);
  });

  it('stops the process when a leader-only runnable fails to start, saying which error', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write: (chunk, _e, done) => {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const journal: string[] = [];
    const election = new FakeElection(journal);
    const m = new Manager({ logger: createLogger({ level: 'info', stream }), election }).add(
      {
        name: 'controller',
        start: () => {
          throw new Error('cache never synced');
        },
        stop: () => undefined,
      },
      { leaderOnly: true },
    );
    let lost = false;
    void m.leaseLost.then(() => (lost = true));
    await m.start();

    election.callbacks?.onStartedLeading();
    await settle();

    expect(lost).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'a leader-only runnable failed to start: stopping',
        error: 'cache never synced',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'leading: starting the leader-only runnables',
        runnables: ['controller'],
      }),
    );
  });

  it('starts the leader-only runnables once however often leadership is announced', async () => {
    const journal: string[] = [];
    const leadership: boolean[] = [];
    const election = new FakeElection(journal);
    const m = manager(journal, election, leadership);
    await m.start();

    election.callbacks?.onStartedLeading();
    election.callbacks?.onStartedLeading();
    await settle();

    expect(journal.filter((j) => j === 'start controller')).toHaveLength(1);
    expect(leadership).toEqual([true]);
  });

  it('logs a runnable that fails to stop, by name', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write: (chunk, _e, done) => {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const m = new Manager({ logger: createLogger({ level: 'warn', stream }) }).add({
      name: 'informers',
      start: () => undefined,
      stop: () => {
        throw new Error('watch stuck');
      },
    });

    await m.stop();

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'runnable failed to stop',
        runnable: 'informers',
        error: 'watch stuck',
      }),
    ]);
  });
});
