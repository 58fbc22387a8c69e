import type { ForumState, SimTag, SimTopic } from '../state';

/**
 * How topic tags are serialized: objects `{id, name, slug}` on current builds (recorded from
 * 2026.8), plain names on older ones (recorded in 2025.12) (`app/serializers/concerns/topic_tags_mixin.rb`).
 */
export type TagShape = 'objects' | 'strings';

export function serializeTopicTags(state: ForumState, topic: SimTopic, shape: TagShape): unknown[] {
  const tags = state.topicTags(topic);
  if (shape === 'strings') return tags.map((tag) => tag.name);
  return tags.map(tagObject);
}

export function tagObject(tag: SimTag): { id: number; name: string; slug: string } {
  return { id: tag.id, name: tag.name, slug: tag.name };
}

/** `tags_descriptions`: only tags that have a description, cut to 80 characters. */
export function tagsDescriptions(state: ForumState, topic: SimTopic): Record<string, string> {
  const descriptions: Record<string, string> = {};
  for (const tag of state.topicTags(topic)) {
    if (tag.description) descriptions[tag.name] = tag.description.slice(0, 80);
  }
  return descriptions;
}
