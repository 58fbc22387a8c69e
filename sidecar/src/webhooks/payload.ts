import {
  categoryPayloadSchema,
  POST_TYPES,
  postPayloadSchema,
  topicPayloadSchema,
  userPayloadSchema,
} from '@praxis/shared';
import type { WebhookEventJobData } from './events-queue';
import type { EventKind } from './events';

export class PayloadError extends Error {
  override name = 'PayloadError';
}

const schemas = {
  topic: topicPayloadSchema,
  post: postPayloadSchema,
  category: categoryPayloadSchema,
  user: userPayloadSchema,
} as const;

/**
 * Checks a parsed webhook body against the shape of its event type and returns the payload.
 * Throws PayloadError with a message that names the offending field.
 */
export function readPayload(kind: EventKind, eventType: string, body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PayloadError('body must be a JSON object like {"post": {...}}');
  }

  const payload = (body as Record<string, unknown>)[eventType];
  if (payload === undefined) {
    const keys = Object.keys(body).slice(0, 5).join(', ') || 'none';
    throw new PayloadError(`body has no "${eventType}" key matching X-Discourse-Event-Type (keys found: ${keys})`);
  }

  const result = schemas[kind].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = [eventType, ...issue.path].join('.');
    throw new PayloadError(`${path} is invalid: ${issue.message}`);
  }
  return result.data;
}

/**
 * Returns why a payload must not be stored at all, or null. Discourse serializes webhook payloads
 * with system rights, so private messages, whispers and small-action posts arrive in full.
 */
export function privacyExclusion(job: WebhookEventJobData): string | null {
  if (job.kind === 'topic') {
    if (job.payload.archetype === 'private_message') return 'private message';
  }
  if (job.kind === 'post') {
    const post = job.payload;
    if (post.topic_archetype === 'private_message') return 'private message';
    if (post.post_type !== POST_TYPES.regular) return `post type ${post.post_type} (whisper, small action or moderator action)`;
  }
  return null;
}
