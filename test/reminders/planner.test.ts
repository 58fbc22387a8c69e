import { afterEach, describe, expect, it } from 'vitest';
import { Harness, isoIn } from './harness';

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

async function setUp(): Promise<Harness> {
  harness = await new Harness('reminder-planner').start();
  return harness;
}

describe('ReminderPlanner', () => {
  it('plan queues one delayed job', async () => {
    const h = await setUp();
    const subject = h.addExperiment(10, { reviewAt: isoIn(60_000) });

    await h.planner.plan(subject);

    const delayed = await h.queue.getDelayed();
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.id).toBe('rem-10-1-0');
    expect(delayed[0]!.data).toMatchObject({ t: 10, n: 0, g: 1 });
    expect(delayed[0]!.opts.delay).toBeGreaterThan(58_000);
    expect(delayed[0]!.opts.delay).toBeLessThanOrEqual(60_000);
  });

  it('job data stays tiny', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(11, { reviewAt: isoIn(60_000) }));

    const [job] = await h.queue.getDelayed();
    expect(JSON.stringify(job!.data).length).toBeLessThan(64);
  });

  it('duplicate plan calls queue one job', async () => {
    const h = await setUp();
    const subject = h.addExperiment(12, { reviewAt: isoIn(60_000) });

    await Promise.all([1, 2, 3, 4, 5].map(() => h.planner.plan(subject)));
    await h.planner.plan(subject);

    expect(await h.queue.getDelayedCount()).toBe(1);
    expect((await h.store.read(12)).generation).toBe(1);
  });

  it('new review date moves the job', async () => {
    const h = await setUp();
    const subject = h.addExperiment(13, { reviewAt: isoIn(60_000) });
    await h.planner.plan(subject);

    await h.planner.plan(h.update(13, { reviewAt: isoIn(120_000) }));

    const delayed = await h.queue.getDelayed();
    expect(delayed.map((job) => job.id)).toEqual(['rem-13-2-0']);
    expect(delayed[0]!.opts.delay).toBeGreaterThan(118_000);
    expect(await h.queue.getJob('rem-13-1-0')).toBeUndefined();
    expect((await h.store.read(13)).job).toBe('rem-13-2-0');
  });

  it('review moved back reuses no job id', async () => {
    const h = await setUp();
    const first = isoIn(60_000);
    const subject = h.addExperiment(14, { reviewAt: first });
    await h.planner.plan(subject);
    await h.planner.plan(h.update(14, { reviewAt: isoIn(90_000) }));

    await h.planner.plan(h.update(14, { reviewAt: first }));

    const delayed = await h.queue.getDelayed();
    expect(delayed.map((job) => job.id)).toEqual(['rem-14-3-0']);
  });

  it('cancel removes the job and plan', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(15, { reviewAt: isoIn(60_000) }));

    await h.planner.cancel(15);

    expect(await h.queue.getDelayedCount()).toBe(0);
    const plan = await h.store.read(15);
    expect(plan.job).toBeNull();
    expect(plan.review).toBeNull();
  });

  it('cancel keeps the generation', async () => {
    const h = await setUp();
    const subject = h.addExperiment(16, { reviewAt: isoIn(60_000) });
    await h.planner.plan(subject);
    await h.planner.cancel(16);

    await h.planner.plan(subject);

    expect((await h.queue.getDelayed()).map((job) => job.id)).toEqual(['rem-16-2-0']);
  });

  it('archived subject cancels', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(17, { reviewAt: isoIn(60_000) }));

    await h.planner.plan(h.update(17, { archived: true }));

    expect(await h.queue.getDelayedCount()).toBe(0);
  });

  it('concluded subject cancels', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(18, { reviewAt: isoIn(60_000) }));

    await h.planner.plan(h.update(18, { concluded: true }));

    expect(await h.queue.getDelayedCount()).toBe(0);
    expect((await h.store.read(18)).review).toBeNull();
  });

  it('removed review date cancels', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(19, { reviewAt: isoIn(60_000) }));

    await h.planner.plan(h.update(19, { reviewAt: null }));

    expect(await h.queue.getDelayedCount()).toBe(0);
  });

  it('past review without reflections runs at once', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(20, { reviewAt: isoIn(-3_600_000) }));

    const waiting = await h.queue.getWaiting();
    expect(waiting.map((job) => job.id)).toEqual(['rem-20-1-0']);
    expect(waiting[0]!.opts.delay ?? 0).toBe(0);
  });

  it('past review with a reflection plans nothing', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(21, { reviewAt: isoIn(-3_600_000), reflectedUsernames: ['bob'] }));

    expect(await h.queue.count()).toBe(0);
    const plan = await h.store.read(21);
    expect(plan.review).not.toBeNull();
    expect(plan.job).toBeNull();
  });

  it('lost job is queued again', async () => {
    const h = await setUp();
    const subject = h.addExperiment(22, { reviewAt: isoIn(60_000) });
    await h.planner.plan(subject);
    await h.queue.remove('rem-22-1-0');

    await h.planner.plan(subject);

    expect((await h.queue.getDelayed()).map((job) => job.id)).toEqual(['rem-22-1-0']);
    expect(h.logsAt('warn').some((line) => line.msg.includes('missing from the queue'))).toBe(true);
  });

  it('unreadable review is logged and cancels', async () => {
    const h = await setUp();
    await h.planner.plan(h.addExperiment(23, { reviewAt: isoIn(60_000) }));

    await h.planner.plan(h.update(23, { reviewAt: null, reviewOn: '2027-01-15', timezone: 'Nowhere/Else' }));

    expect(await h.queue.getDelayedCount()).toBe(0);
    const warning = h.logsAt('warn').find((line) => line.msg.includes('unreadable'));
    expect(warning?.topicId).toBe(23);
  });
});
