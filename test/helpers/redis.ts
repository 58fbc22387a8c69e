import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix as deleteWithPrefix } from '../../sidecar/src/redis/delete-prefix';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Returns a key prefix no other test file or run shares, so tests never touch each other's data. */
export function uniquePrefix(name: string): string {
  return `praxis-test-${name}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix` (and nothing else: the shared Redis is never flushed). */
export async function deleteKeysWithPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await deleteWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Counts the keys under `prefix`. */
export async function countKeysWithPrefix(prefix: string, pattern = '*'): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  let count = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:${pattern}`, 'COUNT', 500);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return count;
}
