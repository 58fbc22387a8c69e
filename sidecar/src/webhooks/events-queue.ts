import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { CategoryPayload, PostPayload, TopicPayload, UserPayload } from '@praxis/shared';
import { EVENTS_QUEUE } from '../redis/keys';

/** One accepted delivery, as stored in Redis until the worker has applied it. */
export type EventJobData =
  | { kind: 'topic'; event: string; eventId: string | null; receivedAt: string; payload: TopicPayload }
  | { kind: 'post'; event: string; eventId: string | null; receivedAt: string; payload: PostPayload }
  | { kind: 'category'; event: string; eventId: string | null; receivedAt: string; payload: CategoryPayload }
  | { kind: 'user'; event: string; eventId: string | null; receivedAt: string; payload: UserPayload }
  /** Fetches what webhooks left missing for a topic, queued by the worker itself. */
  | { kind: 'resolve-topic'; topicId: number }
  /** Re-derives a practice's changelog after an experiment linked to it changed. */
  | { kind: 'rebuild-practice'; topicId: number };

/** The jobs that come from webhook deliveries. */
export type WebhookEventJobData = Exclude<EventJobData, { kind: 'resolve-topic' | 'rebuild-practice' }>;

export type EventsQueue = Queue<EventJobData>;

export function createEventsQueue(connection: ConnectionOptions, bullPrefix: string): EventsQueue {
  return new Queue<EventJobData>(EVENTS_QUEUE, {
    connection,
    prefix: bullPrefix,
    defaultJobOptions: {
      // About 17 minutes of retries, for a forum API that is briefly down or rate-limiting.
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      // Finished jobs are kept for an hour so that a manual redelivery in that time is dropped
      // as a duplicate. Processing is idempotent anyway, so this only saves work.
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  });
}

/**
 * Builds the job id of a delivery from its event name and body bytes. Discourse retries send the
 * same body under a new X-Discourse-Event-Id and manual redeliveries repeat it, so the body, not
 * the event id, identifies a duplicate. BullMQ ids may not contain ':' or be all digits.
 */
export function eventJobId(eventName: string, rawBody: Buffer): string {
  const digest = createHash('sha256').update(eventName).update('\n').update(rawBody).digest('hex');
  return `evt-${digest.slice(0, 40)}`;
}
