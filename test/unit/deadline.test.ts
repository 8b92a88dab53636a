import { describe, expect, it } from 'vitest';
import { Deadline, DeadlineError } from '../../src/core/deadline.js';

describe('Deadline', () => {
  it('race: the value when it comes first; a DeadlineError naming where and the step under way when not', async () => {
    let now = 0;
    const d = new Deadline(10_000, () => now);
    await expect(d.race(Promise.resolve(7), 'rollback')).resolves.toBe(7);
    d.mark('test build');
    now = 10_000; // passed: refused at once, with the step
    const e = await d.race(new Promise(() => undefined), 'rollback').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeadlineError);
    expect((e as DeadlineError).where).toBe('rollback (test build)');
    expect((e as DeadlineError).message).toBe('stopped during rollback (test build): the deadline of 10s passed');
    d.mark(undefined);
    const plain = await d.race(new Promise(() => undefined), 'validate').catch((x: unknown) => x);
    expect((plain as DeadlineError).where).toBe('validate');
  });

  it('a real timer: a promise that never settles is stopped when the time is up', async () => {
    const d = new Deadline(30);
    d.mark('fetching the backup');
    const e = await d.race(new Promise(() => undefined), 'rollback').catch((x: unknown) => x);
    expect((e as DeadlineError).where).toBe('rollback (fetching the backup)');
    expect(d.expired()).toBe(true);
  });

  it('a timer that fires before the clock says the time is up waits for the rest: a DeadlineError always comes with expired()', async () => {
    let now = 0;
    const d = new Deadline(30, () => now);
    let settled = false;
    const raced = d.race(new Promise(() => undefined), 'validate').catch((x: unknown) => {
      settled = true;
      return x;
    });
    now = 10; // the timer fires at 30 ms real time, but this clock says 20 ms are left
    await new Promise((r) => setTimeout(r, 60));
    expect(settled).toBe(false);
    now = 30;
    expect(await raced).toBeInstanceOf(DeadlineError);
    expect(d.expired()).toBe(true);
  });
});
