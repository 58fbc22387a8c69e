import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createWorkerConnection } from '../redis/connections';
import { RECONCILE_QUEUE, type Keys } from '../redis/keys';
import type { ThreadStateStore } from '../threads/thread-state';
import type { ThreadSync } from '../threads/thread-sync';
import { createLowPriorityForum } from './low-priority-forum';
import { Reconciler } from './reconciler';

/** Id of the BullMQ job scheduler that queues a run every PRAXIS_RECONCILE_EVERY. */
export const RECONCILE_SCHEDULER_ID = 'reconcile';

export interface ReconciliationDeps {
  config: Config;
  keys: Keys;
  redis: Redis;
  /** Connection for the reconciliation queue, kept apart from `redis` (see app.ts). */
  queueRedis?: Redis;
  threads: ThreadStateStore;
  sync: ThreadSync;
  logger: Logger;
  now?: () => Date;
}

export interface Reconciliation {
  reconciler: Reconciler;
  /** Stops the worker; a run in progress stops after its current topic. */
  close: () => Promise<void>;
}

/** Builds the Reconciler with a low-priority forum client from the sidecar's configuration. */
export function createReconciler(deps: ReconciliationDeps): Reconciler {
  const { config, keys, redis, logger } = deps;
  const { forum, requestsSent } = createLowPriorityForum(config, redis, keys, logger.child({ forumPriority: 'low' }));
  return new Reconciler({
    redis,
    keys,
    threads: deps.threads,
    sync: deps.sync,
    forum,
    requestsSent,
    experimentTag: config.PRAXIS_EXPERIMENT_TAG,
    practiceTag: config.PRAXIS_PRACTICE_TAG,
    everyMs: config.PRAXIS_RECONCILE_EVERY.toMillis(),
    recheckAfterMs: config.PRAXIS_RECONCILE_RECHECK_AFTER.toMillis(),
    logger,
    now: deps.now,
  });
}

/**
 * Schedules a reconciliation run every PRAXIS_RECONCILE_EVERY (a BullMQ job scheduler, so all
 * processes together queue one job per interval) and starts a worker for it. The Reconciler's
 * run lock keeps a run that outlasts the interval from overlapping the next.
 */
export async function startReconciliation(deps: ReconciliationDeps): Promise<Reconciliation> {
  const { config, keys, redis, logger } = deps;
  const reconciler = createReconciler(deps);

  const queue = new Queue(RECONCILE_QUEUE, {
    connection: deps.queueRedis ?? redis,
    prefix: keys.bullPrefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3_600, count: 100 } },
  });
  await ensureSchedule(queue, config.PRAXIS_RECONCILE_EVERY.toMillis());

  const shutdown = new AbortController();
  const connection = createWorkerConnection(config.REDIS_URL);
  const worker = new Worker(
    RECONCILE_QUEUE,
    async () => {
      await reconciler.run(shutdown.signal);
    },
    { connection, prefix: keys.bullPrefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => logger.error({ jobId: job?.id, err: error }, 'reconciliation run failed; the next run starts over'));
  worker.on('error', (error) => logger.error({ err: error }, 'reconciliation worker error'));

  return {
    reconciler,
    close: async () => {
      shutdown.abort(new Error('the sidecar is shutting down'));
      await worker.close();
      await queue.close();
      await connection.quit();
    },
  };
}

/**
 * Creates the job scheduler, or changes its interval, with the first run one interval from now.
 * A scheduler with the same interval is left alone, so restarts neither delay nor add runs.
 */
async function ensureSchedule(queue: Queue, everyMs: number): Promise<void> {
  const existing = await queue.getJobScheduler(RECONCILE_SCHEDULER_ID);
  if (existing?.every === everyMs) return;
  await queue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: everyMs, startDate: Date.now() + everyMs }, { name: 'reconcile' });
}
