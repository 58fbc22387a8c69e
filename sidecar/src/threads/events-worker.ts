import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { removeUserEverywhere } from '../partners/remove-user';
import type { Keys } from '../redis/keys';
import { ForumRequestError } from '../forum/errors';
import { EVENTS_QUEUE } from '../redis/keys';
import type { EventJobData } from '../webhooks/events-queue';
import type { CategoryRestrictions } from './categories';
import type { ThreadSync } from './thread-sync';

export interface EventsWorkerOptions {
  connection: ConnectionOptions;
  bullPrefix: string;
  concurrency: number;
  sync: ThreadSync;
  categories: CategoryRestrictions;
  redis: Redis;
  keys: Keys;
  logger: Logger;
}

/** Starts the worker that applies queued webhook events to the records. */
export function startEventsWorker(options: EventsWorkerOptions): Worker<EventJobData> {
  const { sync, categories, logger } = options;

  const worker = new Worker<EventJobData>(
    EVENTS_QUEUE,
    async (job: Job<EventJobData>) => {
      try {
        await processEvent(job.data, options);
      } catch (error) {
        // Repeating a request the forum rejected as invalid cannot succeed.
        if (error instanceof ForumRequestError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    { connection: options.connection, prefix: options.bullPrefix, concurrency: options.concurrency },
  );

  worker.on('failed', (job, error) => {
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const ids = { jobId: job?.id, event: job?.name, attempt: job?.attemptsMade, err: error };
    if (final) logger.error(ids, 'event job failed for good');
    else logger.warn(ids, 'event job failed, will retry');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'events worker error'));

  return worker;
}

async function processEvent(data: EventJobData, options: EventsWorkerOptions): Promise<void> {
  const { sync, categories } = options;
  switch (data.kind) {
    case 'topic':
      return sync.handleTopicEvent(data.event, data.payload);
    case 'post':
      return sync.handlePostEvent(data.event, data.payload);
    case 'resolve-topic':
      return sync.resolveTopic(data.topicId);
    case 'rebuild-practice':
      return sync.rebuildPractice(data.topicId);
    case 'category':
      if (data.event === 'category_destroyed') return categories.set(data.payload.id, true);
      if (data.payload.read_restricted !== undefined) return categories.set(data.payload.id, data.payload.read_restricted);
      return categories.refresh(data.payload.id);
    case 'user': {
      const removed = await removeUserEverywhere(options.redis, options.keys, data.payload.username, { userId: data.payload.id });
      options.logger.info({ userId: data.payload.id, event: data.event, experiments: removed.experimentTopicIds }, 'user removed from experiments');
      return;
    }
  }
}
