import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * A lock held for a whole run across processes. It expires after `ttlMs` unless renewed, which
 * happens every third of that while the holder lives, so a crashed holder frees it within
 * `ttlMs`. `signal` is aborted when a renewal finds the lock gone.
 */
export class RunLock {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    ttlMs: number,
  ) {
    this.timer = setInterval(() => void this.renew(ttlMs), Math.max(100, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  /** Takes the lock, or returns null while another holder has it. */
  static async acquire(redis: Redis, key: string, ttlMs = 120_000): Promise<RunLock | null> {
    const token = randomUUID();
    const reply = await redis.set(key, token, 'PX', ttlMs, 'NX');
    return reply === 'OK' ? new RunLock(redis, key, token, ttlMs) : null;
  }

  /** Aborted when the lock was lost (expired while Redis was unreachable, or deleted). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token);
  }

  private async renew(ttlMs: number): Promise<void> {
    try {
      const renewed = await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, ttlMs);
      if (Number(renewed) === 1) return;
      this.controller.abort(new Error(`run lock ${this.key} was lost`));
    } catch {
      // A failed renewal is retried on the next tick; the lock lasts ttlMs from the last success.
      return;
    }
    clearInterval(this.timer);
  }
}
