import { afterEach, describe, expect, it } from 'vitest';
import { ForumSimulator, type SimulatorOptions } from './server';
import { closedPort, TestReceiver } from './test-receiver';

/** One "minute" of the retry schedule; the four retries then wait 10, 50, 250 and 1250 ms. */
const RETRY_UNIT_MS = 10;

describe('webhook retries', () => {
  let sim: ForumSimulator | null = null;
  let receiver: TestReceiver | null = null;

  afterEach(async () => {
    await sim?.stop();
    await receiver?.stop();
    sim = null;
    receiver = null;
  });

  async function setUp(options: SimulatorOptions, answer: TestReceiver['answer']): Promise<{ sim: ForumSimulator; receiver: TestReceiver }> {
    receiver = new TestReceiver();
    receiver.answer = answer;
    await receiver.start();
    sim = new ForumSimulator(options);
    await sim.start();
    sim.addUser({ username: 'alice' });
    return { sim, receiver };
  }

  function createTopic(forum: ForumSimulator): void {
    forum.createTopic({ username: 'alice', title: 'Add an export button to the dashboard', raw: 'It would be great to export as CSV.' });
  }

  it('retries 500 four times with new ids and the same body', async () => {
    const { sim, receiver } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS }, () => 500);
    sim.addWebhook({ url: receiver.url(), secret: 'sidecar-test-secret-123', events: ['topic_created'] });

    const started = Date.now();
    createTopic(sim);
    await sim.settleWebhooks();
    const elapsed = Date.now() - started;

    const attempts = receiver.byEvent('topic_created');
    expect(attempts.length).toBe(5);

    const ids = attempts.map((request) => request.headers['x-discourse-event-id']);
    expect(new Set(ids).size).toBe(5);

    const bodies = new Set(attempts.map((request) => request.body.toString('utf8')));
    expect(bodies.size).toBe(1);

    const signatures = new Set(attempts.map((request) => request.headers['x-discourse-event-signature']));
    expect(signatures.size).toBe(1);

    expect(sim.deliveries().map((record) => record.retryCount)).toEqual([0, 1, 2, 3, 4]);
    expect(elapsed).toBeGreaterThanOrEqual((1 + 5 + 25 + 125) * RETRY_UNIT_MS);
  });

  it('does not retry by default', async () => {
    const { sim, receiver } = await setUp({ retryUnitMs: RETRY_UNIT_MS }, () => 500);
    sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();
    await new Promise((resolve) => setTimeout(resolve, 3 * RETRY_UNIT_MS));

    expect(receiver.requests.length).toBe(1);
    expect(sim.deliveries()[0]!.status).toBe(500);
  });

  it('stops retrying after a success', async () => {
    const { sim, receiver } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS }, (_request, index) =>
      index === 0 ? 503 : 200,
    );
    sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();

    expect(sim.deliveries().map((record) => record.status)).toEqual([503, 200]);
  });

  it('never retries 404', async () => {
    const { sim, receiver } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS }, () => 404);
    const webhook = sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();

    expect(receiver.requests.length).toBe(1);
    expect(sim.webhook(webhook.id)!.active).toBe(true);
  });

  it('deactivates the webhook on 410 at the last retry', async () => {
    const { sim, receiver } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS }, (_request, index) =>
      index < 4 ? 500 : 410,
    );
    const webhook = sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();

    expect(sim.deliveries().map((record) => record.status)).toEqual([500, 500, 500, 500, 410]);
    expect(sim.webhook(webhook.id)!.active).toBe(false);
  });

  it('stores -1 and never retries when the connection is refused', async () => {
    const { sim } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS }, () => 200);
    sim.addWebhook({ url: `http://127.0.0.1:${await closedPort()}/hook`, events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();

    const records = sim.deliveries();
    expect(records.length).toBe(1);
    expect(records[0]!.status).toBe(-1);
    expect(records[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('stores -1 and never retries on timeout', async () => {
    const { sim, receiver } = await setUp({ retryWebhookEvents: true, retryUnitMs: RETRY_UNIT_MS, deliveryTimeoutMs: 150 }, () => 'hang');
    sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });

    createTopic(sim);
    await sim.settleWebhooks();

    const records = sim.deliveries();
    expect(receiver.requests.length).toBe(1);
    expect(records.length).toBe(1);
    expect(records[0]!.status).toBe(-1);
    expect(records[0]!.error).toMatch(/no response within 150 ms/);
  });

  it('redelivers with the same id, headers and body', async () => {
    const { sim, receiver } = await setUp({}, (_request, index) => (index === 0 ? 500 : 200));
    sim.addWebhook({ url: receiver.url(), secret: 'sidecar-test-secret-123', events: ['topic_created'] });
    createTopic(sim);
    await sim.settleWebhooks();
    const failed = sim.deliveries()[0]!;

    const redelivered = await sim.redeliver(failed.id);

    const [first, second] = receiver.requests;
    expect(second!.headers['x-discourse-event-id']).toBe(first!.headers['x-discourse-event-id']);
    expect(second!.headers['x-discourse-event-signature']).toBe(first!.headers['x-discourse-event-signature']);
    expect(second!.headerNames).toEqual(first!.headerNames);
    expect(second!.body.equals(first!.body)).toBe(true);
    expect(redelivered.id).toBe(failed.id);
    expect(redelivered.status).toBe(200);
    expect(redelivered.redeliveries).toBe(1);
    expect(sim.deliveries().length).toBe(1);
  });

  it('redelivers a dropped delivery', async () => {
    const { sim, receiver } = await setUp({}, () => 200);
    sim.addWebhook({ url: receiver.url(), events: ['topic_created'] });
    sim.setWebhookDelivery({ dropRate: 1 });
    createTopic(sim);
    await sim.settleWebhooks();
    sim.setWebhookDelivery({ dropRate: 0 });

    const record = await sim.redeliver(sim.deliveries()[0]!.id);

    expect(receiver.requests.length).toBe(1);
    expect(record.sent).toBe(true);
    expect(record.status).toBe(200);
  });
});
