import type { Redis } from 'ioredis';
import { HttpError } from '../errors';
import { RateLimiter } from '../forum/rate-limiter';
import type { Keys } from '../redis/keys';

/**
 * Limits how many joins and leaves one user makes per minute. The window lives in Redis
 * (`keys.partnerChanges`), so the limit applies across every sidecar process.
 */
export class PartnerChangeLimit {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly perMinute: number,
  ) {}

  /** Counts one change by `userId`, or throws a 429 carrying `Retry-After` in seconds. */
  async consume(userId: number): Promise<void> {
    const limiter = new RateLimiter(this.redis, this.keys.partnerChanges(userId), this.perMinute);
    const waitMs = await limiter.tryAcquire();
    if (waitMs === 0) return;

    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new HttpError(
      429,
      'PRAXIS_RATE_LIMITED',
      `too many joins and leaves: at most ${this.perMinute} a minute per user; try again in ${seconds} seconds`,
      { 'retry-after': String(seconds) },
    );
  }
}
