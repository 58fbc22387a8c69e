import { describe, expect, it } from 'vitest';
import { OWNER, join, saveExperiment, scene, storedPartners, type Scene } from './partner-fixtures';

/** Creates a read-restricted category open to OWNER and pat, with an experiment topic in it. */
async function restrictedExperiment(s: Scene): Promise<{ topicId: number; categoryId: number }> {
  const category = s.forum.addCategory({ name: 'Team leads', readRestricted: true, allowedUsernames: [OWNER, 'pat'] });
  const { topic } = s.forum.createTopic({
    username: OWNER,
    title: 'Shorter stand-ups for the leads',
    raw: 'We try fifteen-minute stand-ups for a month.',
    categoryId: category.id,
  });
  await s.app.praxis.categories.set(category.id, true);
  await saveExperiment(s.app, { topicId: topic.id, categoryId: category.id });
  return { topicId: topic.id, categoryId: category.id };
}

function get(s: Scene, url: string, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'GET', url, headers });
}

function listedIds(response: { json: () => { experiments: Array<{ topicId: number }> } }): number[] {
  return response.json().experiments.map((experiment) => experiment.topicId);
}

describe('restricted experiments', () => {
  it('hides them from anonymous callers', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);

    expect((await get(s, `/api/experiments/${topicId}`)).statusCode).toBe(404);
    expect(listedIds(await get(s, '/api/experiments'))).not.toContain(topicId);
  });

  it('shows them to a category member', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);
    const cookie = { cookie: `_t=${s.forum.login('pat')}` };

    expect((await get(s, `/api/experiments/${topicId}`, cookie)).statusCode).toBe(200);
    expect(listedIds(await get(s, '/api/experiments', cookie))).toContain(topicId);
  });

  it('lets a category member join', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);

    const response = await join(s, topicId, { cookie: s.forum.login('pat') });

    expect(response.statusCode).toBe(200);
    expect(Object.keys(await storedPartners(s.app, topicId))).toEqual(['pat']);
  });

  it('shows them to a member with a user API key', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);

    const response = await get(s, `/api/experiments/${topicId}`, { 'user-api-key': s.forum.createUserApiKey('pat') });

    expect(response.statusCode).toBe(200);
  });

  it('shows them to an admin', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);

    const response = await get(s, `/api/experiments/${topicId}`, { cookie: `_t=${s.forum.login('ada')}` });

    expect(response.statusCode).toBe(200);
  });

  it('returns 404 to a non-member', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);
    const cookie = s.forum.login('quinn');

    const single = await get(s, `/api/experiments/${topicId}`, { cookie: `_t=${cookie}` });
    const joined = await join(s, topicId, { cookie });
    const missing = await join(s, 424242, { cookie });

    expect(single.statusCode).toBe(404);
    expect(joined.statusCode).toBe(404);
    expect(joined.json()).toEqual({ ...missing.json(), error: missing.json().error.replace('424242', String(topicId)) });
    expect(listedIds(await get(s, '/api/experiments', { cookie: `_t=${cookie}` }))).not.toContain(topicId);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('caches the forum answer per user and topic', async () => {
    const s = await scene();
    const { topicId } = await restrictedExperiment(s);
    const cookie = { cookie: `_t=${s.forum.login('pat')}` };

    await get(s, `/api/experiments/${topicId}`, cookie);

    const { redis, keys } = s.app.praxis;
    expect(await redis.get(keys.topicAccess(s.userId('pat'), topicId))).toBe('1');
  });

  it('follows the forum when a member is removed', async () => {
    const s = await scene({ PRAXIS_TOPIC_ACCESS_CACHE_SECONDS: '0' });
    const { topicId, categoryId } = await restrictedExperiment(s);
    const cookie = { cookie: `_t=${s.forum.login('pat')}` };
    expect((await get(s, `/api/experiments/${topicId}`, cookie)).statusCode).toBe(200);

    s.forum.updateCategory(categoryId, { allowedUsernames: [OWNER] });

    expect((await get(s, `/api/experiments/${topicId}`, cookie)).statusCode).toBe(404);
  });

  it('lists a restricted practice for a member only', async () => {
    const s = await scene();
    const { topicId, categoryId } = await restrictedExperiment(s);
    const { topic } = s.forum.createTopic({
      username: OWNER,
      title: 'How the leads run stand-ups',
      raw: 'Stand-ups last fifteen minutes and end on time.',
      categoryId,
    });
    await s.app.praxis.records.savePractice(
      {
        topicId: topic.id,
        title: topic.title,
        slug: topic.slug,
        categoryId,
        owner: { username: OWNER, userId: s.userId(OWNER) },
        summary: 'Stand-ups last fifteen minutes.',
        problems: [],
        version: 1,
        archived: false,
        createdAt: '2030-01-01T09:00:00.000Z',
        updatedAt: '2030-01-01T09:00:00.000Z',
      },
      [],
    );
    await saveExperiment(s.app, { topicId, categoryId, practiceTopicId: topic.id });

    const member = await get(s, `/api/practices/${topic.id}`, { cookie: `_t=${s.forum.login('pat')}` });
    const other = await get(s, `/api/practices/${topic.id}`, { cookie: `_t=${s.forum.login('quinn')}` });

    expect(member.statusCode).toBe(200);
    expect(member.json().experimentTopicIds).toEqual([topicId]);
    expect(other.statusCode).toBe(404);
  });
});
