import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { BatchedEnqueue } from './batched-enqueue';
import { classifyEvent } from './events';
import { eventJobId, type EventsQueue, type WebhookEventJobData } from './events-queue';
import { PayloadError, privacyExclusion, readPayload } from './payload';
import { verifySignature } from './signature';

export interface ReceiverOptions {
  secrets: readonly string[];
  bodyLimit: number;
  eventsQueue: EventsQueue;
}

/** Discourse sends the same JSON body whichever content type the admin picked for the webhook. */
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

/**
 * `POST /webhooks/discourse`. Gates run in this order: content type (415), body size (413),
 * required headers (400), signature over the raw bytes (401), JSON and payload shape (400).
 * An accepted event is stored as a BullMQ job before the 2xx goes out. If Redis cannot take it the
 * status is 503, so the delivery shows as failed in Discourse and can be redelivered.
 * Valid deliveries never get 404 or 410, which make Discourse deactivate the webhook.
 */
export async function webhookReceiver(app: FastifyInstance, options: ReceiverOptions): Promise<void> {
  // Replaces the default parsers in this plugin only: the body is kept as raw bytes for the HMAC.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => {
    done(null, body);
  });

  const enqueue = new BatchedEnqueue(options.eventsQueue);

  app.post('/webhooks/discourse', async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body;
    if (!Buffer.isBuffer(body)) {
      throw new HttpError(400, 'PRAXIS_WEBHOOK_EMPTY', 'request body is empty; Discourse always sends a JSON body');
    }

    const eventName = headerValue(request, 'x-discourse-event');
    const eventType = headerValue(request, 'x-discourse-event-type');
    const eventId = headerValue(request, 'x-discourse-event-id') ?? null;
    if (!eventName || !eventType) {
      const missing = [!eventName && 'X-Discourse-Event', !eventType && 'X-Discourse-Event-Type'].filter(Boolean);
      throw new HttpError(400, 'PRAXIS_WEBHOOK_HEADERS', `missing header ${missing.join(' and ')}; send deliveries from a Discourse webhook`);
    }

    // Ids go into each log call rather than a child logger, which would cost an allocation per delivery.
    const ids = { eventId, event: eventName };
    const log = request.log;

    if (!verifySignature(options.secrets, body, headerValue(request, 'x-discourse-event-signature'))) {
      log.info(ids, 'webhook signature rejected');
      throw new HttpError(
        401,
        'PRAXIS_WEBHOOK_SIGNATURE',
        'X-Discourse-Event-Signature is missing or does not match; set the webhook secret in Discourse to DISCOURSE_WEBHOOK_SECRET',
      );
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'PRAXIS_WEBHOOK_JSON', 'body is not valid JSON');
    }

    if (eventName === 'ping') return reply.code(200).send({ status: 'pong' });

    const kind = classifyEvent(eventType, eventName);
    if (!kind) {
      log.debug(ids, 'webhook event ignored');
      return reply.code(200).send({ status: 'ignored', reason: `Praxis does not use ${eventName} events` });
    }

    let payload;
    try {
      payload = readPayload(kind, eventType, parsed);
    } catch (error) {
      if (error instanceof PayloadError) throw new HttpError(400, 'PRAXIS_WEBHOOK_PAYLOAD', error.message);
      throw error;
    }

    const job = { kind, event: eventName, eventId, receivedAt: new Date().toISOString(), payload } as WebhookEventJobData;
    const excluded = privacyExclusion(job);
    if (excluded) {
      log.debug({ ...ids, reason: excluded }, 'webhook event excluded');
      return reply.code(200).send({ status: 'ignored', reason: excluded });
    }

    const jobId = eventJobId(eventName, body);
    try {
      await enqueue.add(eventName, job, jobId);
    } catch (error) {
      log.error({ ...ids, err: error, jobId }, 'webhook event could not be queued');
      throw new HttpError(503, 'PRAXIS_QUEUE_UNAVAILABLE', 'event could not be stored; Discourse can redeliver it later', {
        'retry-after': '60',
      });
    }

    log.info({ ...ids, jobId, topicId: topicIdOf(job) }, 'webhook event queued');
    return reply.code(202).send({ status: 'queued', jobId });
  });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function topicIdOf(job: WebhookEventJobData): number | undefined {
  if (job.kind === 'user') return undefined;
  if (job.kind === 'topic') return job.payload.id;
  if (job.kind === 'post') return job.payload.topic_id;
  return undefined;
}
