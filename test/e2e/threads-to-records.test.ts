import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { signBody } from '../../sidecar/src/webhooks/signature';
import { seedDemoCommunity } from '../forum-simulator/seed';
import { TEST_REDIS_URL } from '../helpers/redis';
import { settle, startStack, type Stack } from '../helpers/stack';

const EXPERIMENT_RAW = [
  'We want to know whether a hard cap keeps the stand-up useful.',
  '',
  '**Practice:** /t/daily-stand-up-meeting/PRACTICE',
  '**Hypothesis:** A ten-minute cap keeps everyone engaged.',
  'Measure: minutes per stand-up',
  'Start: 2027-01-11',
  'Review: [date=2027-02-08 time=16:00:00 timezone="Europe/Berlin"]',
  'Partners wanted: 2',
].join('\n');

async function seedPracticeAndExperiment(stack: Stack) {
  const { sim } = stack;
  sim.addUser({ username: 'alice' });
  sim.addUser({ username: 'bob' });
  const category = sim.addCategory({ name: 'Ways of working' }).id;
  const practice = sim.createTopic({
    username: 'alice',
    title: 'Daily stand-up meeting',
    categoryId: category,
    tags: ['practice'],
    raw: 'Every weekday at 09:30 the team meets for fifteen minutes.\n\nMore detail here.',
  }).topic;
  const experiment = sim.createTopic({
    username: 'bob',
    title: 'Ten-minute stand-up trial',
    categoryId: category,
    tags: ['experiment'],
    raw: EXPERIMENT_RAW.replace('PRACTICE', String(practice.id)),
  });
  return { category, practiceId: practice.id, experimentId: experiment.topic.id, firstPostId: experiment.post.id };
}

describe('webhooks to records', () => {
  it('turns a tagged thread into an experiment', async () => {
    const stack = await startStack();
    const { practiceId, experimentId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    const { status, body } = await stack.get(`/api/experiments/${experimentId}`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      topicId: experimentId,
      title: 'Ten-minute stand-up trial',
      slug: 'ten-minute-stand-up-trial',
      url: `${stack.sim.baseUrl}/t/ten-minute-stand-up-trial/${experimentId}`,
      owner: { username: 'bob' },
      practiceTopicId: practiceId,
      hypothesis: 'A ten-minute cap keeps everyone engaged.',
      measure: 'minutes per stand-up',
      startsOn: '2027-01-11',
      startsAt: '2027-01-11T00:00:00.000+00:00',
      reviewOn: null,
      reviewAt: '2027-02-08T16:00:00.000+01:00',
      timezone: 'Europe/Berlin',
      partnersWanted: 2,
      partners: [],
      problems: [],
      archived: false,
      status: 'proposed',
    });
  });

  it('serves the practice with its experiments and changelog', async () => {
    const stack = await startStack();
    const { practiceId, experimentId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    const practice = await stack.get(`/api/practices/${practiceId}`);
    const changelog = await stack.get(`/api/practices/${practiceId}/changelog`);

    expect(practice.status).toBe(200);
    expect(practice.body).toMatchObject({
      topicId: practiceId,
      title: 'Daily stand-up meeting',
      summary: 'Every weekday at 09:30 the team meets for fifteen minutes.',
      owner: { username: 'alice' },
      version: 1,
      experimentTopicIds: [experimentId],
      archived: false,
    });
    expect(changelog.body.entries).toHaveLength(1);
    expect(changelog.body.entries[0]).toMatchObject({ version: 1, kind: 'created', username: 'alice' });
  });

  it('records parse problems and keeps the rest', async () => {
    const stack = await startStack();
    stack.sim.addUser({ username: 'chen' });
    const { topic } = stack.sim.createTopic({
      username: 'chen',
      title: 'Silent writing before discussion',
      tags: ['experiment'],
      raw: 'Hypothesis: Writing first gives quiet people a voice.\nReview: next Tuesday-ish\nPartners wanted: lots',
    });
    await settle(stack);

    const { body } = await stack.get(`/api/experiments/${topic.id}`);

    expect(body.hypothesis).toBe('Writing first gives quiet people a voice.');
    expect(body.reviewAt).toBeNull();
    expect(body.partnersWanted).toBeNull();
    expect(body.problems).toEqual([
      { field: 'review', message: 'Review date "next Tuesday-ish" is not a date; use 2027-01-15 or the date picker' },
      { field: 'partnersWanted', message: expect.stringContaining('"lots" is not a whole number') },
    ]);
  });

  it('archives on tag removal and restores on its return', async () => {
    const stack = await startStack();
    const { experimentId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    stack.sim.editTopic(experimentId, { username: 'bob', tags: ['retro'] });
    await settle(stack);
    const untagged = await stack.get(`/api/experiments/${experimentId}`);
    const listed = await stack.get('/api/experiments');

    stack.sim.editTopic(experimentId, { username: 'bob', tags: ['experiment'] });
    await settle(stack);
    const retagged = await stack.get(`/api/experiments/${experimentId}`);

    expect(untagged.body.archived).toBe(true);
    expect(listed.body.experiments.map((e: { topicId: number }) => e.topicId)).not.toContain(experimentId);
    expect(retagged.body.archived).toBe(false);
    expect(retagged.body.hypothesis).toBe('A ten-minute cap keeps everyone engaged.');
  });

  it('archives a deleted topic and restores it', async () => {
    const stack = await startStack();
    stack.sim.addUser({ username: 'dana', moderator: true });
    const { experimentId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    stack.sim.deleteTopic(experimentId, { username: 'dana' });
    await settle(stack);
    const deleted = await stack.get(`/api/experiments/${experimentId}`);
    stack.sim.recoverTopic(experimentId, { username: 'dana' });
    await settle(stack);
    const recovered = await stack.get(`/api/experiments/${experimentId}`);

    expect(deleted.body.archived).toBe(true);
    expect(recovered.body.archived).toBe(false);
  });

  it('re-parses an edited first post', async () => {
    const stack = await startStack({ simulator: { siteSettings: { editingGracePeriodSeconds: 0 } } });
    const { experimentId, firstPostId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    stack.sim.editPost(firstPostId, { username: 'bob', raw: EXPERIMENT_RAW.replace('Partners wanted: 2', 'Partners wanted: 4') });
    await settle(stack);

    const { body } = await stack.get(`/api/experiments/${experimentId}`);
    expect(body.partnersWanted).toBe(4);
  });

  it('reads tags sent as strings by older builds', async () => {
    const stack = await startStack({ simulator: { tagShape: 'strings' } });
    const { experimentId } = await seedPracticeAndExperiment(stack);
    await settle(stack);

    const { status, body } = await stack.get(`/api/experiments/${experimentId}`);
    expect(status).toBe(200);
    expect(body.archived).toBe(false);
  });

  it('converges under shuffled and repeated deliveries', async () => {
    const stack = await startStack();
    stack.sim.setWebhookDelivery({ shuffle: true });
    const { experimentId, firstPostId } = await seedPracticeAndExperiment(stack);
    stack.sim.editPost(firstPostId, { username: 'bob', raw: EXPERIMENT_RAW.replace('Partners wanted: 2', 'Partners wanted: 3') });
    await settle(stack);
    const before = await stack.get(`/api/experiments/${experimentId}`);

    // A manual redelivery of every event, oldest first, must change nothing.
    for (const delivery of stack.sim.deliveries()) await stack.sim.redeliver(delivery.id);
    await settle(stack);
    const after = await stack.get(`/api/experiments/${experimentId}`);

    expect(before.body.partnersWanted).toBe(3);
    expect(after.body).toEqual(before.body);
  });

  it('never lets an older post version win', async () => {
    const stack = await startStack();
    const { experimentId, firstPostId } = await seedPracticeAndExperiment(stack);
    await settle(stack);
    const editedRaw = EXPERIMENT_RAW.replace('Partners wanted: 2', 'Partners wanted: 5');
    stack.sim.editPost(firstPostId, { username: 'bob', raw: editedRaw });
    await settle(stack);

    // Replay the original post_created body, as a late Discourse retry would send it.
    const original = stack.sim.deliveries().find((d) => d.event === 'post_created' && d.requestBody.includes(`"id":${firstPostId},`))!;
    const response = await fetch(`${stack.sidecarUrl}/webhooks/discourse`, {
      method: 'POST',
      headers: { ...original.requestHeaders, 'x-discourse-event-id': '999999' },
      body: original.requestBody,
    });
    await settle(stack);

    expect(response.status).toBe(202);
    expect((await stack.get(`/api/experiments/${experimentId}`)).body.partnersWanted).toBe(5);
  });

  it('keeps private messages and whispers out', async () => {
    const stack = await startStack();
    const ids = seedDemoCommunity(stack.sim, { now: new Date() });
    await settle(stack);

    const pm = await stack.get(`/api/experiments/${ids.privateMessage}`);
    const list = await stack.get('/api/experiments');
    const stored = await storedValues(stack);

    expect(pm.status).toBe(404);
    expect(list.body.experiments.map((e: { topicId: number }) => e.topicId)).not.toContain(ids.privateMessage);
    const pmText = stack.sim.topicPosts(ids.privateMessage)[0]!.raw.slice(0, 40);
    const whisperText = stack.sim.post(ids.whisperPostId)!.raw.slice(0, 40);
    expect(stored).not.toContain(pmText);
    expect(stored).not.toContain(whisperText);
  });

  it('hides restricted categories from anonymous callers', async () => {
    const stack = await startStack();
    const ids = seedDemoCommunity(stack.sim, { now: new Date() });
    await settle(stack);

    const restricted = await stack.get(`/api/experiments/${ids.experiments.incidentReviewLead}`);
    const list = await stack.get('/api/experiments');
    const listed = list.body.experiments.map((e: { topicId: number }) => e.topicId);

    expect(restricted.status).toBe(404);
    expect(listed).not.toContain(ids.experiments.incidentReviewLead);
    expect(listed).toContain(ids.experiments.standUpTimebox);
    expect(await stack.app.praxis.records.getExperiment(ids.experiments.incidentReviewLead)).not.toBeNull();
  });

  it('follows a category opened or closed later', async () => {
    const stack = await startStack();
    const ids = seedDemoCommunity(stack.sim, { now: new Date() });
    await settle(stack);
    const restricted = ids.experiments.incidentReviewLead;

    stack.sim.updateCategory(ids.categories.staffRoom, { readRestricted: false });
    await settle(stack);
    const opened = await stack.get(`/api/experiments/${restricted}`);
    stack.sim.updateCategory(ids.categories.waysOfWorking, { readRestricted: true });
    await settle(stack);
    const closed = await stack.get(`/api/experiments/${ids.experiments.standUpTimebox}`);

    expect(opened.status).toBe(200);
    expect(closed.status).toBe(404);
  });

  it('rejects a wrong secret and stores nothing', async () => {
    const stack = await startStack();
    const body = JSON.stringify({ topic: { id: 77, title: 'Forged', slug: 'forged', tags: ['experiment'], created_at: new Date().toISOString() } });

    const response = await fetch(`${stack.sidecarUrl}/webhooks/discourse`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-discourse-event': 'topic_created',
        'x-discourse-event-type': 'topic',
        'x-discourse-event-signature': signBody('not-the-right-secret', body),
      },
      body,
    });

    const jobs = await stack.app.praxis.eventsQueue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');

    expect(response.status).toBe(401);
    expect(Object.values(jobs).reduce((sum, count) => sum + count, 0)).toBe(0);
    expect(await storedValues(stack, { withQueues: false })).toBe('');
  });
});

/** Concatenates every string value stored under the stack's prefix, to search for leaked text. */
async function storedValues(stack: Stack, { withQueues = true } = {}): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = stack.app.praxis.keys.prefix;
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        if (!withQueues && key.includes(':{bull}:')) continue;
        const type = await redis.type(key);
        if (type === 'string') parts.push((await redis.get(key)) ?? '');
        if (type === 'hash') parts.push(...Object.values(await redis.hgetall(key)));
        if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

