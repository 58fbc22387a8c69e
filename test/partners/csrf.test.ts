import { describe, expect, it } from 'vitest';
import { join, leave, saveExperiment, scene, storedPartners } from './partner-fixtures';

describe('cross-site request check', () => {
  it('rejects another origin with 403', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), origin: 'https://evil.example' });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('PRAXIS_CSRF_ORIGIN');
    expect(response.json().error).toContain('"https://evil.example"');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects a missing origin with 403', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), origin: null });

    expect(response.statusCode).toBe(403);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it.each(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'])('rejects %s with 403', async (contentType) => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), contentType, body: 'role=observer' });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('PRAXIS_CSRF_CONTENT_TYPE');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('accepts JSON with a charset', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), contentType: 'application/json; charset=utf-8' });

    expect(response.statusCode).toBe(200);
  });

  it('lets a DELETE without body pass on Origin', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    await join(s, topicId, { cookie });

    const response = await leave(s, topicId, { cookie, contentType: null, body: null });

    expect(response.statusCode).toBe(200);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects a DELETE from another origin', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    await join(s, topicId, { cookie });

    const response = await leave(s, topicId, { cookie, origin: 'https://evil.example' });

    expect(response.statusCode).toBe(403);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('rejects a DELETE with a form body', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');
    await join(s, topicId, { cookie });

    const response = await leave(s, topicId, { cookie, contentType: 'text/plain', body: 'leave' });

    expect(response.statusCode).toBe(403);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('exempts user API key requests', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { userApiKey: s.forum.createUserApiKey('pat'), origin: 'https://app.example' });

    expect(response.statusCode).toBe(200);
  });

  it('allows User-Api-Key and Content-Type in CORS', async () => {
    const s = await scene();

    const response = await s.app.inject({
      method: 'OPTIONS',
      url: '/api/experiments/1/partners',
      headers: { origin: s.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,user-api-key' },
    });

    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(s.origin);
    const allowed = String(response.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
    expect(allowed).toContain('content-type');
    expect(allowed).toContain('user-api-key');
  });

  it('exposes Retry-After to the forum origin', async () => {
    const s = await scene();

    const response = await s.app.inject({ method: 'GET', url: '/api/experiments', headers: { origin: s.origin } });

    const exposed = String(response.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
    expect(exposed).toContain('retry-after');
  });

  it('gives other origins no CORS grant', async () => {
    const s = await scene();

    const response = await s.app.inject({
      method: 'OPTIONS',
      url: '/api/experiments/1/partners',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });

    expect(response.headers['access-control-allow-origin']).not.toBe('https://evil.example');
  });
});
