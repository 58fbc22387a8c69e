import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForumSimulator } from './server';
import { call, TestClock } from './test-client';

describe('sessions and identity', () => {
  let sim: ForumSimulator;
  let baseUrl: string;
  let clock: TestClock;

  beforeEach(async () => {
    clock = new TestClock();
    sim = new ForumSimulator({ now: clock.now });
    baseUrl = await sim.start();
    sim.addUser({ username: 'alice', name: 'Alice Example', trustLevel: 2 });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('session/current answers 200 for a valid cookie', async () => {
    const cookie = sim.login('alice');

    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      current_user: {
        id: sim.user('alice')!.id,
        username: 'alice',
        name: 'Alice Example',
        avatar_template: expect.stringMatching(/\{size\}/),
        admin: false,
        moderator: false,
        trust_level: 2,
      },
    });
    expect(response.headers.get('x-discourse-username')).toBe('alice');
  });

  it('session/current answers 404 with an empty body when signed out', async () => {
    const response = await call(baseUrl, 'GET', '/session/current.json');

    expect(response.status).toBe(404);
    expect(response.text).toBe('');
  });

  it('session/current answers 404 after logout', async () => {
    const cookie = sim.login('alice');
    sim.logout(cookie);

    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } });

    expect(response.status).toBe(404);
    expect(response.headers.get('set-cookie')).toMatch(/^_t=;/);
  });

  it('session/current answers 404 once the session is older than 1440 hours', async () => {
    const cookie = sim.login('alice');
    clock.advanceSeconds(1440 * 3600 + 1);

    expect((await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } })).status).toBe(404);
  });

  it('session/current accepts a user API key with session_info', async () => {
    const key = sim.createUserApiKey('alice', ['session_info']);

    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { userApiKey: key } });

    expect(response.status).toBe(200);
    expect(response.json.current_user.username).toBe('alice');
  });

  it('user API key without a fitting scope answers 403', async () => {
    const key = sim.createUserApiKey('alice', ['notifications']);

    const response = await call(baseUrl, 'GET', '/session/current.json', { caller: { userApiKey: key } });

    expect(response.status).toBe(403);
    expect(response.json.error_type).toBe('invalid_access');
  });

  it('demo sign-in sets an httponly host-only cookie', async () => {
    const response = await call(baseUrl, 'POST', '/session', { form: { username: 'alice' } });

    expect(response.status).toBe(302);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^_t=[0-9a-f]{32}; path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/domain=/i);

    const token = /^_t=([0-9a-f]+)/.exec(cookie)![1]!;
    const current = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie: token } });
    expect(current.json.current_user.username).toBe('alice');
  });

  it('demo sign-in page lists members', async () => {
    const response = await call(baseUrl, 'GET', '/login');

    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toContain('<code>alice</code>');
  });

  it('sign-out ends the session', async () => {
    const cookie = sim.login('alice');
    const { json } = await call(baseUrl, 'GET', '/session/csrf.json', { caller: { cookie } });

    const signOut = await call(baseUrl, 'DELETE', '/session/current.json', { caller: { cookie, headers: { 'X-CSRF-Token': json.csrf } } });
    const current = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } });

    expect(signOut.status).toBe(200);
    expect(current.status).toBe(404);
  });

  it('cookie requests that change state need the CSRF token', async () => {
    const cookie = sim.login('alice');
    const { topic } = sim.createTopic({ username: 'alice', title: 'A topic to reply to today', raw: 'Some words for the first post.' });
    const body = { topic_id: topic.id, raw: 'A reply sent from the browser.' };

    const withoutToken = await call(baseUrl, 'POST', '/posts.json', { caller: { cookie }, body });
    const { json } = await call(baseUrl, 'GET', '/session/csrf.json', { caller: { cookie } });
    const withToken = await call(baseUrl, 'POST', '/posts.json', { caller: { cookie, headers: { 'X-CSRF-Token': json.csrf } }, body });

    expect(withoutToken.status).toBe(403);
    expect(withoutToken.text).toBe('["BAD CSRF"]');
    expect(withToken.status).toBe(200);
  });

  it('ten failed cookie lookups lock out the client address', async () => {
    const cookie = sim.login('alice');
    for (let index = 0; index < 10; index++) {
      await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie: `stale${index}` } });
    }

    const lockedOut = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } });
    const otherClient = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie, headers: { 'X-Forwarded-For': '203.0.113.7' } } });
    clock.advanceSeconds(60);
    const later = await call(baseUrl, 'GET', '/session/current.json', { caller: { cookie } });

    expect(lockedOut.status).toBe(403);
    expect(otherClient.status).toBe(200);
    expect(later.status).toBe(200);
  });
});
