import { afterEach, describe, expect, it } from 'vitest';
import { Harness, isoIn, sleep, waitFor } from './harness';

/** Wait between follow-ups in these tests, in milliseconds. */
const FOLLOW_UP_MS = 1_000;

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

async function setUp(): Promise<Harness> {
  harness = await new Harness('reminder-followups').start();
  return harness;
}

function mentions(raw: string): string[] {
  return raw.match(/@\w+/g) ?? [];
}

describe('reminder follow-ups', () => {
  it('max follow-ups respected', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 2 });
    await h.planner.plan(h.addExperiment(200, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(200).length >= 3, 500 + 2 * FOLLOW_UP_MS + 4_000)).toBe(true);
    await sleep(FOLLOW_UP_MS + 1_000);

    const posts = h.reminders(200);
    expect(posts).toHaveLength(3);
    expect(posts.map((post) => /n=(\d+)/.exec(post.raw)?.[1])).toEqual(['0', '1', '2']);
    expect((await h.store.read(200)).job).toBeNull();
    expect(await h.queue.count()).toBe(0);
  });

  it('follow-up waits followUpAfter', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 1 });
    await h.planner.plan(h.addExperiment(201, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(201).length >= 2, 500 + FOLLOW_UP_MS + 4_000)).toBe(true);

    const [first, second] = h.reminders(201);
    expect(second!.createdMs - first!.createdMs).toBeGreaterThanOrEqual(FOLLOW_UP_MS - 50);
    expect(second!.createdMs - first!.createdMs).toBeLessThanOrEqual(FOLLOW_UP_MS + 1_500);
  });

  it('zero max follow-ups posts once', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 0 });
    await h.planner.plan(h.addExperiment(202, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(202).length > 0, 4_000)).toBe(true);
    await sleep(FOLLOW_UP_MS + 1_000);

    expect(h.reminders(202)).toHaveLength(1);
  });

  it('follow-ups skip people who reflected', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 3 });
    await h.planner.plan(h.addExperiment(203, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(203).length >= 1, 4_000)).toBe(true);
    h.update(203, { reflectedUsernames: ['bob'] });
    expect(await waitFor(() => h.reminders(203).length >= 2, FOLLOW_UP_MS + 3_000)).toBe(true);
    h.update(203, { reflectedUsernames: ['bob', 'alice', 'carol'] });
    expect(await waitFor(() => h.reminders(203).length >= 3, FOLLOW_UP_MS + 3_000)).toBe(true);
    expect(await waitFor(async () => (await h.store.read(203)).states.get(3) === 'skipped', FOLLOW_UP_MS + 3_000)).toBe(true);

    const posts = h.reminders(203);
    expect(posts).toHaveLength(3);
    expect(mentions(posts[0]!.raw)).toEqual(['@alice', '@bob', '@carol']);
    expect(mentions(posts[1]!.raw)).toEqual(['@alice', '@carol']);
    expect(mentions(posts[2]!.raw)).toEqual(['@alice']);
    expect(posts[2]!.raw).toContain('everyone has reflected');
  });

  it('owner is nudged for the decision once', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 2 });
    await h.planner.plan(h.addExperiment(204, { reviewAt: isoIn(500), reflectedUsernames: ['alice', 'bob', 'carol'] }));

    expect(await waitFor(async () => (await h.store.read(204)).job === null, 500 + 2 * FOLLOW_UP_MS + 4_000)).toBe(true);

    const posts = h.reminders(204);
    expect(posts).toHaveLength(1);
    expect(mentions(posts[0]!.raw)).toEqual(['@alice']);
    const plan = await h.store.read(204);
    expect(plan.nudgedStage).toBe(0);
    expect(plan.states.get(1)).toBe('skipped');
    expect(plan.states.get(2)).toBe('skipped');
  });

  it('follow-ups stop after concluding', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 2 });
    await h.planner.plan(h.addExperiment(205, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(205).length >= 1, 4_000)).toBe(true);
    h.update(205, { concluded: true, reflectedUsernames: ['alice'] });
    await sleep(2 * FOLLOW_UP_MS + 1_500);

    expect(h.reminders(205)).toHaveLength(1);
    expect(await h.queue.count()).toBe(0);
  });

  it('cancel stops pending follow-ups', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: 2 * FOLLOW_UP_MS, maxFollowUps: 2 });
    await h.planner.plan(h.addExperiment(206, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(206).length >= 1, 4_000)).toBe(true);
    expect(await waitFor(async () => (await h.queue.getDelayedCount()) === 1, 2_000)).toBe(true);
    await h.planner.cancel(206);
    await sleep(2 * FOLLOW_UP_MS + 1_000);

    expect(h.reminders(206)).toHaveLength(1);
    expect(await h.queue.count()).toBe(0);
  });

  it('plan call during follow-ups changes nothing', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: FOLLOW_UP_MS, maxFollowUps: 1 });
    await h.planner.plan(h.addExperiment(207, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(207).length >= 1, 4_000)).toBe(true);
    // A reply arrives and the records are built again: the review date is unchanged.
    await h.planner.plan(h.update(207, { reflectedUsernames: ['bob'] }));
    expect(await waitFor(() => h.reminders(207).length >= 2, FOLLOW_UP_MS + 3_000)).toBe(true);
    await sleep(FOLLOW_UP_MS + 500);

    expect(h.reminders(207)).toHaveLength(2);
    expect(mentions(h.reminders(207)[1]!.raw)).toEqual(['@alice', '@carol']);
  });

  it('new review date after reminders starts again', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: 60_000, maxFollowUps: 1 });
    await h.planner.plan(h.addExperiment(208, { reviewAt: isoIn(500) }));
    expect(await waitFor(() => h.reminders(208).length >= 1, 4_000)).toBe(true);
    expect(await waitFor(async () => (await h.queue.getDelayedCount()) === 1, 2_000)).toBe(true);

    await h.planner.plan(h.update(208, { reviewAt: isoIn(1_000) }));
    expect(await waitFor(() => h.reminders(208).length >= 2, 4_000)).toBe(true);

    // The follow-up is queued just after the post.
    expect(await waitFor(async () => (await h.queue.getDelayedCount()) === 1, 2_000)).toBe(true);

    const markers = h.reminders(208).map((post) => /n=\d+/.exec(post.raw)?.[0]);
    expect(markers).toEqual(['n=0', 'n=0']);
    expect((await h.queue.getDelayed()).map((job) => job.id)).toEqual(['rem-208-2-1']);
  });
});
