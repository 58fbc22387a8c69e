import { describe, expect, it } from 'vitest';
import { build } from '../helpers/build';

const FORUM_ORIGIN = 'http://127.0.0.1:9';

describe('json api', () => {
  it('answers healthz and readyz', async () => {
    const app = await build({ name: 'api' });

    const health = await app.inject({ method: 'GET', url: '/healthz' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });

    expect(health.statusCode).toBe(200);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { redis: true, worker: true } });
  });

  it('reports not ready without Redis', async () => {
    const app = await build({ name: 'api' });
    app.praxis.redis.disconnect();

    const ready = await app.inject({ method: 'GET', url: '/readyz' });

    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.redis).toBe(false);
  });

  it.each([
    ['/api/experiments/abc', /topicId "abc" is not a topic id/],
    ['/api/experiments/-4', /topicId "-4" is not a topic id/],
    ['/api/experiments?status=done', /status "done" is invalid; use one of proposed, running, reflecting, concluded/],
    ['/api/experiments?practiceTopicId=x', /practiceTopicId "x" is not a topic id/],
    ['/api/practices?includeArchived=maybe', /includeArchived "maybe" is invalid; use true or false/],
    ['/api/changelog?limit=500', /limit "500" is invalid/],
  ])('rejects %s with 400', async (url, message) => {
    const app = await build({ name: 'api' });

    const response = await app.inject({ method: 'GET', url });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
  });

  it.each(['/api/experiments/12345', '/api/practices/12345', '/api/practices/12345/changelog'])('answers 404 for unknown %s', async (url) => {
    const app = await build({ name: 'api' });

    const response = await app.inject({ method: 'GET', url });

    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatch(/12345 not found/);
  });

  it('answers 404 with json for unknown routes', async () => {
    const app = await build({ name: 'api' });

    const response = await app.inject({ method: 'GET', url: '/nowhere?x=1' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'route GET /nowhere not found', code: 'PRAXIS_NOT_FOUND' });
  });

  it('allows CORS from the forum only', async () => {
    const app = await build({ name: 'api' });

    const forum = await app.inject({ method: 'GET', url: '/api/experiments', headers: { origin: FORUM_ORIGIN } });
    const other = await app.inject({ method: 'GET', url: '/api/experiments', headers: { origin: 'https://evil.example' } });

    expect(forum.headers['access-control-allow-origin']).toBe(FORUM_ORIGIN);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const app = await build({ name: 'api' });

    const first = await app.inject({ method: 'GET', url: '/api/experiments' });
    const second = await app.inject({ method: 'GET', url: '/api/experiments', headers: { 'if-none-match': first.headers.etag as string } });

    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe('');
  });

  it('hides details of server errors', async () => {
    const app = await build({ name: 'api' });
    app.get('/boom', async () => {
      throw new Error('secret internal detail');
    });

    const response = await app.inject({ method: 'GET', url: '/boom' });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal server error', code: 'PRAXIS_INTERNAL' });
  });
});
