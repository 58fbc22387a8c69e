import { describe, expect, it } from 'vitest';
import { join, leave, saveExperiment, scene, secondSidecar, storedPartners } from './partner-fixtures';

describe('partner change limit', () => {
  it('returns 429 with Retry-After past the limit', async () => {
    const s = await scene({ PRAXIS_PARTNER_CHANGES_PER_MINUTE: '3' });
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    expect((await join(s, topicId, { cookie })).statusCode).toBe(200);
    expect((await leave(s, topicId, { cookie })).statusCode).toBe(200);
    expect((await join(s, topicId, { cookie })).statusCode).toBe(200);
    const limited = await leave(s, topicId, { cookie });

    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('PRAXIS_RATE_LIMITED');
    expect(limited.json().error).toMatch(/at most 3 a minute/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('counts each user separately', async () => {
    const s = await scene({ PRAXIS_PARTNER_CHANGES_PER_MINUTE: '1' });
    const topicId = await saveExperiment(s.app);
    await join(s, topicId, { cookie: s.forum.login('pat') });

    const other = await join(s, topicId, { cookie: s.forum.login('quinn') });

    expect(other.statusCode).toBe(200);
  });

  it('holds across sidecar processes', async () => {
    const s = await scene({ PRAXIS_PARTNER_CHANGES_PER_MINUTE: '2' });
    const other = await secondSidecar(s, { PRAXIS_PARTNER_CHANGES_PER_MINUTE: '2' });
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie });
    await join({ ...s, app: other }, topicId, { cookie, body: { role: 'observer' } });
    const third = await join({ ...s, app: other }, topicId, { cookie, body: { role: 'critical-friend' } });

    expect(third.statusCode).toBe(429);
  });
});
