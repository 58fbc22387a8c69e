import { afterEach, describe, expect, it } from 'vitest';
import { reminderMarker } from '../../sidecar/src/reminders/marker';
import { formatMoment, reviewMoment } from '../../sidecar/src/reminders/schedule';
import { API_USERNAME, Harness, isoIn, sleep, waitFor } from './harness';

/** Allowed lateness of a reminder against its fire time, in milliseconds. */
const MARGIN_MS = 1_500;

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

async function setUp(): Promise<Harness> {
  harness = await new Harness('reminder-worker').start();
  return harness;
}

describe('reminder worker', () => {
  it('posts once at the review time', async () => {
    const h = await setUp();
    h.startWorker();
    const reviewAt = isoIn(2_000);
    await h.planner.plan(h.addExperiment(100, { reviewAt }));

    expect(await waitFor(() => h.reminders(100).length > 0, 2_000 + MARGIN_MS + 2_000)).toBe(true);
    await sleep(500);

    const posts = h.reminders(100);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.createdMs).toBeGreaterThanOrEqual(Date.parse(reviewAt) - 50);
    expect(posts[0]!.createdMs).toBeLessThanOrEqual(Date.parse(reviewAt) + MARGIN_MS);
  });

  it('mentions owner and partners not reflected', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(101, { reviewAt: isoIn(1_000), reflectedUsernames: ['bob'] }));

    expect(await waitFor(() => h.reminders(101).length > 0, 5_000)).toBe(true);

    const raw = h.reminders(101)[0]!.raw;
    expect(raw.match(/@\w+/g)).toEqual(['@alice', '@carol']);
    expect(raw).toContain('Decision: adopt | adapt | abandon');
  });

  it('marker names topic, review and stage', async () => {
    const h = await setUp();
    h.startWorker();
    const subject = h.addExperiment(102, { reviewAt: isoIn(1_000) });
    await h.planner.plan(subject);

    expect(await waitFor(() => h.reminders(102).length > 0, 5_000)).toBe(true);

    const review = formatMoment(reviewMoment(subject)!);
    expect(h.reminders(102)[0]!.raw).toContain(reminderMarker(102, review, 0));
  });

  it('past review posts promptly', async () => {
    const h = await setUp();
    h.startWorker();
    const plannedAt = Date.now();
    await h.planner.plan(h.addExperiment(103, { reviewAt: isoIn(-86_400_000) }));

    expect(await waitFor(() => h.reminders(103).length > 0, 5_000)).toBe(true);
    expect(h.reminders(103)[0]!.createdMs - plannedAt).toBeLessThan(MARGIN_MS);
  });

  it('rescheduling moves the reminder', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(104, { reviewAt: isoIn(1_000) }));
    const laterReview = isoIn(3_000);
    await h.planner.plan(h.update(104, { reviewAt: laterReview }));

    await sleep(2_000);
    expect(h.reminders(104)).toHaveLength(0);

    expect(await waitFor(() => h.reminders(104).length > 0, 1_000 + MARGIN_MS + 1_000)).toBe(true);
    await sleep(500);
    expect(h.reminders(104)).toHaveLength(1);
    expect(h.reminders(104)[0]!.createdMs).toBeGreaterThanOrEqual(Date.parse(laterReview) - 50);
    expect(h.reminders(104)[0]!.raw).toContain(`review=${formatMoment(reviewMoment(h.subjects.get(104)!)!)}`);
  });

  it('cancel removes the reminder', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(105, { reviewAt: isoIn(1_000) }));

    await h.planner.cancel(105);
    await sleep(2_500);

    expect(h.reminders(105)).toHaveLength(0);
    expect(await h.queue.count()).toBe(0);
  });

  it('duplicate plan calls post once', async () => {
    const h = await setUp();
    h.startWorker();
    const subject = h.addExperiment(106, { reviewAt: isoIn(1_000) });
    await Promise.all([1, 2, 3, 4, 5].map(() => h.planner.plan(subject)));

    expect(await waitFor(() => h.reminders(106).length > 0, 5_000)).toBe(true);
    await h.planner.plan(subject);
    await sleep(1_000);

    expect(h.reminders(106)).toHaveLength(1);
  });

  it('job ahead of its plan does nothing', async () => {
    const h = await setUp();
    h.startWorker();
    const subject = h.addExperiment(107, { reviewAt: isoIn(1_000) });
    await h.planner.plan(subject);
    // A stale job of an older plan generation, e.g. left by a race between two plan() calls.
    await h.queue.add('reminder', { t: 107, n: 0, g: 99, at: Date.now() }, { jobId: 'rem-107-99-0' });

    expect(await waitFor(() => h.reminders(107).length > 0, 5_000)).toBe(true);
    await sleep(500);

    expect(h.reminders(107)).toHaveLength(1);
  });

  it('changed review found at run time is planned again', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(108, { reviewAt: isoIn(1_000) }));
    // The records change but plan() is not called.
    const laterReview = isoIn(2_500);
    h.update(108, { reviewAt: laterReview });

    expect(await waitFor(() => h.reminders(108).length > 0, 5_000)).toBe(true);

    expect(h.reminders(108)[0]!.createdMs).toBeGreaterThanOrEqual(Date.parse(laterReview) - 50);
  });

  it('concluded at run time posts nothing', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(109, { reviewAt: isoIn(1_000) }));
    h.update(109, { concluded: true });

    await sleep(2_500);

    expect(h.reminders(109)).toHaveLength(0);
    expect((await h.store.read(109)).job).toBeNull();
  });
});

describe('reminder worker after a crash', () => {
  it('finds its post and does not post again', async () => {
    const h = await setUp();
    h.startWorker();
    const subject = h.addExperiment(110, { reviewAt: isoIn(1_500) });
    await h.planner.plan(subject);
    // An earlier attempt posted the reminder and stopped before recording it.
    const review = formatMoment(reviewMoment(subject)!);
    const earlier = h.forum.reply(110, API_USERNAME, `@alice @bob @carol reflect, please\n\n${reminderMarker(110, review, 0)}`);
    await h.redis.hset(h.keys.reminder(110), 's0', 'posting');

    expect(await waitFor(async () => (await h.store.read(110)).states.get(0)?.startsWith('posted') ?? false, 5_000)).toBe(true);
    await sleep(500);

    expect(h.reminders(110)).toHaveLength(1);
    expect((await h.store.read(110)).states.get(0)).toBe(`posted ${earlier.id}`);
    expect(h.forum.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('posts when the earlier attempt left nothing', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(111, { reviewAt: isoIn(1_000) }));
    await h.redis.hset(h.keys.reminder(111), 's0', 'posting');

    expect(await waitFor(() => h.reminders(111).length > 0, 5_000)).toBe(true);
    await sleep(500);

    expect(h.reminders(111)).toHaveLength(1);
    expect(h.forum.requests.some((request) => request.path === '/t/111/posts.json')).toBe(true);
  });

  it('posted stage is not posted again', async () => {
    const h = await setUp();
    h.startWorker();
    await h.planner.plan(h.addExperiment(112, { reviewAt: isoIn(1_000) }));
    // The stage was recorded, but the job stopped before it could finish.
    await h.redis.hset(h.keys.reminder(112), 's0', 'posted 4242');

    await sleep(2_500);

    expect(h.reminders(112)).toHaveLength(0);
    expect(h.forum.requests).toHaveLength(0);
  });
});

describe('reminder worker retry after handing over', () => {
  it('queues the follow-up it had planned', async () => {
    const h = await setUp();
    h.startWorker({ followUpAfterMs: 500, maxFollowUps: 1 });
    await h.planner.plan(h.addExperiment(113, { reviewAt: isoIn(1_000) }));
    // An earlier attempt posted stage 0 and handed the plan to stage 1, then stopped before queueing it.
    await h.redis.hset(h.keys.reminder(113), 's0', 'posted 4242', 'job', 'rem-113-1-1', 'n', '1', 'at', String(Date.now() + 1_500));

    expect(await waitFor(() => h.reminders(113).length > 0, 5_000)).toBe(true);
    await sleep(500);

    const posts = h.reminders(113);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.raw).toContain('n=1 -->');
  });
});

describe('reminder worker and forum errors', () => {
  it('waits out a 429 Retry-After', async () => {
    const h = await setUp();
    h.startWorker();
    h.forum.injectOnce('POST', /^\/posts\.json$/, {
      status: 429,
      headers: { 'retry-after': '1', 'discourse-rate-limit-error-code': 'admin_api_key_rate_limit' },
      body: { errors: ['Slow down.'], error_type: 'rate_limit', extras: { wait_seconds: 1, time_left: '1 second' } },
    });
    await h.planner.plan(h.addExperiment(120, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(120).length > 0, 6_000)).toBe(true);

    const posts = h.forum.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[1]!.atMs - posts[0]!.atMs).toBeGreaterThanOrEqual(1_000);
    expect(h.reminders(120)).toHaveLength(1);
  });

  it('long 429 delays the job', async () => {
    const h = await setUp();
    h.startWorker({ maxRateLimitWaitMs: 500 });
    h.forum.injectOnce('POST', /^\/posts\.json$/, {
      status: 429,
      headers: { 'retry-after': '2' },
      body: { errors: ['Slow down.'], error_type: 'rate_limit', extras: { wait_seconds: 2 } },
    });
    await h.planner.plan(h.addExperiment(121, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.reminders(121).length > 0, 8_000)).toBe(true);

    const posts = h.forum.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[1]!.atMs - posts[0]!.atMs).toBeGreaterThanOrEqual(2_000);
    expect(h.logsAt('warn').some((line) => line.msg.includes('reminder delayed') && line.topicId === 121)).toBe(true);
  });

  it('422 fails the job without retry', async () => {
    const h = await setUp();
    h.startWorker();
    h.forum.injectOnce('POST', /^\/posts\.json$/, { status: 422, body: { action: 'create_post', errors: ['Title has already been used'] } });
    await h.planner.plan(h.addExperiment(122, { reviewAt: isoIn(500) }));

    expect(await waitFor(async () => (await h.queue.getFailedCount()) === 1, 5_000)).toBe(true);

    const [failed] = await h.queue.getFailed();
    expect(failed!.id).toBe('rem-122-1-0');
    expect(failed!.attemptsMade).toBe(1);
    expect(h.reminders(122)).toHaveLength(0);
    expect((await h.store.read(122)).states.get(0)).toBeUndefined();
  });

  it('422 is logged with errors and ids', async () => {
    const h = await setUp();
    h.startWorker();
    h.forum.injectOnce('POST', /^\/posts\.json$/, { status: 422, body: { action: 'create_post', errors: ['Title has already been used'] } });
    await h.planner.plan(h.addExperiment(123, { reviewAt: isoIn(500) }));

    expect(await waitFor(() => h.logsAt('error').some((line) => line.msg === 'reminder job failed for good'), 5_000)).toBe(true);

    const rejected = h.logsAt('error').find((line) => line.msg.includes('forum rejected'));
    expect(rejected?.topicId).toBe(123);
    expect(rejected?.errors).toBe('Title has already been used');
    const failed = h.logsAt('error').find((line) => line.msg === 'reminder job failed for good');
    expect(failed?.topicId).toBe(123);
    expect(failed?.jobId).toBe('rem-123-1-0');
    expect(failed?.status).toBe(422);
  });

  it('failed job stays in the failed set after replanning', async () => {
    const h = await setUp();
    h.startWorker();
    h.forum.injectOnce('POST', /^\/posts\.json$/, { status: 422, body: { action: 'create_post', errors: ['Body is invalid'] } });
    const subject = h.addExperiment(124, { reviewAt: isoIn(500) });
    await h.planner.plan(subject);
    expect(await waitFor(async () => (await h.queue.getFailedCount()) === 1, 5_000)).toBe(true);

    await h.planner.plan(h.update(124, { reviewAt: isoIn(60_000) }));

    expect(await h.queue.getFailedCount()).toBe(1);
    expect(await h.queue.getDelayedCount()).toBe(1);
  });
});
