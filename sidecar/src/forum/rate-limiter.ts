import type { Redis } from 'ioredis';

/*
 * A sliding-window limiter kept in Redis, so every sidecar process draws on one budget. Discourse
 * counts all admin API requests of a site in one bucket (`admin_api_min`, 60 a minute by default),
 * so the sidecar must stay under it as a whole, not per process.
 *
 * The window is a sorted set of request timestamps (milliseconds). The script counts the entries
 * inside the window, and either records the new request or returns how long to wait.
 *
 * Two priorities share one window:
 * - `normal` (reminders, webhook follow-ups, user-facing calls) takes a place whenever the window
 *   has one. When it finds the window in the reserve (the last `reserveShare` of the budget), it
 *   sets a demand marker for one window length.
 * - `low` (reconciliation, backfill) leaves the reserve free while the demand marker is set, so
 *   normal requests find places at once. Without normal demand it may use the whole budget, but
 *   it is paced (one request per window/limit ms), so it never fills the window in a burst that
 *   would make a normal request wait for a whole window.
 * - `low` also counts each request for `lowPriorityMarginMs` past the window, because the forum
 *   times requests on arrival. Discourse admits one more once the oldest of the last `max` is at
 *   least 60 whole seconds old (`lib/rate_limiter.rb`). A request that travels faster than the one
 *   it replaces would otherwise reach a window that is still full, and get a 429, while the
 *   sidecar runs at the full budget.
 */
const ACQUIRE_SCRIPT = `
local log = KEYS[1]
local demand = KEYS[2]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local member = ARGV[4]
local low = ARGV[5] == 'low'
local reserve = tonumber(ARGV[6])
local margin = tonumber(ARGV[7])

redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window - margin)

local span = window
local allowed = limit
if low then
  span = window + margin
  if redis.call('EXISTS', demand) == 1 then allowed = limit - reserve end
end
local since = '(' .. (now - span)
local count = redis.call('ZCOUNT', log, since, '+inf')

if not low and count >= limit - reserve then
  redis.call('SET', demand, '1', 'PX', window)
end

local wait = 0
if count >= allowed and allowed <= 0 then
  wait = math.max(1, redis.call('PTTL', demand))
elseif count >= allowed then
  local entry = redis.call('ZRANGEBYSCORE', log, since, '+inf', 'WITHSCORES', 'LIMIT', count - allowed, 1)
  wait = math.max(1, tonumber(entry[2]) + span - now)
end
if low and wait == 0 then
  local latest = redis.call('ZREVRANGE', log, 0, 0, 'WITHSCORES')
  if latest[2] then
    local spacing = window / limit
    local next = tonumber(latest[2]) + spacing
    if next > now then wait = math.ceil(next - now) end
  end
end
if wait > 0 then return wait end

redis.call('ZADD', log, now, member)
redis.call('PEXPIRE', log, window + margin)
return 0
`;

const WINDOW_MS = 60_000;

/** The request priority, which decides who goes first when the budget is short (see the file comment). */
export type RequestPriority = 'normal' | 'low';

export interface RateLimiterOptions {
  /** `normal` by default. */
  priority?: RequestPriority;
  /** Share of the budget that low-priority requests leave free while normal requests need it; 0.2 by default. */
  reserveShare?: number;
  /** Milliseconds a low-priority request keeps counting past the window; 1 000 by default, for network jitter. */
  lowPriorityMarginMs?: number;
  /** Window length in milliseconds; 60 000 (a minute) unless a test scales time down. */
  windowMs?: number;
}

export class RateLimiter {
  private sequence = 0;
  private readonly priority: RequestPriority;
  private readonly reserve: number;
  private readonly marginMs: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly requestsPerMinute: number,
    private readonly options: RateLimiterOptions = {},
  ) {
    const share = options.reserveShare ?? 0.2;
    if (!(share >= 0 && share < 1)) throw new Error(`reserveShare ${share} is out of range; use a share from 0 up to (not including) 1`);

    this.priority = options.priority ?? 'normal';
    this.reserve = Math.ceil(requestsPerMinute * share);
    this.marginMs = options.lowPriorityMarginMs ?? 1_000;
    this.windowMs = options.windowMs ?? WINDOW_MS;
  }

  /** Returns a limiter on the same window and budget that sends at `priority`. */
  withPriority(priority: RequestPriority): RateLimiter {
    return new RateLimiter(this.redis, this.key, this.requestsPerMinute, { ...this.options, priority });
  }

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
    const result = await this.redis.eval(
      ACQUIRE_SCRIPT,
      2,
      this.key,
      `${this.key}:normal-demand`,
      now,
      this.windowMs,
      this.requestsPerMinute,
      member,
      this.priority,
      this.reserve,
      this.marginMs,
    );
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
