import type { TopicKind } from './changelog';

/** A Discourse topic tag: a plain name on older builds, an object with `name` on current ones. */
export type TopicTag = string | { name: string };

export interface TagSettings {
  experimentTag: string;
  practiceTag: string;
}

/**
 * Returns which Praxis record a topic is, from its tags. Tag names compare case-insensitively, as
 * in Discourse. A topic carrying both tags counts as an experiment, so it gets the card and the
 * join control.
 */
export function topicKindOf(tags: readonly TopicTag[] | null | undefined, tagSettings: TagSettings): TopicKind | null {
  if (!tags) return null;
  const names = new Set(tags.map((tag) => (typeof tag === 'string' ? tag : tag.name).toLowerCase()));
  if (names.has(tagSettings.experimentTag.toLowerCase())) return 'experiment';
  if (names.has(tagSettings.practiceTag.toLowerCase())) return 'practice';
  return null;
}
