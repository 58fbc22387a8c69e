import { Queue, type ConnectionOptions } from 'bullmq';
import { REMINDERS_QUEUE } from '../redis/keys';
import type { ReminderJobData } from './types';

export type RemindersQueue = Queue<ReminderJobData>;

/** Name of every reminder job; what a job does is in its data. */
export const REMINDER_JOB_NAME = 'reminder';

export function createRemindersQueue(connection: ConnectionOptions, bullPrefix: string): RemindersQueue {
  return new Queue<ReminderJobData>(REMINDERS_QUEUE, {
    connection,
    prefix: bullPrefix,
    defaultJobOptions: {
      // About 2 hours of retries with 15 s doubling steps, for a forum that is down or busy. The
      // forum client has already retried each request a few times before a job attempt fails.
      attempts: 10,
      backoff: { type: 'exponential', delay: 15_000 },
      // Completed jobs are removed at once: the plan hash records what was posted, and a kept
      // job would only take memory.
      removeOnComplete: true,
      // Failed jobs stay for inspection and manual retry.
      removeOnFail: { age: 30 * 24 * 3_600, count: 10_000 },
    },
  });
}

/** Returns the first part of a topic's reminder job ids. */
export function reminderJobPrefix(topicId: number): string {
  return `rem-${topicId}`;
}

/**
 * Builds the id of a reminder job from topic, plan generation and stage, e.g. "rem-123-4-0". BullMQ ids may
 * not contain ':' or be all digits, and the same id is ignored only while a job with it exists.
 */
export function reminderJobId(topicId: number, generation: number, stage: number): string {
  return `${reminderJobPrefix(topicId)}-${generation}-${stage}`;
}

/** Queues a reminder job to run at `data.at`, or at once when that has passed. A job with the same id that still exists is kept. */
export async function addReminderJob(queue: RemindersQueue, data: ReminderJobData, now: Date): Promise<void> {
  const jobId = reminderJobId(data.t, data.g, data.n);
  await queue.add(REMINDER_JOB_NAME, data, { jobId, delay: Math.max(0, data.at - now.getTime()) });
}
