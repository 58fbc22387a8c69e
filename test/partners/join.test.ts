import { describe, expect, it } from 'vitest';
import { experimentSchema } from '@praxis/shared';
import { join, leave, MEMBERS, OWNER, saveExperiment, scene, storedPartners } from './partner-fixtures';

describe('join as partner', () => {
  it('joins the signed-in user', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(200);
    const experiment = experimentSchema.parse(response.json());
    expect(experiment.topicId).toBe(topicId);
    expect(experiment.partners).toHaveLength(1);
    expect(experiment.partners[0]).toMatchObject({ username: 'pat', userId: s.userId('pat'), role: 'co-experimenter' });
    expect(experiment.seekingPartners).toBe(true);
  });

  it('returns what GET returns', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const joined = await join(s, topicId, { cookie: s.forum.login('pat') });
    const fetched = await s.app.inject({ method: 'GET', url: `/api/experiments/${topicId}` });

    expect(joined.json()).toEqual(fetched.json());
  });

  it('stores username, user id, role and join time', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    await join(s, topicId, { cookie: s.forum.login('pat'), body: { role: 'observer' } });

    const stored = await storedPartners(s.app, topicId);
    expect(Object.keys(stored)).toEqual(['pat']);
    expect(stored.pat).toEqual({ username: 'pat', userId: s.userId('pat'), role: 'observer', joinedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(String(stored.pat!.joinedAt)))).toBe(false);
  });

  it('ignores a username in the body', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), body: { username: 'quinn', role: 'observer' } });

    expect(response.statusCode).toBe(200);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('keeps a second join unchanged', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie, body: { role: 'observer' } });
    const before = await storedPartners(s.app, topicId);
    const again = await join(s, topicId, { cookie, body: { role: 'observer' } });

    expect(again.statusCode).toBe(200);
    expect(await storedPartners(s.app, topicId)).toEqual(before);
  });

  it('keeps the role when a rejoin names none', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie, body: { role: 'critical-friend' } });
    await join(s, topicId, { cookie });

    expect((await storedPartners(s.app, topicId)).pat!.role).toBe('critical-friend');
  });

  it('changes the role and keeps joinedAt', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie, body: { role: 'observer' } });
    const first = (await storedPartners(s.app, topicId)).pat!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await join(s, topicId, { cookie, body: { role: 'critical-friend' } });

    const after = (await storedPartners(s.app, topicId)).pat!;
    expect(response.statusCode).toBe(200);
    expect(after.role).toBe('critical-friend');
    expect(after.joinedAt).toBe(first.joinedAt);
    expect(response.json().partners).toHaveLength(1);
  });

  it('leaves and rejoins', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    await join(s, topicId, { cookie });
    const left = await leave(s, topicId, { cookie });
    expect(left.statusCode).toBe(200);
    expect(left.json().partners).toEqual([]);
    expect(await storedPartners(s.app, topicId)).toEqual({});

    const rejoined = await join(s, topicId, { cookie });
    expect(rejoined.statusCode).toBe(200);
    expect(rejoined.json().partners.map((partner: { username: string }) => partner.username)).toEqual(['pat']);
  });

  it('leaves twice without error', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const cookie = s.forum.login('pat');

    const response = await leave(s, topicId, { cookie });

    expect(response.statusCode).toBe(200);
    expect(response.json().partners).toEqual([]);
  });

  it('leaves without touching other partners', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const pat = s.forum.login('pat');

    await join(s, topicId, { cookie: pat });
    await join(s, topicId, { cookie: s.forum.login('quinn') });
    await leave(s, topicId, { cookie: pat });

    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['quinn']);
  });

  it('rejects a full experiment with 409', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { partnersWanted: 2 });
    await join(s, topicId, { cookie: s.forum.login('pat') });
    await join(s, topicId, { cookie: s.forum.login('quinn') });

    const response = await join(s, topicId, { cookie: s.forum.login('rosa') });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PRAXIS_PARTNER_FULL');
    expect(response.json().error).toMatch(/has all the partners it wants/);
    expect(Object.keys(await storedPartners(s.app, topicId)).sort()).toEqual(['pat', 'quinn']);
  });

  it('lets a partner of a full experiment change role', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { partnersWanted: 1 });
    const cookie = s.forum.login('pat');
    await join(s, topicId, { cookie });

    const response = await join(s, topicId, { cookie, body: { role: 'observer' } });

    expect(response.statusCode).toBe(200);
    expect((await storedPartners(s.app, topicId)).pat!.role).toBe('observer');
  });

  it('takes any number without partnersWanted', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { partnersWanted: null });

    for (const username of MEMBERS.slice(0, 4)) {
      const response = await join(s, topicId, { cookie: s.forum.login(username) });
      expect(response.statusCode).toBe(200);
    }

    expect(Object.keys(await storedPartners(s.app, topicId))).toHaveLength(4);
  });

  it('rejects the owner with 409', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { owner: { username: OWNER, userId: s.userId(OWNER) } });

    const response = await join(s, topicId, { cookie: s.forum.login(OWNER) });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PRAXIS_PARTNER_OWNER');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects the owner known by username only', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { owner: { username: OWNER.toUpperCase(), userId: null } });

    const response = await join(s, topicId, { cookie: s.forum.login(OWNER) });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PRAXIS_PARTNER_OWNER');
  });

  it('rejects a concluded experiment with 409', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, {
      decision: { decision: 'adopt', change: null, username: OWNER, postNumber: 4, at: '2030-04-02T09:00:00.000Z' },
    });

    const response = await join(s, topicId, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PRAXIS_PARTNER_CONCLUDED');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects an archived experiment with 409', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { archived: true });

    const response = await join(s, topicId, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('PRAXIS_PARTNER_ARCHIVED');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('returns 404 for an unknown topic', async () => {
    const s = await scene();

    const response = await join(s, 424242, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('PRAXIS_NOT_FOUND');
    expect(await s.app.praxis.redis.exists(s.app.praxis.keys.partners(424242))).toBe(0);
  });

  it('returns 404 when leaving an unknown topic', async () => {
    const s = await scene();

    const response = await leave(s, 424242, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(404);
  });

  it('rejects an invalid role with 400', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), body: { role: 'boss' } });

    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('PRAXIS_INVALID_ROLE');
    expect(response.json().error).toBe('role "boss" is invalid; use one of co-experimenter, observer, critical-friend');
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('rejects a body that is not an object with 400', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);

    const response = await join(s, topicId, { cookie: s.forum.login('pat'), body: '["observer"]' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/JSON object/);
  });

  it('keeps the place of a renamed user', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { partnersWanted: 1 });
    const joinedAt = '2030-02-01T10:00:00.000Z';
    const oldEntry = { username: 'pat-old', userId: s.userId('pat'), role: 'observer', joinedAt };
    await s.app.praxis.redis.hset(s.app.praxis.keys.partners(topicId), 'pat-old', JSON.stringify(oldEntry));

    const response = await join(s, topicId, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(200);
    expect(await storedPartners(s.app, topicId)).toEqual({ pat: { username: 'pat', userId: s.userId('pat'), role: 'observer', joinedAt } });
  });
});
