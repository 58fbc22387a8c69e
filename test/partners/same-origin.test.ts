import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ForumSimulator } from '../forum-simulator/server';
import { saveExperiment, scene, storedPartners } from './partner-fixtures';

/** Starts the sidecar on loopback behind the simulator's `/praxis/` proxy, as it runs behind the forum's nginx. */
async function proxiedScene() {
  const s = await scene({ PRAXIS_TRUST_PROXY: 'true' });
  const sidecarUrl = await s.app.listen({ port: 0, host: '127.0.0.1' });
  s.forum.proxyPraxis(sidecarUrl);
  return s;
}

describe('same-origin deployment', () => {
  it('joins through the forum proxy with the session cookie', async () => {
    const s = await proxiedScene();
    const topicId = await saveExperiment(s.app);

    const response = await fetch(`${s.origin}/praxis/api/experiments/${topicId}/partners`, {
      method: 'POST',
      headers: { cookie: `_t=${s.forum.login('pat')}`, origin: s.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'observer' }),
    });

    expect(response.status).toBe(200);
    expect((await response.json()).partners[0]).toMatchObject({ username: 'pat', role: 'observer' });
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('serves reads through the forum proxy', async () => {
    const s = await proxiedScene();
    const topicId = await saveExperiment(s.app);

    const response = await fetch(`${s.origin}/praxis/api/experiments/${topicId}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(/^W\//);
    expect((await response.json()).topicId).toBe(topicId);
  });

  it('rejects a cross-site post through the proxy', async () => {
    const s = await proxiedScene();
    const topicId = await saveExperiment(s.app);

    const response = await fetch(`${s.origin}/praxis/api/experiments/${topicId}/partners`, {
      method: 'POST',
      headers: { cookie: `_t=${s.forum.login('pat')}`, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'role=observer',
    });

    expect(response.status).toBe(403);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });
});

describe('forum simulator proxy', () => {
  it('strips /praxis and replaces X-Forwarded-For', async () => {
    const seen: Array<{ url: string | undefined; headers: IncomingHttpHeaders }> = [];
    const target = createServer((request, response) => {
      seen.push({ url: request.url, headers: request.headers });
      response.setHeader('retry-after', '7');
      response.statusCode = 429;
      response.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const forum = new ForumSimulator({ praxisUrl: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` });
    const origin = await forum.start();
    onTestFinished(() => forum.stop());

    const response = await fetch(`${origin}/praxis/api/experiments?seekingPartners=true`, {
      headers: { cookie: '_t=abc', 'x-forwarded-for': '198.51.100.9', 'user-api-key': 'k' },
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/experiments?seekingPartners=true');
    expect(seen[0]!.headers.cookie).toBe('_t=abc');
    expect(seen[0]!.headers['user-api-key']).toBe('k');
    expect(seen[0]!.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('returns 502 when the sidecar is down', async () => {
    const forum = new ForumSimulator({ praxisUrl: 'http://127.0.0.1:9' });
    const origin = await forum.start();
    onTestFinished(() => forum.stop());

    const response = await fetch(`${origin}/praxis/api/experiments`);

    expect(response.status).toBe(502);
  });

  it('hands out a user API key the sidecar accepts', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const created = await fetch(`${s.origin}/__simulator/user-api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'pat' }),
    });
    const { key, scopes } = (await created.json()) as { key: string; scopes: string[] };
    const joined = await s.app.inject({ method: 'POST', url: `/api/experiments/${topicId}/partners`, headers: { 'user-api-key': key } });

    expect(created.status).toBe(200);
    expect(scopes).toEqual(['read', 'session_info']);
    expect(joined.statusCode).toBe(200);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('refuses a user API key for an unknown user', async () => {
    const forum = new ForumSimulator();
    const origin = await forum.start();
    onTestFinished(() => forum.stop());

    const response = await fetch(`${origin}/__simulator/user-api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody' }),
    });

    expect(response.status).toBe(404);
    expect((await response.json()).errors[0]).toMatch(/no user named "nobody"/);
  });

  it('refuses a sidecar URL outside loopback', () => {
    expect(() => new ForumSimulator({ praxisUrl: 'http://192.0.2.10:4100' })).toThrow(/loopback/);
  });
});
