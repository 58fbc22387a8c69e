import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../sidecar/src/forum/rate-limiter';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Creates a normal and a low-priority limiter on one fresh window of `perMinute` requests. */
function limiters(perMinute: number) {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = uniquePrefix('priority');
  cleanups.push(async () => {
    redis.disconnect();
    await deleteKeysWithPrefix(prefix);
  });
  const normal = new RateLimiter(redis, `${prefix}:forum:request-log`, perMinute);
  return { normal, low: normal.withPriority('low') };
}

describe('rate limiter priorities', () => {
  it('paces low-priority requests', async () => {
    const { low } = limiters(60);
    const now = Date.now();

    expect(await low.tryAcquire(now)).toBe(0);
    expect(await low.tryAcquire(now)).toBe(1_000);
    expect(await low.tryAcquire(now + 1_000)).toBe(0);
  });

  it('lets normal requests skip the pacing', async () => {
    const { normal, low } = limiters(60);
    const now = Date.now();

    expect(await low.tryAcquire(now)).toBe(0);
    expect(await normal.tryAcquire(now)).toBe(0);
  });

  it('gives low priority the whole budget when alone', async () => {
    const { low } = limiters(5);
    const now = Date.now();
    const waits = [];

    for (let index = 0; index < 5; index++) waits.push(await low.tryAcquire(now + index * 12_000));

    expect(waits).toEqual([0, 0, 0, 0, 0]);
    // A request counts 1 s past the window at low priority.
    expect(await low.tryAcquire(now + 60_000)).toBe(1_000);
    expect(await low.tryAcquire(now + 61_000)).toBe(0);
  });

  it('keeps the reserve for normal requests', async () => {
    const { normal, low } = limiters(10);
    const now = Date.now();
    for (let index = 0; index < 8; index++) await low.tryAcquire(now + index * 6_000);

    const normalInReserve = await normal.tryAcquire(now + 43_000);
    const lowAfterDemand = await low.tryAcquire(now + 48_000);
    const normalAgain = await normal.tryAcquire(now + 48_000);
    const normalFull = await normal.tryAcquire(now + 48_000);

    expect(normalInReserve).toBe(0);
    expect(lowAfterDemand).toBe(19_000);
    expect(normalAgain).toBe(0);
    expect(normalFull).toBe(12_000);
  });

  it('rejects a reserve share of 1', () => {
    const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
    expect(() => new RateLimiter(redis, 'unused', 60, { reserveShare: 1 })).toThrow('reserveShare 1 is out of range');
    redis.disconnect();
  });
});
