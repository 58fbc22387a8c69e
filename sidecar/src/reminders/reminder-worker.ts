import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Duration } from 'luxon';
import type { Logger } from 'pino';
import { ForumNotFoundError, ForumRateLimitedError, ForumRequestError } from '../forum/errors';
import { REMINDERS_QUEUE, type Keys } from '../redis/keys';
import { ReminderPlanStore } from './plan-store';
import { ReminderPlanner } from './planner';
import { postStage, type ReminderForum } from './post-reminder';
import { addReminderJob, createRemindersQueue, reminderJobId, type RemindersQueue } from './reminders-queue';
import { followUpTime, formatMoment, reviewMoment } from './schedule';
import type { ReminderJobData, ReminderSubject } from './types';

export interface ReminderWorkerOptions {
  /** A BullMQ connection with `maxRetriesPerRequest: null` (see createWorkerConnection). */
  connection: ConnectionOptions;
  bullPrefix: string;
  forum: ReminderForum;
  /** Loads the experiment fresh when a job runs; null when the topic is no longer an experiment. */
  loadSubject: (topicId: number) => Promise<ReminderSubject | null>;
  keys: Keys;
  /** Connection for the plan hashes. */
  redis: Redis;
  logger: Logger;
  /** Wait after a posted reminder before the next follow-up. */
  followUpAfter: Duration;
  /** Follow-ups after the first reminder of a review. */
  maxFollowUps: number;
  /** The Discourse user the forum client posts as; its posts are searched for markers. */
  apiUsername: string;
  /** Jobs run at once. Most of a job's time is spent waiting for the forum. */
  concurrency?: number;
  now?: () => Date;
}

interface WorkerContext extends ReminderWorkerOptions {
  queue: RemindersQueue;
  store: ReminderPlanStore;
  planner: ReminderPlanner;
  now: () => Date;
}

/** Starts the worker that posts reflection reminders and follow-ups. Closing the worker closes its queue handle too. */
export function startReminderWorker(options: ReminderWorkerOptions): Worker<ReminderJobData> {
  const now = options.now ?? (() => new Date());
  const queue = createRemindersQueue(options.connection, options.bullPrefix);
  const store = new ReminderPlanStore(options.redis, options.keys);
  const planner = new ReminderPlanner({ queue, redis: options.redis, keys: options.keys, logger: options.logger, now });
  const context: WorkerContext = { ...options, queue, store, planner, now };

  const worker = new Worker<ReminderJobData>(
    REMINDERS_QUEUE,
    (job, token) => runJob(job, token, context),
    { connection: options.connection, prefix: options.bullPrefix, concurrency: options.concurrency ?? 8 },
  );

  worker.on('failed', (job, error) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const status = (error as { status?: unknown }).status ?? null;
    const ids = { topicId: job?.data.t, jobId: job?.id, stage: job?.data.n, status, attempt: job?.attemptsMade, err: error };
    if (final) options.logger.error(ids, 'reminder job failed for good');
    else options.logger.warn(ids, 'reminder job failed, will retry');
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'reminder worker error'));
  worker.on('closed', () => {
    queue.close().catch((error: unknown) => options.logger.warn({ err: error }, 'closing the reminders queue failed'));
  });

  return worker;
}

/** Runs one job and sorts forum failures into retry, delay and give up. */
async function runJob(job: Job<ReminderJobData>, token: string | undefined, context: WorkerContext): Promise<void> {
  const log = context.logger.child({ topicId: job.data.t, jobId: job.id, stage: job.data.n });

  try {
    await processReminder(job, context, log);
  } catch (error) {
    if (error instanceof ForumRateLimitedError && token !== undefined) {
      // The forum asked for a longer pause than the client waits out itself; the job sleeps in
      // the delayed set instead, which uses no attempt.
      log.warn({ retryAfterMs: error.retryAfterMs }, 'forum rate limit outlasted the client; reminder delayed');
      await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
      throw new DelayedError();
    }

    if (error instanceof ForumRequestError || error instanceof ForumNotFoundError) {
      // Repeating a request the forum rejected cannot succeed.
      const errorsText = error instanceof ForumRequestError ? error.errorsText : null;
      log.error({ status: error.status, errors: errorsText }, 'forum rejected the reminder; not retrying');
      throw Object.assign(new UnrecoverableError(error.message), { status: error.status });
    }

    throw error;
  }
}

async function processReminder(job: Job<ReminderJobData>, context: WorkerContext, log: Logger): Promise<void> {
  const { t: topicId, n: stage, g: generation } = job.data;
  const jobId = job.id!;
  const { store, planner } = context;

  const plan = await store.read(topicId);
  if (plan.job !== jobId) {
    await requeueNextIfMissing(job, plan.job, plan.at, context, log);
    return;
  }

  const subject = await context.loadSubject(topicId);
  if (subject === null || subject.archived || subject.concluded) {
    await planner.cancel(topicId);
    log.info({ found: subject !== null, archived: subject?.archived, concluded: subject?.concluded }, 'experiment is gone, archived or concluded; reminders stopped');
    return;
  }

  // A changed review date whose plan() call has not arrived yet: plan it now.
  const review = reviewMoment(subject);
  if (review === null || formatMoment(review) !== plan.review) {
    await planner.plan(subject);
    log.info({ planned: plan.review, current: review === null ? null : formatMoment(review) }, 'review date changed; reminder planned again');
    return;
  }

  const outcome = await postStage(subject, plan, jobId, stage, {
    forum: context.forum,
    store,
    apiUsername: context.apiUsername,
    log,
  });
  if (outcome === 'superseded') {
    log.info('plan changed while the reminder was handled; stopping');
    return;
  }

  const nextStage = stage + 1;
  if (nextStage > context.maxFollowUps) {
    await store.advance(topicId, jobId, null);
    log.debug('last follow-up of this review handled');
    return;
  }

  const at = followUpTime(context.now(), context.followUpAfter, subject.timezone).getTime();
  const next = { job: reminderJobId(topicId, generation, nextStage), stage: nextStage, at };
  if (await store.advance(topicId, jobId, next)) {
    await addReminderJob(context.queue, { t: topicId, n: nextStage, g: generation, at }, context.now());
    log.info({ nextJobId: next.job, fireAt: new Date(at).toISOString() }, 'follow-up planned');
  }
}

/**
 * Handles a job that is no longer the planned one. If the plan names this job's own follow-up,
 * an earlier attempt handed the plan over and stopped before queueing it, so it is queued now.
 * Otherwise the job was replaced or cancelled and does nothing.
 */
async function requeueNextIfMissing(job: Job<ReminderJobData>, plannedJob: string | null, plannedAt: number | null, context: WorkerContext, log: Logger): Promise<void> {
  const { t: topicId, n: stage, g: generation } = job.data;
  const nextJob = reminderJobId(topicId, generation, stage + 1);

  if (plannedJob === nextJob && plannedAt !== null) {
    await addReminderJob(context.queue, { t: topicId, n: stage + 1, g: generation, at: plannedAt }, context.now());
    log.info({ nextJobId: nextJob }, 'follow-up queued by a retry');
    return;
  }

  log.debug({ plannedJob }, 'reminder job is no longer planned; nothing to do');
}
