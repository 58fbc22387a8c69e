import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, PraxisClient, parseRetryAfter } from '../../theme-component/src/widgets/api-client';
import { FakeFetch, deferred, json, notModified } from './fake-fetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('PraxisClient', () => {
  it('sends JSON GETs with same-origin credentials', async () => {
    const fake = new FakeFetch().on('GET', '/praxis/api/practices/12', () => json({ topicId: 12 }));
    const client = new PraxisClient('/praxis/', fake.fetch);

    const result = await client.getJson('/api/practices/12');
    expect(result).toEqual({ data: { topicId: 12 }, notModified: false });
    expect(fake.requests[0]?.credentials).toBe('same-origin');
    expect(fake.requests[0]?.headers.accept).toBe('application/json');
    expect(fake.requests[0]?.headers['if-none-match']).toBeUndefined();
  });

  it('uses the global fetch by default', async () => {
    const fake = new FakeFetch().on('GET', 'http://127.0.0.1:4100/api/practices/12', () => json({ topicId: 12 }));
    vi.stubGlobal('fetch', fake.fetch);

    const result = await new PraxisClient('http://127.0.0.1:4100').getJson('/api/practices/12');
    expect(result.data).toEqual({ topicId: 12 });
  });

  it('revalidates with the ETag and returns the cached body on 304', async () => {
    const fake = new FakeFetch()
      .once('GET', '/praxis/api/x', () => json({ value: 1 }, 200, { ETag: 'W/"abc"' }))
      .on('GET', '/praxis/api/x', () => notModified());
    const client = new PraxisClient('/praxis', fake.fetch);

    await client.getJson('/api/x');
    const second = await client.getJson('/api/x');
    expect(fake.requests[1]?.headers['if-none-match']).toBe('W/"abc"');
    expect(second).toEqual({ data: { value: 1 }, notModified: true });
  });

  it('replaces the cache on a 200 with a new ETag', async () => {
    const fake = new FakeFetch()
      .once('GET', '/praxis/api/x', () => json({ value: 1 }, 200, { ETag: 'W/"one"' }))
      .once('GET', '/praxis/api/x', () => json({ value: 2 }, 200, { ETag: 'W/"two"' }))
      .on('GET', '/praxis/api/x', () => notModified());
    const client = new PraxisClient('/praxis', fake.fetch);

    await client.getJson('/api/x');
    const second = await client.getJson('/api/x');
    const third = await client.getJson('/api/x');
    expect(second).toEqual({ data: { value: 2 }, notModified: false });
    expect(fake.requests[2]?.headers['if-none-match']).toBe('W/"two"');
    expect(third.data).toEqual({ value: 2 });
  });

  it('drops the oldest cached response past 64', async () => {
    const fake = new FakeFetch();
    for (let index = 0; index <= 64; index += 1) {
      fake.on('GET', `/praxis/api/${index}`, (request) => (request.headers['if-none-match'] ? notModified() : json({ index }, 200, { ETag: `"${index}"` })));
    }
    const client = new PraxisClient('/praxis', fake.fetch);

    for (let index = 0; index <= 64; index += 1) await client.getJson(`/api/${index}`);
    await client.getJson('/api/0');
    await client.getJson('/api/64');
    expect(fake.requests.at(-2)?.headers['if-none-match']).toBeUndefined();
    expect(fake.requests.at(-1)?.headers['if-none-match']).toBe('"64"');
  });

  it('shares concurrent GETs of one path', async () => {
    const response = deferred<Response>();
    const fake = new FakeFetch().on('GET', '/praxis/api/x', () => response.promise);
    const client = new PraxisClient('/praxis', fake.fetch);

    const first = client.getJson('/api/x');
    const second = client.getJson('/api/x');
    response.resolve(json({ value: 1 }));
    expect(await first).toEqual(await second);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends writes as JSON', async () => {
    const fake = new FakeFetch().on('POST', '/praxis/api/experiments/280/partners', () => json({ topicId: 280 }));
    const client = new PraxisClient('/praxis', fake.fetch);

    await client.sendJson('POST', '/api/experiments/280/partners', { role: 'observer' });
    expect(fake.requests[0]?.body).toBe('{"role":"observer"}');
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(fake.requests[0]?.credentials).toBe('same-origin');
  });

  it('sends a DELETE without a body', async () => {
    const fake = new FakeFetch().on('DELETE', '/praxis/api/experiments/280/partners/me', () => json({ topicId: 280 }));
    const client = new PraxisClient('/praxis', fake.fetch);

    await client.sendJson('DELETE', '/api/experiments/280/partners/me');
    expect(fake.requests[0]?.body).toBeNull();
    expect(fake.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('reads the error body of a refusal', async () => {
    const fake = new FakeFetch().on('POST', '/praxis/api/p', () => json({ error: 'experiment 280 is archived', code: 'CONFLICT' }, 409));
    const client = new PraxisClient('/praxis', fake.fetch);

    const error = await client.sendJson('POST', '/api/p', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).serverMessage).toBe('experiment 280 is archived');
    expect((error as ApiError).code).toBe('CONFLICT');
  });

  it('reads Retry-After of a 429', async () => {
    const fake = new FakeFetch().on('GET', '/praxis/api/x', () => json({ error: 'slow down' }, 429, { 'Retry-After': '12' }));
    const client = new PraxisClient('/praxis', fake.fetch);

    const error = (await client.getJson('/api/x').catch((caught: unknown) => caught)) as ApiError;
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('reports an error page without JSON by status', async () => {
    const fake = new FakeFetch().on('GET', '/praxis/api/x', () => new Response('<h1>502</h1>', { status: 502 }));
    const client = new PraxisClient('/praxis', fake.fetch);

    const error = (await client.getJson('/api/x').catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.serverMessage).toBeNull();
    expect(error.kind).toBe('http');
  });

  it('reports a 200 that is not JSON', async () => {
    const fake = new FakeFetch().on('GET', '/praxis/api/x', () => new Response('<html>login</html>', { status: 200 }));
    const client = new PraxisClient('/praxis', fake.fetch);

    const error = (await client.getJson('/api/x').catch((caught: unknown) => caught)) as ApiError;
    expect(error.kind).toBe('invalid-body');
  });

  it('reports a network failure', async () => {
    const fake = new FakeFetch().on('GET', '/praxis/api/x', () => Promise.reject(new TypeError('Failed to fetch')));
    const client = new PraxisClient('/praxis', fake.fetch);

    const error = (await client.getJson('/api/x').catch((caught: unknown) => caught)) as ApiError;
    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfter('120')).toBe(120);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    expect(parseRetryAfter('Fri, 01 Jan 2027 00:00:45 GMT', now)).toBe(45);
  });

  it('returns null for a missing or invalid value', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
