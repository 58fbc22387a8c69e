import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ForumClient } from '../forum/client';
import { ForumRequestError } from '../forum/errors';
import type { RecordStore } from '../records/store';
import type { ExperimentRecord } from '../records/types';
import type { Keys } from '../redis/keys';
import { topicUrl } from '../threads/build-records';
import { announcementMarker, announcementRaw } from './announcement-text';

export const ANNOUNCEMENTS_QUEUE = 'announcements';

/** One announcement job: the experiment and the decision post it announces. */
export interface AnnouncementJobData {
  experimentTopicId: number;
  decisionPostNumber: number;
}

export type AnnouncementsQueue = Queue<AnnouncementJobData>;

export function createAnnouncementsQueue(connection: ConnectionOptions, bullPrefix: string): AnnouncementsQueue {
  return new Queue<AnnouncementJobData>(ANNOUNCEMENTS_QUEUE, {
    connection,
    prefix: bullPrefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 7 * 24 * 3_600 },
      removeOnFail: { age: 30 * 24 * 3_600 },
    },
  });
}

/**
 * Queues an announcement when an experiment's new decision adopts or adapts a practice. The job id
 * names the decision post, so the same decision is queued once however often the record is saved.
 */
export async function planAnnouncement(
  queue: AnnouncementsQueue,
  record: ExperimentRecord,
  previous: ExperimentRecord | null,
): Promise<void> {
  const decision = record.decision;
  if (!decision || decision.decision === 'abandon' || record.practiceTopicId === null || record.archived) return;
  const unchanged =
    previous?.decision?.postNumber === decision.postNumber &&
    previous.decision.decision === decision.decision &&
    previous.practiceTopicId === record.practiceTopicId &&
    !previous.archived;
  if (unchanged) return;

  await queue.add(
    'announce',
    { experimentTopicId: record.topicId, decisionPostNumber: decision.postNumber },
    // Queued a little later, so an owner who corrects a typo in the decision right away gets one notice.
    { jobId: `announce-${record.topicId}-${decision.postNumber}`, delay: 5_000 },
  );
}

export interface AnnouncementWorkerOptions {
  connection: ConnectionOptions;
  bullPrefix: string;
  redis: Redis;
  keys: Keys;
  records: RecordStore;
  forum: Pick<ForumClient, 'createPost' | 'findPostWithMarker'>;
  forumUrl: string;
  apiUsername: string;
  logger: Logger;
}

/**
 * Starts the worker that posts each announcement once. The worker records "posting" in Redis
 * before it posts and "posted" after. A job that finds "posting" was interrupted in between, so it
 * looks for the marker in the practice's thread and posts only when the marker is not there.
 */
export function startAnnouncementWorker(options: AnnouncementWorkerOptions): Worker<AnnouncementJobData> {
  const { redis, keys, records, forum, logger } = options;

  const worker = new Worker<AnnouncementJobData>(
    ANNOUNCEMENTS_QUEUE,
    async (job: Job<AnnouncementJobData>) => {
      const { experimentTopicId, decisionPostNumber } = job.data;
      const log = logger.child({ jobId: job.id, topicId: experimentTopicId, postNumber: decisionPostNumber });

      const experiment = await records.getExperiment(experimentTopicId);
      const decision = experiment?.decision;
      const stillCurrent =
        experiment && !experiment.archived && experiment.practiceTopicId !== null && decision?.postNumber === decisionPostNumber && decision.decision !== 'abandon';
      if (!stillCurrent) {
        log.info('announcement skipped: the decision was withdrawn or changed');
        return;
      }

      const stateKey = keys.announcement(experimentTopicId, decisionPostNumber);
      const state = await redis.get(stateKey);
      if (state?.startsWith('posted')) return;

      const practiceTopicId = experiment.practiceTopicId!;
      const marker = announcementMarker(experimentTopicId, decisionPostNumber);
      if (state === 'posting') {
        const found = await forum.findPostWithMarker(practiceTopicId, marker, options.apiUsername);
        if (found) {
          await redis.set(stateKey, `posted:${found.id}`);
          log.info({ postId: found.id }, 'announcement found in the thread after an interrupted run');
          return;
        }
      }

      await redis.set(stateKey, 'posting');
      const raw = announcementRaw({
        experimentTitle: experiment.title,
        experimentUrl: topicUrl(options.forumUrl, experiment.topicId, experiment.slug),
        decision: decision!,
        marker,
      });
      try {
        const result = await forum.createPost(practiceTopicId, raw);
        const postId = result.status === 'created' ? result.post.id : 'enqueued';
        await redis.set(stateKey, `posted:${postId}`);
        log.info({ practiceTopicId, postId }, 'practice change announced');
      } catch (error) {
        if (error instanceof ForumRequestError) {
          log.error({ practiceTopicId, status: error.status, errors: error.errorsText }, 'announcement rejected by the forum');
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    },
    { connection: options.connection, prefix: options.bullPrefix, concurrency: 1 },
  );

  worker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, topicId: job?.data.experimentTopicId, attempt: job?.attemptsMade, err: error }, 'announcement job failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'announcement worker error'));
  return worker;
}
