import { createHash } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { build } from '../helpers/build';
import { deleteKeysWithPrefix } from '../helpers/redis';
import { join, saveExperiment, scene, storedPartners } from './partner-fixtures';

describe('caller identity', () => {
  it('rejects a request without a session with 401', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId);

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('PRAXIS_NOT_SIGNED_IN');
    expect(response.json().error).toMatch(/not signed in/);
  });

  it('rejects a signed-out cookie with 401', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    s.forum.logout(cookie);

    const response = await join(s, topicId, { cookie });

    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatch(/did not accept your session cookie/);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects a made-up cookie with 401', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: 'not-a-session-token' });

    expect(response.statusCode).toBe(401);
  });

  it('asks the forum nothing without a _t cookie', async () => {
    // The forum URL is a closed port: any call to it would end in 503.
    const app = await build({ name: 'partners-no-forum', env: { PRAXIS_ROLES: 'api' } });
    onFinished(app);
    const topicId = await saveExperiment(app);

    const response = await app.inject({
      method: 'POST',
      url: `/api/experiments/${topicId}/partners`,
      headers: { cookie: 'theme=dark; _ga=1', 'content-type': 'application/json', origin: 'http://127.0.0.1:9' },
      payload: '{}',
    });

    expect(response.statusCode).toBe(401);
  });

  it('returns 503 when the forum does not answer', async () => {
    const app = await build({ name: 'partners-no-forum', env: { PRAXIS_ROLES: 'api' } });
    onFinished(app);
    const topicId = await saveExperiment(app);

    const response = await app.inject({
      method: 'POST',
      url: `/api/experiments/${topicId}/partners`,
      headers: { cookie: '_t=abc', 'content-type': 'application/json', origin: 'http://127.0.0.1:9' },
      payload: '{}',
    });

    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('PRAXIS_FORUM_UNAVAILABLE');
    expect(response.headers['retry-after']).toBe('30');
  });

  it('joins with a user API key', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { userApiKey: s.forum.createUserApiKey('quinn'), origin: null, contentType: null, body: null });

    expect(response.statusCode).toBe(200);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['quinn']);
  });

  it('prefers the user API key over the cookie', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), userApiKey: s.forum.createUserApiKey('quinn') });

    expect(response.statusCode).toBe(200);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['quinn']);
  });

  it('rejects an unknown user API key with 401', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { userApiKey: 'f00dfeedf00dfeedf00dfeedf00dfeed' });

    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatch(/User-Api-Key/);
  });

  it('caches the caller under a SHA-256 of the cookie', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie });

    const digest = createHash('sha256').update(`cookie\n${cookie}`).digest('hex');
    const cached = await s.app.praxis.redis.get(s.app.praxis.keys.identity(digest));
    expect(JSON.parse(cached!)).toEqual({ user: { id: s.userId('pat'), username: 'pat', admin: false, moderator: false } });
    const ttl = await s.app.praxis.redis.ttl(s.app.praxis.keys.identity(digest));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('stores no credential in Redis', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    const key = s.forum.createUserApiKey('quinn');

    await join(s, topicId, { cookie });
    await join(s, topicId, { userApiKey: key });

    const { redis, keys } = s.app.praxis;
    const stored: string[] = [];
    for (const name of await redis.keys(`${keys.prefix}:*`)) {
      stored.push(name);
      const type = await redis.type(name);
      if (type === 'string') stored.push((await redis.get(name)) ?? '');
      if (type === 'hash') stored.push(JSON.stringify(await redis.hgetall(name)));
    }
    expect(stored.some((text) => text.includes(cookie))).toBe(false);
    expect(stored.some((text) => text.includes(key))).toBe(false);
  });

  it('follows a sign-out at once without the cache', async () => {
    const s = await scene({ PRAXIS_IDENTITY_CACHE_SECONDS: '0' });
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    await join(s, topicId, { cookie });
    s.forum.logout(cookie);

    const response = await join(s, topicId, { cookie, body: { role: 'observer' } });

    expect(response.statusCode).toBe(401);
  });

  it('sends the client IP so one client cannot lock out others', async () => {
    const s = await scene({ PRAXIS_IDENTITY_CACHE_SECONDS: '0' });
    const topicId = await saveExperiment(s.app, { partnersWanted: null });

    // Discourse allows 10 failed cookie lookups per client IP a minute.
    for (let attempt = 0; attempt < 11; attempt++) {
      await join(s, topicId, { cookie: `stale-${attempt}`, remoteAddress: '203.0.113.1' });
    }
    const sameClient = await join(s, topicId, { cookie: s.forum.login('pat'), remoteAddress: '203.0.113.1' });
    const otherClient = await join(s, topicId, { cookie: s.forum.login('quinn'), remoteAddress: '203.0.113.2' });

    expect(sameClient.statusCode).toBe(429);
    expect(sameClient.json().code).toBe('PRAXIS_FORUM_RATE_LIMITED');
    expect(sameClient.headers['retry-after']).toBe('60');
    expect(otherClient.statusCode).toBe(200);
  });
});

function onFinished(app: Awaited<ReturnType<typeof build>>) {
  onTestFinished(async () => {
    await app.close();
    await deleteKeysWithPrefix(app.praxis.keys.prefix);
  });
}
