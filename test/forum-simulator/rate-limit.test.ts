import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForumSimulator } from './server';
import { call, TestClock, type Caller } from './test-client';

describe('admin API rate limit', () => {
  let sim: ForumSimulator;
  let baseUrl: string;
  let clock: TestClock;
  let admin: Caller;

  beforeEach(async () => {
    clock = new TestClock();
    sim = new ForumSimulator({ adminApiRequestsPerMinute: 3, now: clock.now });
    baseUrl = await sim.start();
    admin = { apiKey: sim.adminApiKey, apiUsername: 'system' };
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('answers 429 with Discourse headers and body', async () => {
    for (let index = 0; index < 3; index++) {
      expect((await call(baseUrl, 'GET', '/session/current.json', { caller: admin })).status).toBe(200);
    }
    clock.advanceSeconds(23);

    const limited = await call(baseUrl, 'GET', '/session/current.json', { caller: admin });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('37');
    expect(limited.headers.get('discourse-rate-limit-error-code')).toBe('admin_api_key_rate_limit');
    expect(limited.text).toBe(
      '{"errors":["You’ve performed this action too many times. Please wait 37 seconds before trying again."],' +
        '"error_type":"rate_limit","extras":{"wait_seconds":37,"time_left":"37 seconds"}}',
    );
  });

  it('frees the bucket 60 seconds after the oldest request', async () => {
    for (let index = 0; index < 3; index++) await call(baseUrl, 'GET', '/session/current.json', { caller: admin });

    clock.advanceSeconds(59);
    expect((await call(baseUrl, 'GET', '/session/current.json', { caller: admin })).status).toBe(429);

    clock.advanceSeconds(1);
    expect((await call(baseUrl, 'GET', '/session/current.json', { caller: admin })).status).toBe(200);
  });

  it('shares one bucket between all admin keys', async () => {
    sim.addUser({ username: 'alice' });
    const otherKey = sim.createApiKey();

    await call(baseUrl, 'GET', '/session/current.json', { caller: admin });
    await call(baseUrl, 'GET', '/session/current.json', { caller: { apiKey: otherKey, apiUsername: 'alice' } });
    await call(baseUrl, 'GET', '/session/current.json', { caller: admin });

    const limited = await call(baseUrl, 'GET', '/session/current.json', { caller: { apiKey: otherKey, apiUsername: 'alice' } });
    expect(limited.status).toBe(429);
  });

  it('counts served and limited admin requests', async () => {
    for (let index = 0; index < 5; index++) await call(baseUrl, 'GET', '/session/current.json', { caller: admin });
    await call(baseUrl, 'GET', '/tag/none.json');

    expect(sim.adminApiStats).toEqual({ adminApiRequests: 3, adminApiRateLimited: 2 });
  });

  it('leaves anonymous requests out of the bucket', async () => {
    for (let index = 0; index < 5; index++) await call(baseUrl, 'GET', '/tag/none.json');

    expect((await call(baseUrl, 'GET', '/session/current.json', { caller: admin })).status).toBe(200);
  });

  it('rejects a bad key before counting it', async () => {
    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { apiKey: 'wrong', apiUsername: 'system' } });

    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      errors: ['You are not permitted to view the requested resource. The API username or key is invalid.'],
      error_type: 'invalid_access',
    });
    expect(sim.adminApiStats.adminApiRequests).toBe(0);
  });

  it('rejects an unknown Api-Username', async () => {
    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { apiKey: sim.adminApiKey, apiUsername: 'nobody' } });

    expect(response.status).toBe(403);
    expect(response.json.error_type).toBe('invalid_access');
  });
});
