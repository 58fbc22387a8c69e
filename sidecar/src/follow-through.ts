import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createAnnouncementsQueue, planAnnouncement, startAnnouncementWorker, type AnnouncementsQueue } from './announcements/announcer';
import type { Config } from './config';
import type { ForumClient } from './forum/client';
import type { RecordStore } from './records/store';
import type { ExperimentRecord } from './records/types';
import type { Keys } from './redis/keys';
import { ReminderPlanner } from './reminders/planner';
import { startReminderWorker } from './reminders/reminder-worker';
import { createRemindersQueue, type RemindersQueue } from './reminders/reminders-queue';
import type { ReminderSubject } from './reminders/types';

/*
 * What follows a change of an experiment record: its reflection reminders are re-planned, and a
 * new adopt or adapt decision is announced in the practice's thread. Both are planned from the
 * record's state, so a duplicated event or a reconciliation run plans nothing twice.
 */

export interface FollowThroughOptions {
  config: Config;
  redis: Redis;
  /** Connection for the queues, kept apart from `redis` (see app.ts). */
  queueRedis: Redis;
  /** Connection for the workers, or null in a process without the worker role. */
  workerRedis: Redis | null;
  keys: Keys;
  records: RecordStore;
  forum: ForumClient;
  logger: Logger;
  now: () => Date;
}

export interface FollowThrough {
  reminders: ReminderPlanner;
  remindersQueue: RemindersQueue;
  announcementsQueue: AnnouncementsQueue;
  workers: Worker[];
  onExperimentSaved: (record: ExperimentRecord, previous: ExperimentRecord | null) => Promise<void>;
  close: () => Promise<void>;
}

export function createFollowThrough(options: FollowThroughOptions): FollowThrough {
  const { config, redis, queueRedis, workerRedis, keys, records, forum, logger, now } = options;

  const remindersQueue = createRemindersQueue(queueRedis, keys.bullPrefix);
  const announcementsQueue = createAnnouncementsQueue(queueRedis, keys.bullPrefix);
  const reminders = new ReminderPlanner({ queue: remindersQueue, redis, keys, logger: logger.child({ component: 'reminders' }), now });

  const workers: Worker[] = [];
  if (workerRedis) {
    workers.push(
      startReminderWorker({
        connection: workerRedis,
        bullPrefix: keys.bullPrefix,
        forum,
        loadSubject: (topicId) => loadReminderSubject(records, topicId),
        keys,
        redis: workerRedis,
        logger: logger.child({ component: 'reminder-worker' }),
        followUpAfter: config.PRAXIS_FOLLOWUP_AFTER,
        maxFollowUps: config.PRAXIS_MAX_FOLLOWUPS,
        apiUsername: config.DISCOURSE_API_USERNAME,
        concurrency: config.PRAXIS_WORKER_CONCURRENCY,
        now,
      }),
    );
    if (config.PRAXIS_ANNOUNCE_PRACTICE_CHANGES) {
      workers.push(
        startAnnouncementWorker({
          connection: workerRedis,
          bullPrefix: keys.bullPrefix,
          redis: workerRedis,
          keys,
          records,
          forum,
          forumUrl: config.DISCOURSE_URL,
          apiUsername: config.DISCOURSE_API_USERNAME,
          logger: logger.child({ component: 'announcements' }),
        }),
      );
    }
  }

  return {
    reminders,
    remindersQueue,
    announcementsQueue,
    workers,
    async onExperimentSaved(record, previous) {
      const subject = await loadReminderSubject(records, record.topicId);
      if (subject) await reminders.plan(subject);
      else await reminders.cancel(record.topicId);
      if (config.PRAXIS_ANNOUNCE_PRACTICE_CHANGES) await planAnnouncement(announcementsQueue, record, previous);
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([remindersQueue.close(), announcementsQueue.close()]);
    },
  };
}

/** Builds what the reminder code needs from the stored experiment and its partners. */
export async function loadReminderSubject(records: RecordStore, topicId: number): Promise<ReminderSubject | null> {
  const record = await records.getExperiment(topicId);
  if (!record) return null;
  const partners = await records.getPartners(topicId);
  return {
    topicId,
    title: record.title,
    archived: record.archived,
    concluded: record.decision !== null,
    reviewAt: record.reviewAt,
    reviewOn: record.reviewOn,
    timezone: record.timezone,
    owner: { username: record.owner.username },
    partners: partners.map((partner) => ({ username: partner.username })),
    reflectedUsernames: [...new Set(record.reflections.map((reflection) => reflection.username))],
  };
}
