import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Keys } from '../redis/keys';
import { ReminderPlanStore } from './plan-store';
import { addReminderJob, reminderJobPrefix, type RemindersQueue } from './reminders-queue';
import { firstFireTime, formatMoment, reviewMoment } from './schedule';
import type { ReminderSubject } from './types';

export interface ReminderPlannerOptions {
  queue: RemindersQueue;
  redis: Redis;
  keys: Keys;
  logger: Logger;
  now?: () => Date;
}

/** Keeps each experiment's pending reminder in the queue in step with its review date. */
export class ReminderPlanner {
  private readonly store: ReminderPlanStore;
  private readonly now: () => Date;

  constructor(private readonly options: ReminderPlannerOptions) {
    this.store = new ReminderPlanStore(options.redis, options.keys);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Makes the reminders queue match the subject: adds, moves or removes the pending job. A call
   * for a review moment the plan already serves changes nothing (and re-queues the planned job if
   * it went missing), so repeated calls are safe. A new review moment starts a new plan from stage 0.
   */
  async plan(subject: ReminderSubject): Promise<void> {
    const { topicId } = subject;
    const log = this.options.logger.child({ topicId });

    if (subject.archived || subject.concluded) {
      await this.cancel(topicId);
      return;
    }

    const review = reviewMoment(subject);
    if (review === null) {
      if (subject.reviewAt !== null || subject.reviewOn !== null) {
        log.warn({ reviewAt: subject.reviewAt, reviewOn: subject.reviewOn, timezone: subject.timezone }, 'review date is unreadable; no reminder planned');
      }
      await this.cancel(topicId);
      return;
    }

    const reviewText = formatMoment(review);
    const now = this.now();
    const fireAt = firstFireTime(review, subject, now);
    const claim = await this.store.claim(topicId, reviewText, fireAt?.getTime() ?? null, reminderJobPrefix(topicId));

    if (!claim.changed) {
      await this.requeueIfMissing(topicId, claim.job, claim.generation, claim.stage, claim.at, log);
      return;
    }

    if (claim.previousJob !== null) await this.removeJob(claim.previousJob, log);

    if (claim.job === null || claim.at === null) {
      log.info({ review: reviewText }, 'review date has passed and reflections have started; no reminder planned');
      return;
    }

    await addReminderJob(this.options.queue, { t: topicId, n: 0, g: claim.generation, at: claim.at }, now);
    log.info({ review: reviewText, fireAt: new Date(claim.at).toISOString(), jobId: claim.job }, 'reminder planned');
  }

  /** Removes every pending reminder of a topic: the tag was removed, the topic deleted or the experiment concluded. */
  async cancel(topicId: number): Promise<void> {
    const previous = await this.store.clear(topicId);
    if (previous === null) return;

    const log = this.options.logger.child({ topicId });
    await this.removeJob(previous, log);
    log.info({ jobId: previous }, 'reminders cancelled');
  }

  /** Removes a pending job. A failed job stays in the failed set. A running job cannot be removed, so it stops at its next check of the plan, unless it is already posting. */
  private async removeJob(jobId: string, log: Logger): Promise<void> {
    const job = await this.options.queue.getJob(jobId);
    if (!job) return;

    const state = await job.getState();
    if (state === 'failed' || state === 'completed') return;

    const removed = await this.options.queue.remove(jobId);
    if (removed === 0) log.debug({ jobId, state }, 'reminder job is running and was left to stop itself');
  }

  /** Re-queues the planned job when the queue lost it, e.g. after a crash between planning and queueing. */
  private async requeueIfMissing(
    topicId: number,
    jobId: string | null,
    generation: number,
    stage: number | null,
    at: number | null,
    log: Logger,
  ): Promise<void> {
    if (jobId === null || stage === null || at === null) return;
    if (await this.options.queue.getJob(jobId)) return;

    await addReminderJob(this.options.queue, { t: topicId, n: stage, g: generation, at }, this.now());
    log.warn({ jobId, stage }, 'planned reminder job was missing from the queue and was queued again');
  }
}
