/*
 * Sliding-window rate limiters as in `lib/rate_limiter.rb`: the limiter keeps the timestamps (whole
 * seconds) of the last `max` actions and allows another one while fewer than `max` are stored or
 * the oldest is at least `windowSeconds` old. The wait it reports is the time until the oldest
 * stored action leaves the window.
 */

export class RateLimitExceeded extends Error {
  override name = 'RateLimitExceeded';

  constructor(
    readonly waitSeconds: number,
    /** Sent as `Discourse-Rate-Limit-Error-Code`, e.g. `admin_api_key_rate_limit`. */
    readonly errorCode: string,
  ) {
    super(`rate limit ${errorCode} exceeded; retry in ${waitSeconds} s`);
  }

  /** `time_left` as `RateLimiter::LimitExceeded#time_left` words it ("37 seconds", "1 minute"). */
  get timeLeft(): string {
    if (this.waitSeconds < 60) return plural(this.waitSeconds, 'second');
    if (this.waitSeconds < 3600) return plural(Math.floor(this.waitSeconds / 60), 'minute');
    return plural(Math.floor(this.waitSeconds / 3600), 'hour');
  }

  /** The `errors` text from `rate_limiter.too_many_requests` in Discourse's English locale. */
  get description(): string {
    return `You’ve performed this action too many times. Please wait ${this.timeLeft} before trying again.`;
  }
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export class RateLimiter {
  /** Epoch seconds of the latest actions, oldest first, at most `max` of them. */
  private readonly performedAt: number[] = [];

  constructor(
    readonly max: number,
    readonly windowSeconds: number,
    readonly errorCode: string,
    private readonly now: () => Date,
  ) {}

  canPerform(): boolean {
    return this.performedAt.length < this.max || this.ageOfOldest() >= this.windowSeconds;
  }

  /** Records an action, or throws RateLimitExceeded without recording it. */
  perform(): void {
    if (!this.canPerform()) {
      throw new RateLimitExceeded(Math.max(1, this.windowSeconds - this.ageOfOldest()), this.errorCode);
    }

    this.performedAt.push(this.nowSeconds());
    if (this.performedAt.length > this.max) this.performedAt.shift();
  }

  private ageOfOldest(): number {
    return this.nowSeconds() - (this.performedAt[0] ?? this.nowSeconds());
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

/** Rate limiters keyed by IP address or API key, created on first use. */
export class KeyedRateLimiters {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly max: number,
    private readonly windowSeconds: number,
    private readonly errorCode: string,
    private readonly now: () => Date,
  ) {}

  for(key: string): RateLimiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.max, this.windowSeconds, this.errorCode, this.now);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
