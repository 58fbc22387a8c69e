import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForumSimulator } from './server';
import { TestReceiver } from './test-receiver';
import { USER_AGENT } from './webhooks';

describe('webhook delivery', () => {
  let sim: ForumSimulator;
  let receiver: TestReceiver;
  let baseUrl: string;

  beforeEach(async () => {
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator();
    baseUrl = await sim.start();
    sim.addUser({ username: 'alice', name: 'Alice Example', trustLevel: 2 });
  });

  afterEach(async () => {
    await sim.stop();
    await receiver.stop();
  });

  it('sends the header set of build_webhook_headers in order', async () => {
    sim.addWebhook({ url: receiver.url(), secret: 'sidecar-test-secret-123' });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'It would be great to export the table as CSV.' });
    await sim.settleWebhooks();

    const request = receiver.byEvent('post_created')[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/webhooks/discourse');
    expect(request.headerNames).toEqual([
      'Accept',
      'Connection',
      'Content-Length',
      'Content-Type',
      'Host',
      'User-Agent',
      'X-Discourse-Instance',
      'X-Discourse-Event-Id',
      'X-Discourse-Event-Type',
      'X-Discourse-Event',
      'X-Discourse-Event-Signature',
    ]);
    expect(request.headers.accept).toBe('*/*');
    expect(request.headers.connection).toBe('close');
    expect(request.headers['content-length']).toBe(String(request.body.length));
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.host).toBe('127.0.0.1');
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    expect(request.headers['user-agent']).toMatch(/^Discourse\/2026\.9\.0-latest-[0-9a-f]{40}; \+https:\/\/www\.discourse\.org\/$/);
    expect(request.headers['x-discourse-instance']).toBe(baseUrl);
    expect(request.headers['x-discourse-event-id']).toMatch(/^\d+$/);
    expect(request.headers['x-discourse-event-type']).toBe('post');
    expect(request.headers['x-discourse-event']).toBe('post_created');
  });

  it('sends compact JSON with the type as root key', async () => {
    sim.addWebhook({ url: receiver.url() });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'Line one of the post.\n\nLine two, with "quotes".' });
    await sim.settleWebhooks();

    for (const request of receiver.requests) {
      const text = request.body.toString('utf8');
      const parsed = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual([request.headers['x-discourse-event-type']]);
      expect(text).toBe(JSON.stringify(parsed));
      expect(text.endsWith('\n')).toBe(false);
    }
  });

  it('sends the ping body exactly', async () => {
    const webhook = sim.addWebhook({ url: receiver.url() });

    const record = await sim.ping(webhook.id);

    const request = receiver.requests[0]!;
    expect(request.body.toString('utf8')).toBe('{"ping":"OK"}');
    expect(request.headers['content-length']).toBe('13');
    expect(request.headers['x-discourse-event-type']).toBe('ping');
    expect(request.headers['x-discourse-event']).toBe('ping');
    expect(record.status).toBe(200);
  });

  it('keeps the JSON body for the form content type', async () => {
    const webhook = sim.addWebhook({ url: receiver.url(), contentType: 'form' });

    await sim.ping(webhook.id);

    const request = receiver.requests[0]!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body.toString('utf8')).toBe('{"ping":"OK"}');
  });

  it('opens a new connection per delivery', async () => {
    sim.addWebhook({ url: receiver.url() });

    const { topic } = sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    sim.reply({ username: 'alice', topicId: topic.id, raw: 'A reply that is also long enough.' });
    await sim.settleWebhooks();

    expect(receiver.requests.length).toBe(3);
    expect(receiver.connections).toBe(3);
  });

  it('records each delivery like the Events list', async () => {
    const webhook = sim.addWebhook({ url: receiver.url() });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();

    const records = sim.deliveries(webhook.id);
    expect(records.map((record) => record.event).sort()).toEqual(['post_created', 'topic_created']);
    for (const record of records) {
      expect(record.status).toBe(200);
      expect(record.sent).toBe(true);
      expect(record.requestHeaders['X-Discourse-Event-Id']).toBe(String(record.id));
      expect(record.responseBody).toContain('received');
      expect(record.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('delivers only subscribed events', async () => {
    sim.addWebhook({ url: receiver.url(), events: ['post_created'] });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();

    expect(receiver.events()).toEqual(['post_created']);
  });

  it('sends nothing to an inactive webhook', async () => {
    sim.addWebhook({ url: receiver.url(), active: false });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();

    expect(receiver.requests).toEqual([]);
  });

  it('drops private messages under a category filter', async () => {
    sim.addUser({ username: 'bob' });
    const category = sim.addCategory({ name: 'Support' });
    sim.addWebhook({ url: receiver.url(), categoryIds: [category.id] });

    sim.createTopic({ username: 'alice', title: 'A question just for bob', raw: 'Private text for bob.', archetype: 'private_message', targetUsernames: ['bob'] });
    sim.createTopic({ username: 'alice', title: 'A public support question', raw: 'Public text for everyone.', categoryId: category.id });
    await sim.settleWebhooks();

    const topics = receiver.byEvent('topic_created').map((request) => receiver.json(request).topic!.title);
    expect(topics).toEqual(['A public support question']);
  });

  it('holds deliveries while paused', async () => {
    sim.addWebhook({ url: receiver.url() });
    sim.setWebhookDelivery({ paused: true });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();
    expect(receiver.requests.length).toBe(0);
    expect(sim.heldWebhookDeliveries).toBe(2);

    sim.setWebhookDelivery({ paused: false });
    await sim.settleWebhooks();
    expect(receiver.requests.length).toBe(2);
  });

  it('drops deliveries on purpose and records them as not sent', async () => {
    const webhook = sim.addWebhook({ url: receiver.url() });
    sim.setWebhookDelivery({ dropRate: 1 });

    sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();

    const records = sim.deliveries(webhook.id);
    expect(receiver.requests.length).toBe(0);
    expect(records.length).toBe(2);
    expect(records.every((record) => !record.sent)).toBe(true);
    expect(records.every((record) => record.status === -1)).toBe(true);
  });

  it('shuffles the start order of a batch', async () => {
    sim.addWebhook({ url: receiver.url(), events: ['post_created'] });
    const { topic } = sim.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    await sim.settleWebhooks();
    receiver.requests.length = 0;

    // Fisher-Yates draws index 0 for the last slot and keeps the middle one: the batch is reversed.
    const draws = [0, 0.99];
    sim.setWebhookDelivery({ shuffle: true, random: () => draws.shift() ?? 0, paused: true });
    const replies = ['one', 'two', 'three'].map((word) => sim.reply({ username: 'alice', topicId: topic.id, raw: `Reply number ${word} is long enough.` }));
    sim.setWebhookDelivery({ paused: false });
    await sim.settleWebhooks();

    const replyIds = replies.map((post) => post.id);
    const startOrder = sim
      .deliveries()
      .map((record) => (JSON.parse(record.requestBody) as { post: { id: number } }).post.id)
      .filter((id) => replyIds.includes(id));
    expect(startOrder).toEqual([...replyIds].reverse());
  });

  it('holds events from before start until the server listens', async () => {
    const early = new ForumSimulator();
    early.addUser({ username: 'alice' });
    early.addWebhook({ url: receiver.url() });
    early.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'First post text that is long enough.' });
    expect(early.heldWebhookDeliveries).toBe(2);

    const earlyUrl = await early.start();
    await early.settleWebhooks();
    await early.stop();

    expect(receiver.requests.length).toBe(2);
    expect(receiver.requests[0]!.headers['x-discourse-instance']).toBe(earlyUrl);
  });

  it('refuses webhook URLs outside loopback', () => {
    expect(() => sim.addWebhook({ url: 'http://192.0.2.10/hook' })).toThrow(/loopback/);
  });
});
