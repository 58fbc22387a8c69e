import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ForumClient, retryAfterMs } from '../../sidecar/src/forum/client';
import { ForumNotFoundError, ForumRateLimitedError, ForumRequestError, ForumUnavailableError } from '../../sidecar/src/forum/errors';
import { RateLimiter } from '../../sidecar/src/forum/rate-limiter';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Starts a fake forum that responds to each request with the next reply of `script` and records what it received. */
async function fakeForum(script: Reply[]) {
  const received: http.IncomingHttpHeaders[] = [];
  const times: number[] = [];
  const server = http.createServer((request, response) => {
    received.push(request.headers);
    times.push(Date.now());
    const reply = script.shift() ?? { status: 200, body: { ok: true } };
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, times };
}

function client(url: string, options: { perMinute?: number; timeoutMs?: number } = {}) {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = uniquePrefix('forum-client');
  cleanups.push(async () => {
    redis.disconnect();
    await deleteKeysWithPrefix(prefix);
  });
  const limiter = new RateLimiter(redis, `${prefix}:forum:request-log`, options.perMinute ?? 600);
  const forum = new ForumClient({
    baseUrl: url,
    apiKey: 'key-123',
    apiUsername: 'system',
    timeoutMs: options.timeoutMs ?? 2_000,
    rateLimiter: limiter,
    logger: pino({ level: 'silent' }),
    backoffBaseMs: 20,
    maxRetries: 3,
  });
  return { forum, limiter };
}

const okSchema = z.object({ ok: z.boolean() });

describe('forum client', () => {
  it('sends the API key headers', async () => {
    const fake = await fakeForum([{ status: 200, body: { ok: true } }]);

    await client(fake.url).forum.request({ method: 'GET', url: '/x.json' }, okSchema);

    expect(fake.received[0]!['api-key']).toBe('key-123');
    expect(fake.received[0]!['api-username']).toBe('system');
    expect(fake.received[0]!.accept).toBe('application/json');
  });

  it('waits out a 429 Retry-After and retries', async () => {
    const fake = await fakeForum([
      { status: 429, headers: { 'retry-after': '1' }, body: { errors: ['slow down'], error_type: 'rate_limit', extras: { wait_seconds: 1 } } },
      { status: 200, body: { ok: true } },
    ]);

    const result = await client(fake.url).forum.request({ method: 'GET', url: '/x.json' }, okSchema);

    expect(result).toEqual({ ok: true });
    expect(fake.times).toHaveLength(2);
    expect(fake.times[1]! - fake.times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx with backoff, then gives up', async () => {
    const fake = await fakeForum(Array.from({ length: 10 }, () => ({ status: 502 })));

    await expect(client(fake.url).forum.request({ method: 'GET', url: '/x.json' }, okSchema)).rejects.toBeInstanceOf(ForumUnavailableError);
    expect(fake.times).toHaveLength(4);
  });

  it('recovers from a passing 503', async () => {
    const fake = await fakeForum([{ status: 503 }, { status: 200, body: { ok: true } }]);

    await expect(client(fake.url).forum.request({ method: 'GET', url: '/x.json' }, okSchema)).resolves.toEqual({ ok: true });
  });

  it('never retries a 422 and keeps its errors text', async () => {
    const fake = await fakeForum([{ status: 422, body: { action: 'create_post', errors: ['Body is too short'] } }, { status: 200 }]);

    const error = await client(fake.url).forum.request({ method: 'POST', url: '/posts.json' }, okSchema).catch((caught) => caught);

    expect(error).toBeInstanceOf(ForumRequestError);
    expect(error.errorsText).toBe('Body is too short');
    expect(fake.times).toHaveLength(1);
  });

  it('maps 404 to ForumNotFoundError', async () => {
    const fake = await fakeForum([{ status: 404, body: { errors: ['not found'], error_type: 'not_found' } }]);

    await expect(client(fake.url).forum.request({ method: 'GET', url: '/t/9.json' }, okSchema)).rejects.toBeInstanceOf(ForumNotFoundError);
  });

  it('fails on connection refused after retries', async () => {
    const { forum } = client('http://127.0.0.1:9');

    await expect(forum.request({ method: 'GET', url: '/x.json' }, okSchema)).rejects.toBeInstanceOf(ForumUnavailableError);
  });

  it('reads Retry-After, then wait_seconds', () => {
    expect(retryAfterMs('37', null)).toBe(37_000);
    expect(retryAfterMs(undefined, { extras: { wait_seconds: 12 } })).toBe(12_000);
    expect(retryAfterMs(undefined, 'Slow down')).toBe(60_000);
  });

  it('exports ForumRateLimitedError for long waits', async () => {
    const fake = await fakeForum([{ status: 429, headers: { 'retry-after': '3600' } }]);

    await expect(client(fake.url).forum.request({ method: 'GET', url: '/x.json' }, okSchema)).rejects.toBeInstanceOf(ForumRateLimitedError);
  });
});

describe('rate limiter', () => {
  it('shares one budget across instances', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const prefix = uniquePrefix('limiter');
    cleanups.push(async () => {
      redis.disconnect();
      await deleteKeysWithPrefix(prefix);
    });
    const first = new RateLimiter(redis, `${prefix}:log`, 3);
    const second = new RateLimiter(redis, `${prefix}:log`, 3);
    const now = Date.now();

    const waits = [await first.tryAcquire(now), await second.tryAcquire(now), await first.tryAcquire(now + 10), await second.tryAcquire(now + 20)];

    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(59_000);
    expect(waits[3]).toBeLessThanOrEqual(60_000);
    expect(await first.tryAcquire(now + 60_001)).toBe(0);
  });
});
