import type { Redis } from 'ioredis';

/*
 * A sliding-window limiter kept in Redis, so every sidecar process draws on one budget. Discourse
 * counts all admin API requests of a site in one bucket (`admin_api_min`, 60 a minute by default),
 * so the sidecar must stay under it as a whole, not per process.
 *
 * The window is a sorted set of request timestamps (milliseconds). The script drops entries older
 * than the window, and either records the new request or returns how long to wait.
 */
const ACQUIRE_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local member = ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

const WINDOW_MS = 60_000;

export class RateLimiter {
  private sequence = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly requestsPerMinute: number,
  ) {}

  /** Resolves once a request may be sent, waiting for the window to free a place. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const waitMs = await this.tryAcquire();
      if (waitMs === 0) return;
      await sleep(waitMs, signal);
    }
  }

  /** Records a request and returns 0, or returns the milliseconds until a place frees up. */
  async tryAcquire(now = Date.now()): Promise<number> {
    const member = `${now}-${process.pid}-${++this.sequence}-${Math.random().toString(36).slice(2, 8)}`;
    const result = await this.redis.eval(ACQUIRE_SCRIPT, 1, this.key, now, WINDOW_MS, this.requestsPerMinute, member);
    return Number(result);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
