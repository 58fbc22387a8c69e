import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { categoryPayloadSchema, postPayloadSchema, topicPayloadSchema } from '../../shared/src';
import { ForumSimulator, type SimulatorOptions } from './server';
import { TestReceiver } from './test-receiver';

const FIXTURES = new URL('../fixtures/discourse-payloads/', import.meta.url);

function fixtureKeys(name: string): string[] {
  const body = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, Record<string, unknown>>;
  return Object.keys(Object.values(body)[0]!);
}

describe('webhook triggers', () => {
  let sim: ForumSimulator;
  let receiver: TestReceiver;

  async function setUp(options: SimulatorOptions = {}): Promise<void> {
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator(options);
    await sim.start();
    sim.addUser({ username: 'alice', name: 'Alice Example', trustLevel: 2 });
    sim.addUser({ username: 'bob', name: 'Bob Builder' });
    sim.addUser({ username: 'maria', name: 'Maria', moderator: true });
    sim.addWebhook({ url: receiver.url() });
  }

  beforeEach(async () => {
    await setUp();
  });

  afterEach(async () => {
    await sim.stop();
    await receiver.stop();
  });

  function newTopic(tags: string[] = ['feature-request']) {
    return sim.createTopic({
      username: 'alice',
      title: 'Add an export button to the dashboard',
      raw: 'It would be great to export the dashboard table as CSV.',
      tags,
    });
  }

  async function settledEvents(): Promise<string[]> {
    await sim.settleWebhooks();
    return receiver.events();
  }

  function clearReceived(): void {
    receiver.requests.length = 0;
  }

  it('createTopic sends topic_created and post_created', async () => {
    const { topic, post } = newTopic();

    const events = await settledEvents();
    expect([...events].sort()).toEqual(['post_created', 'topic_created']);

    const topicBody = receiver.json(receiver.byEvent('topic_created')[0]!).topic!;
    const postBody = receiver.json(receiver.byEvent('post_created')[0]!).post!;
    expect(topicBody.id).toBe(topic.id);
    expect(postBody.id).toBe(post.id);
    expect(postBody.post_number).toBe(1);
    expect(topicBody.posts_count).toBe(1);
  });

  it('createTopic enqueues topic_created first', async () => {
    newTopic();
    await sim.settleWebhooks();

    expect(sim.deliveries().map((record) => record.event)).toEqual(['topic_created', 'post_created']);
  });

  it('topic payload has the recorded field order', async () => {
    newTopic();
    await sim.settleWebhooks();

    const topicBody = receiver.json(receiver.byEvent('topic_created')[0]!).topic!;
    expect(Object.keys(topicBody)).toEqual(fixtureKeys('topic_created.json'));
    expect(topicBody.tags).toEqual([{ id: 1, name: 'feature-request', slug: 'feature-request' }]);
    expect(topicBody).not.toHaveProperty('post_stream');
    expect(topicBody).not.toHaveProperty('raw');
    expect(topicPayloadSchema.safeParse(topicBody).success).toBe(true);
  });

  it('post payloads have the recorded field order', async () => {
    const { topic } = newTopic();
    sim.reply({ username: 'alice', topicId: topic.id, raw: 'A second post from the author herself.' });
    sim.reply({ username: 'bob', topicId: topic.id, raw: 'Agreed. An XLSX option would help too.', replyToPostNumber: 2 });
    await sim.settleWebhooks();

    const posts = receiver.byEvent('post_created').map((request) => receiver.json(request).post!);
    const first = posts.find((post) => post.post_number === 1)!;
    const reply = posts.find((post) => post.post_number === 3)!;
    expect(Object.keys(first)).toEqual(fixtureKeys('post_created_first_post.json'));
    expect(Object.keys(reply)).toEqual(fixtureKeys('post_created_reply.json'));
    expect(reply.reply_to_user).toEqual({ username: 'alice', name: 'Alice Example', avatar_template: expect.any(String) });
    expect(postPayloadSchema.safeParse(reply).success).toBe(true);
  });

  it('post payload names the category slug', async () => {
    const category = sim.addCategory({ name: 'Support' });
    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'Export the table as CSV, please.', categoryId: category.id });
    await sim.settleWebhooks();

    const post = receiver.json(receiver.byEvent('post_created')[0]!).post!;
    expect(post.category_id).toBe(category.id);
    expect(post.category_slug).toBe('support');
  });

  it('private message post has no category_slug', async () => {
    sim.createTopic({ username: 'alice', title: 'A question for bob', raw: 'Private words for bob.', archetype: 'private_message', targetUsernames: ['bob'] });
    await sim.settleWebhooks();

    const post = receiver.json(receiver.byEvent('post_created')[0]!).post!;
    expect(post.topic_archetype).toBe('private_message');
    expect(post.category_id).toBeNull();
    expect(post).not.toHaveProperty('category_slug');
  });

  it('sends tags as strings for older builds', async () => {
    await sim.stop();
    await receiver.stop();
    await setUp({ tagShape: 'strings' });

    newTopic(['feature-request', 'sidecar']);
    await sim.settleWebhooks();

    const topicBody = receiver.json(receiver.byEvent('topic_created')[0]!).topic!;
    expect(Object.keys(topicBody)).toEqual(fixtureKeys('topic_created.legacy_string_tags.json'));
    expect(topicBody.tags).toEqual(['feature-request', 'sidecar']);
  });

  it('tag edit sends topic_edited only', async () => {
    const { topic } = newTopic();
    await sim.settleWebhooks();
    clearReceived();

    sim.editTopic(topic.id, { username: 'system', tags: ['feature-request', 'planned'] });

    expect(await settledEvents()).toEqual(['topic_edited']);
    const topicBody = receiver.json(receiver.requests[0]!).topic!;
    expect(Object.keys(topicBody)).toEqual(fixtureKeys('topic_edited_tags_changed.json'));
    expect((topicBody.tags as { name: string }[]).map((tag) => tag.name)).toEqual(['feature-request', 'planned']);
  });

  it('no-op tag edit sends nothing', async () => {
    const { topic } = newTopic(['feature-request', 'sidecar']);
    await sim.settleWebhooks();
    clearReceived();

    sim.editTopic(topic.id, { username: 'system', tags: ['sidecar', 'feature-request'] });

    expect(await settledEvents()).toEqual([]);
    expect(sim.post(sim.topicPosts(topic.id)[0]!.id)!.version).toBe(1);
  });

  it('title edit sends topic_edited only', async () => {
    const { topic } = newTopic();
    await sim.settleWebhooks();
    clearReceived();

    sim.editTopic(topic.id, { username: 'alice', title: 'Add a CSV export button to the dashboard' });

    expect(await settledEvents()).toEqual(['topic_edited']);
    expect(receiver.json(receiver.requests[0]!).topic!.slug).toBe('add-a-csv-export-button-to-the-dashboard');
  });

  it('post edit sends post_edited with the new version', async () => {
    const { topic } = newTopic();
    const reply = sim.reply({ username: 'bob', topicId: topic.id, raw: 'Agreed. An XLSX option would help too.' });
    await sim.settleWebhooks();
    clearReceived();

    sim.editPost(reply.id, { username: 'bob', raw: 'Agreed. An XLSX option would help too.\n\nEdit: CSV alone is fine for us.', editReason: 'clarify' });

    expect(await settledEvents()).toEqual(['post_edited']);
    const post = receiver.json(receiver.requests[0]!).post!;
    expect(Object.keys(post)).toEqual(fixtureKeys('post_edited.json').filter((key) => key !== 'reply_to_user'));
    expect(post.version).toBe(2);
    expect(post.edit_reason).toBe('clarify');
    expect(post.raw).toContain('Edit: CSV alone');
  });

  it('author edit inside the grace period keeps the version', async () => {
    const { post } = newTopic();
    await sim.settleWebhooks();
    clearReceived();

    sim.editPost(post.id, { username: 'alice', raw: 'It would be great to export the dashboard table as CSV!' });

    expect(await settledEvents()).toEqual(['post_edited']);
    expect(receiver.json(receiver.requests[0]!).post!.version).toBe(1);
  });

  it('whispers and small actions send post_created', async () => {
    const { topic } = newTopic();
    await sim.settleWebhooks();
    clearReceived();

    sim.reply({ username: 'maria', topicId: topic.id, raw: 'Staff only: we discussed this already.', whisper: true });
    sim.smallAction(topic.id, 'tags_changed', 'maria');
    await sim.settleWebhooks();

    const postTypes = receiver.byEvent('post_created').map((request) => receiver.json(request).post!.post_type);
    expect([...postTypes].sort()).toEqual([3, 4]);
  });

  it('members cannot whisper', () => {
    const { topic } = newTopic();
    expect(() => sim.reply({ username: 'bob', topicId: topic.id, raw: 'Trying to whisper as a member.', whisper: true })).toThrow(/whispers/);
  });

  it('author delete sends post_edited then post_destroyed', async () => {
    const { topic } = newTopic();
    const reply = sim.reply({ username: 'bob', topicId: topic.id, raw: 'Agreed. An XLSX option would help too.' });
    await sim.settleWebhooks();
    clearReceived();

    sim.deletePost(reply.id, { username: 'bob' });
    await sim.settleWebhooks();

    expect(sim.deliveries().slice(-2).map((record) => record.event)).toEqual(['post_edited', 'post_destroyed']);
    const destroyed = receiver.json(receiver.byEvent('post_destroyed')[0]!).post!;
    expect(destroyed.raw).toBe('(post deleted by author)');
    expect(destroyed.user_deleted).toBe(true);
    expect(destroyed.deleted_at).toBeNull();
    expect(destroyed.version).toBe(2);
  });

  it('staff delete of post #1 destroys the topic', async () => {
    const { topic } = newTopic();
    await sim.settleWebhooks();
    clearReceived();

    sim.deleteTopic(topic.id, { username: 'maria' });
    await sim.settleWebhooks();

    expect(sim.deliveries().slice(-2).map((record) => record.event)).toEqual(['post_destroyed', 'topic_destroyed']);
    const topicBody = receiver.json(receiver.byEvent('topic_destroyed')[0]!).topic!;
    expect(Object.keys(topicBody)).toEqual(fixtureKeys('topic_destroyed.json'));
    expect(topicBody.deleted_at).toEqual(expect.any(String));
    expect(topicBody.deleted_by).toEqual({ id: expect.any(Number), username: 'maria', name: 'Maria', avatar_template: expect.any(String) });
  });

  it('staff delete of a reply sets deleted_by', async () => {
    const { topic } = newTopic();
    const reply = sim.reply({ username: 'bob', topicId: topic.id, raw: 'Agreed. An XLSX option would help too.' });
    await sim.settleWebhooks();
    clearReceived();

    sim.deletePost(reply.id, { username: 'maria' });

    expect(await settledEvents()).toEqual(['post_destroyed']);
    const post = receiver.json(receiver.requests[0]!).post!;
    expect(Object.keys(post)).toEqual(fixtureKeys('post_destroyed.json').filter((key) => key !== 'reply_to_user'));
    expect(post.topic_posts_count).toBe(1);
  });

  it('recovering a topic sends post_recovered then topic_recovered', async () => {
    const { topic } = newTopic();
    sim.deleteTopic(topic.id, { username: 'maria' });
    await sim.settleWebhooks();

    sim.recoverTopic(topic.id, { username: 'maria' });
    await sim.settleWebhooks();

    expect(sim.deliveries().slice(-2).map((record) => record.event)).toEqual(['post_recovered', 'topic_recovered']);
    expect(sim.topic(topic.id)!.deletedAt).toBeNull();
  });

  it('status change arrives under the topic_edited subscription', async () => {
    const statusReceiver = new TestReceiver();
    await statusReceiver.start();
    sim.addWebhook({ url: statusReceiver.url(), events: ['topic_edited'] });
    const { topic } = newTopic();

    sim.setTopicStatus(topic.id, { username: 'maria', status: 'closed', enabled: true });
    sim.setTopicStatus(topic.id, { username: 'maria', status: 'closed', enabled: false });
    await sim.settleWebhooks();
    await statusReceiver.stop();

    expect(statusReceiver.events()).toEqual(['topic_closed_status_updated', 'topic_closed_status_updated']);
    expect(statusReceiver.json(statusReceiver.requests[0]!).topic!.closed).toBe(true);
    expect(statusReceiver.json(statusReceiver.requests[1]!).topic!.closed).toBe(false);
  });

  it('category changes send category events', async () => {
    const category = sim.addCategory({ name: 'Staff room', readRestricted: true, allowedUsernames: ['maria'] });
    sim.updateCategory(category.id, { description: 'For the leads only.' });
    await sim.settleWebhooks();

    expect(receiver.events()).toEqual(['category_created', 'category_updated']);
    const body = receiver.json(receiver.requests[0]!);
    expect(receiver.requests[0]!.headers['x-discourse-event-type']).toBe('category');
    expect(body.category!.read_restricted).toBe(true);
    expect(categoryPayloadSchema.safeParse(body.category).success).toBe(true);
  });

  it('payload reflects the state when enqueued', async () => {
    sim.setWebhookDelivery({ paused: true });
    const { topic } = newTopic();
    sim.editTopic(topic.id, { username: 'system', tags: ['planned'] });
    sim.setWebhookDelivery({ paused: false });
    await sim.settleWebhooks();

    const created = receiver.json(receiver.byEvent('topic_created')[0]!).topic!;
    expect((created.tags as { name: string }[]).map((tag) => tag.name)).toEqual(['feature-request']);
  });
});
