/*
 * The Discourse webhook events Praxis acts on. Everything else (likes, chat, solved...) gets
 * 200 and is dropped, so a webhook that sends "all events" works but costs nothing.
 */

export const TOPIC_EVENTS = new Set(['topic_created', 'topic_edited', 'topic_revised', 'topic_destroyed', 'topic_recovered']);

export const POST_EVENTS = new Set(['post_created', 'post_edited', 'post_destroyed', 'post_recovered']);

export const CATEGORY_EVENTS = new Set(['category_created', 'category_updated', 'category_destroyed']);

/** A deleted or anonymized user leaves every experiment they joined. */
export const USER_EVENTS = new Set(['user_destroyed', 'user_anonymized']);

/** `topic_closed_status_updated` and its siblings arrive under the topic_edited subscription with their own names. */
const TOPIC_STATUS_EVENT = /^topic_[a-z_]+_status_updated$/;

export type EventKind = 'topic' | 'post' | 'category' | 'user';

/** Returns which handler an event goes to, or null for events Praxis ignores. */
export function classifyEvent(eventType: string, eventName: string): EventKind | null {
  if (eventType === 'topic' && (TOPIC_EVENTS.has(eventName) || TOPIC_STATUS_EVENT.test(eventName))) return 'topic';
  if (eventType === 'post' && POST_EVENTS.has(eventName)) return 'post';
  if (eventType === 'category' && CATEGORY_EVENTS.has(eventName)) return 'category';
  if (eventType === 'user' && USER_EVENTS.has(eventName)) return 'user';
  return null;
}
