import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postPayloadSchema, topicPayloadSchema } from '../../shared/src';
import { seedDemoCommunity, type DemoCommunity } from './seed';
import { ForumSimulator } from './server';
import { call, type Caller } from './test-client';
import { TestReceiver } from './test-receiver';

describe('demo community seed', () => {
  const now = new Date('2026-11-02T09:00:00.000Z');
  let sim: ForumSimulator;
  let receiver: TestReceiver;
  let baseUrl: string;
  let community: DemoCommunity;
  let admin: Caller;

  beforeEach(async () => {
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator();
    sim.addWebhook({ url: receiver.url() });
    baseUrl = await sim.start();
    community = seedDemoCommunity(sim, { now });
    admin = { apiKey: sim.adminApiKey, apiUsername: 'system' };
    await sim.settleWebhooks();
  });

  afterEach(async () => {
    await sim.stop();
    await receiver.stop();
  });

  it('tags three practices and five experiments', async () => {
    const practices = await call(baseUrl, 'GET', '/tag/practice.json', { caller: admin });
    const experiments = await call(baseUrl, 'GET', '/tag/experiment.json', { caller: admin });

    const practiceIds = practices.json.topic_list.topics.map((topic: { id: number }) => topic.id).sort();
    const experimentIds = experiments.json.topic_list.topics.map((topic: { id: number }) => topic.id).sort();
    expect(practiceIds).toEqual(Object.values(community.practices).sort());
    expect(experimentIds).toEqual(Object.values(community.experiments).sort());
  });

  it('writes labelled lines with dates relative to now', () => {
    const raw = sim.topicPosts(community.experiments.standUpTimebox)[0]!.raw;
    const practice = sim.topic(community.practices.dailyStandUp)!;

    expect(raw).toContain(`Practice: /t/${practice.slug}/${practice.id}`);
    expect(raw).toContain('Start: 2026-10-23');
    expect(raw).toContain('Review: 2026-11-20');
    expect(raw).toContain('Partners wanted: 2');
  });

  it('includes local dates and malformed lines', () => {
    const asyncRaw = sim.topicPosts(community.experiments.asyncStandUp)[0]!.raw;
    const silentRaw = sim.topicPosts(community.experiments.silentWriting)[0]!.raw;

    expect(asyncRaw).toContain('Review: [date=2026-12-17 time=14:30:00 timezone="Europe/Berlin"]');
    expect(silentRaw).toContain('Review: next Tuesday-ish');
    expect(silentRaw).toContain('Partners wanted: lots');
  });

  it('keeps the staff-room experiment from members', async () => {
    const bob: Caller = { userApiKey: sim.createUserApiKey('bob') };

    const response = await call(baseUrl, 'GET', `/t/${community.experiments.incidentReviewLead}.json`, { caller: bob });
    const category = await call(baseUrl, 'GET', `/c/${community.categories.staffRoom}/show.json`, { caller: admin });

    expect(response.status).toBe(404);
    expect(category.json.category.read_restricted).toBe(true);
  });

  it('includes a private message, a whisper and an untagged topic', () => {
    expect(sim.topic(community.privateMessage)!.archetype).toBe('private_message');
    expect(sim.post(community.whisperPostId)!.postType).toBe(4);
    expect(sim.topic(community.ordinaryTopic)!.tagIds).toEqual([]);
  });

  it('sends payloads the project schemas accept', () => {
    const topics = receiver.byEvent('topic_created').map((request) => receiver.json(request).topic);
    const posts = receiver.byEvent('post_created').map((request) => receiver.json(request).post);

    expect(topics.length).toBe(10);
    expect(posts.length).toBe(14);
    for (const topic of topics) expect(topicPayloadSchema.safeParse(topic).success).toBe(true);
    for (const post of posts) expect(postPayloadSchema.safeParse(post).success).toBe(true);
  });
});
