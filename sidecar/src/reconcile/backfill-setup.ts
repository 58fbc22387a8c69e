import type { Logger } from 'pino';
import type { Praxis } from '../app';
import type { RateLimiterOptions } from '../forum/rate-limiter';
import { Backfill } from './backfill';
import { createLowPriorityForum } from './low-priority-forum';

/**
 * Builds a Backfill on a sidecar's parts (from `buildApp`), so that imported threads take the
 * sidecar's own ThreadSync, with whatever it does after a record is saved, and share its
 * request budget at low priority.
 */
export function createBackfill(praxis: Praxis, logger: Logger, limiterOptions: Pick<RateLimiterOptions, 'windowMs'> = {}): Backfill {
  const { config, redis, keys, sync } = praxis;
  const { forum, requestsSent } = createLowPriorityForum(config, redis, keys, logger.child({ forumPriority: 'low' }), limiterOptions);
  return new Backfill({
    redis,
    keys,
    sync,
    forum,
    requestsSent,
    experimentTag: config.PRAXIS_EXPERIMENT_TAG,
    practiceTag: config.PRAXIS_PRACTICE_TAG,
    defaultTimezone: config.PRAXIS_DEFAULT_TIMEZONE,
    forumUrl: config.DISCOURSE_URL,
    logger,
  });
}
