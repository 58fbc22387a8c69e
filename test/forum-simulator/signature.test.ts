import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ForumSimulator } from './server';
import { TestReceiver } from './test-receiver';
import { signatureHeader } from './webhooks';

const FIXTURES = new URL('../fixtures/discourse-payloads/', import.meta.url);

interface Vector {
  secret: string;
  raw_body?: string;
  raw_body_file: string;
  content_length: number;
  expected_signature_header: string;
}

const vectors = JSON.parse(readFileSync(new URL('signature-test-vectors.json', FIXTURES), 'utf8')) as Record<string, Vector>;

describe('webhook signature', () => {
  let sim: ForumSimulator | null = null;
  let receiver: TestReceiver | null = null;

  afterEach(async () => {
    await sim?.stop();
    await receiver?.stop();
  });

  it('matches the Discourse spec ping vector', () => {
    const vector = vectors.discourse_spec_ping!;
    const body = readFileSync(new URL(vector.raw_body_file, FIXTURES));

    expect(body.length).toBe(vector.content_length);
    expect(body.toString('utf8')).toBe(vector.raw_body);
    expect(signatureHeader(vector.secret, body)).toBe(vector.expected_signature_header);
  });

  it('matches the compact reply body vector', () => {
    const vector = vectors.praxis_example!;
    const body = readFileSync(new URL(vector.raw_body_file, FIXTURES));

    expect(body.length).toBe(vector.content_length);
    expect(signatureHeader(vector.secret, body)).toBe(vector.expected_signature_header);
  });

  it('signs a real ping over the exact bytes sent', async () => {
    const vector = vectors.discourse_spec_ping!;
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator();
    await sim.start();
    const webhook = sim.addWebhook({ url: receiver.url(), secret: vector.secret });

    await sim.ping(webhook.id);

    const request = receiver.requests[0]!;
    expect(request.body.toString('utf8')).toBe('{"ping":"OK"}');
    expect(request.headers['x-discourse-event-signature']).toBe(vector.expected_signature_header);
  });

  it('signs event bodies with HMAC-SHA256 of the raw bytes', async () => {
    const secret = 'sidecar-test-secret-123';
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator();
    await sim.start();
    sim.addUser({ username: 'zoe', name: 'Zoë <Ünïcode> & Co' });
    sim.addWebhook({ url: receiver.url(), secret });

    sim.createTopic({ username: 'zoe', title: 'Ünïcode “quotes” & <angle> brackets', raw: 'Body with émojis 🎉 and <b>markup</b> & ampersands.' });
    await sim.settleWebhooks();

    expect(receiver.requests.length).toBe(2);
    for (const request of receiver.requests) {
      const expected = `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`;
      expect(request.headers['x-discourse-event-signature']).toBe(expected);
    }
  });

  it('sends no signature header without a secret', async () => {
    receiver = new TestReceiver();
    await receiver.start();
    sim = new ForumSimulator();
    await sim.start();
    const webhook = sim.addWebhook({ url: receiver.url() });

    await sim.ping(webhook.id);

    expect(receiver.requests[0]!.headers).not.toHaveProperty('x-discourse-event-signature');
  });

  it('rejects secrets shorter than 12 characters', () => {
    sim = new ForumSimulator();
    expect(() => sim!.addWebhook({ url: 'http://127.0.0.1:9/hook', secret: 'short' })).toThrow(/at least 12/);
  });
});
