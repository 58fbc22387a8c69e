import { describe, expect, it } from 'vitest';
import { build, TEST_SECRET } from '../helpers/build';
import { compactFixture, deliveryHeaders, readFixture } from '../helpers/fixtures';

/** Builds the receiver alone (no worker), so every accepted event stays in the queue to be counted. */
async function receiver(env: Record<string, string> = {}) {
  return build({ name: 'receiver', env: { PRAXIS_ROLES: 'api', ...env } });
}

async function queuedJobs(app: Awaited<ReturnType<typeof receiver>>) {
  return app.praxis.eventsQueue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
}

const PAYLOADS: Array<[file: string, event: string]> = [
  ['topic_created.json', 'topic_created'],
  ['topic_created.legacy_string_tags.json', 'topic_created'],
  ['topic_edited_tags_changed.json', 'topic_edited'],
  ['topic_destroyed.json', 'topic_destroyed'],
  ['post_created_first_post.json', 'post_created'],
  ['post_created_reply.json', 'post_created'],
  ['post_edited.json', 'post_edited'],
  ['post_destroyed.json', 'post_destroyed'],
  ['post_destroyed_by_author.json', 'post_destroyed'],
];

describe('webhook receiver', () => {
  it('answers ping with 200 and stores nothing', async () => {
    const app = await receiver();
    const body = readFixture('ping.json');

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('ping', body, TEST_SECRET) });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'pong' });
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it.each(PAYLOADS)('queues %s', async (file, event) => {
    const app = await receiver();
    const body = compactFixture(file);

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders(event, body, TEST_SECRET) });

    expect(response.statusCode).toBe(202);
    expect(response.json().status).toBe('queued');
    expect((await queuedJobs(app)).waiting).toBe(1);
  });

  it('queues the exact compact reply body', async () => {
    const app = await receiver();
    const body = readFixture('post_created_reply.compact-body.txt');

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('post_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(202);
  });

  it('rejects a wrong secret and stores nothing', async () => {
    const app = await receiver();
    const body = compactFixture('topic_created.json');

    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/discourse',
      payload: body,
      headers: deliveryHeaders('topic_created', body, 'a-different-secret-value'),
    });

    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatch(/X-Discourse-Event-Signature/);
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it('rejects a missing signature', async () => {
    const app = await receiver();
    const body = compactFixture('topic_created.json');

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('topic_created', body, null) });

    expect(response.statusCode).toBe(401);
  });

  it('accepts the previous secret', async () => {
    const app = await receiver({ DISCOURSE_WEBHOOK_PREVIOUS_SECRET: 'the-old-secret-value' });
    const body = compactFixture('topic_created.json');

    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/discourse',
      payload: body,
      headers: deliveryHeaders('topic_created', body, 'the-old-secret-value'),
    });

    expect(response.statusCode).toBe(202);
  });

  it('accepts the form content type', async () => {
    const app = await receiver();
    const body = compactFixture('post_created_first_post.json');
    const headers = deliveryHeaders('post_created', body, TEST_SECRET, { 'content-type': 'application/x-www-form-urlencoded' });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers });

    expect(response.statusCode).toBe(202);
  });

  it('rejects another content type with 415', async () => {
    const app = await receiver();
    const body = compactFixture('post_created_first_post.json');
    const headers = deliveryHeaders('post_created', body, TEST_SECRET, { 'content-type': 'text/plain' });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers });

    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatch(/text\/plain.*application\/json/);
  });

  it('rejects a body over the limit with 413', async () => {
    const app = await receiver({ PRAXIS_WEBHOOK_BODY_LIMIT: '2048' });
    const body = JSON.stringify({ post: { raw: 'x'.repeat(4096) } });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('post_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(413);
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it.each(['x-discourse-event', 'x-discourse-event-type'])('rejects a delivery without %s', async (header) => {
    const app = await receiver();
    const body = compactFixture('topic_created.json');
    const headers = deliveryHeaders('topic_created', body, TEST_SECRET);
    delete headers[header];

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/missing header X-Discourse-Event/);
  });

  it('rejects signed text that is not JSON', async () => {
    const app = await receiver();
    const body = '{"topic": ';

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('topic_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('body is not valid JSON');
  });

  it('names the invalid field of a payload', async () => {
    const app = await receiver();
    const body = JSON.stringify({ post: { id: 'five', topic_id: 1 } });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('post_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/^post\.id is invalid/);
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it('names a root key that does not match the event type', async () => {
    const app = await receiver();
    const body = compactFixture('topic_created.json');
    const headers = deliveryHeaders('post_created', body, TEST_SECRET);

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/no "post" key/);
  });

  it('answers 200 to events it does not use', async () => {
    const app = await receiver();
    const body = JSON.stringify({ user: { id: 9, username: 'zoe' } });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('user_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('ignored');
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it.each([
    ['a private message', { topic_archetype: 'private_message', category_id: null }],
    ['a whisper', { post_type: 4 }],
    ['a small action', { post_type: 3, action_code: 'closed.enabled' }],
  ])('drops %s without storing it', async (_case, changes) => {
    const app = await receiver();
    const post = JSON.parse(compactFixture('post_created_reply.json')) as { post: Record<string, unknown> };
    const body = JSON.stringify({ post: { ...post.post, ...changes } });

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('post_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('ignored');
    expect((await queuedJobs(app)).waiting).toBe(0);
  });

  it('queues a retried delivery once', async () => {
    const app = await receiver();
    const body = compactFixture('post_created_first_post.json');

    // Discourse retries with a new event id and the same body; a redelivery repeats the id.
    const first = deliveryHeaders('post_created', body, TEST_SECRET, { 'x-discourse-event-id': '501' });
    const retry = deliveryHeaders('post_created', body, TEST_SECRET, { 'x-discourse-event-id': '502' });
    for (const headers of [first, retry, first]) {
      const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers });
      expect(response.statusCode).toBe(202);
    }

    expect((await queuedJobs(app)).waiting).toBe(1);
  });

  it('answers 503 when Redis cannot take the event', async () => {
    const app = await receiver();
    const body = compactFixture('topic_created.json');
    app.praxis.queueRedis.disconnect();

    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders('topic_created', body, TEST_SECRET) });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
  });
});
