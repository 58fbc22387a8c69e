import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from '../forum/rate-limiter';

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

export class TopicLockTimeoutError extends Error {
  override name = 'TopicLockTimeoutError';
}

/**
 * Runs `work` while holding a per-topic lock in Redis, so that two workers (in one process or
 * several) never interleave read-derive-write cycles on the same topic. The lock expires after
 * `ttlMs` in case its holder dies; a caller that cannot get it within `waitMs` gets
 * TopicLockTimeoutError and the job is retried.
 */
export async function withTopicLock<T>(
  redis: Redis,
  key: string,
  work: () => Promise<T>,
  { ttlMs = 60_000, waitMs = 10_000, pollMs = 25 } = {},
): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;

  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new TopicLockTimeoutError(`lock ${key} is busy after ${waitMs} ms`);
    await sleep(pollMs);
  }

  try {
    return await work();
  } finally {
    await redis.eval(RELEASE_SCRIPT, 1, key, token);
  }
}
