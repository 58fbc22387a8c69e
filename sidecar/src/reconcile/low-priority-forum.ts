import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { ForumClient } from '../forum/client';
import { RateLimiter, type RateLimiterOptions } from '../forum/rate-limiter';
import type { Keys } from '../redis/keys';

/** A rate limiter that counts the places it granted, one for each request the forum client sent. */
class CountingRateLimiter extends RateLimiter {
  granted = 0;

  override async acquire(signal?: AbortSignal): Promise<void> {
    await super.acquire(signal);
    this.granted += 1;
  }
}

export interface LowPriorityForum {
  forum: ForumClient;
  /** Requests sent through `forum` so far, retries included. */
  requestsSent: () => number;
}

/**
 * Builds a forum client for reconciliation and backfill: the sidecar's API key and its shared
 * request budget (`keys.forumRequestLog`), drawn at low priority, so that reminders and
 * webhook follow-ups keep a reserve of the budget.
 */
export function createLowPriorityForum(
  config: Config,
  redis: Redis,
  keys: Keys,
  logger: Logger,
  limiterOptions: Pick<RateLimiterOptions, 'windowMs'> = {},
): LowPriorityForum {
  const limiter = new CountingRateLimiter(redis, keys.forumRequestLog, config.DISCOURSE_API_REQUESTS_PER_MINUTE, {
    ...limiterOptions,
    priority: 'low',
  });
  const forum = new ForumClient({
    baseUrl: config.DISCOURSE_URL,
    apiKey: config.DISCOURSE_API_KEY,
    apiUsername: config.DISCOURSE_API_USERNAME,
    timeoutMs: config.DISCOURSE_API_TIMEOUT_MS,
    rateLimiter: limiter,
    logger,
  });
  return { forum, requestsSent: () => limiter.granted };
}
