import type { ForumContext } from './forum-context';
import { ForumAccessError, ForumValidationError } from './forum-errors';
import { Guardian } from './guardian';
import { revisePost } from './post-revisor';
import type { SimTopic, SimUser } from './state';

/*
 * Topic edits as `TopicsController#update` applies them. Unchanged titles and categories and
 * no-op tag submissions (`PostRevisor.tag_change_noop?`) are dropped first, so they send no
 * webhook. What remains revises post #1 with `validate_post: false` and sends `topic_edited`.
 */

export interface TopicUpdate {
  title?: string;
  categoryId?: number;
  /** Cleaned tag names; an empty list removes every tag. */
  tagNames?: string[];
}

/** Returns false when nothing was left to change. */
export function updateTopic(ctx: ForumContext, actor: SimUser, topic: SimTopic, update: TopicUpdate): boolean {
  const topicId = topic.id;
  const guardian = new Guardian(ctx.state, actor);
  if (!guardian.canEditTopic(topic)) throw new ForumAccessError(`${actor.username} may not edit topic ${topicId}`);

  const changes: TopicUpdate = {};

  if (update.title !== undefined && update.title !== topic.title) changes.title = update.title;

  if (update.categoryId !== undefined && update.categoryId !== (topic.categoryId ?? 0)) {
    const category = ctx.state.categories.get(update.categoryId);
    // NOTE: wording of `category.errors.not_found` and `move_topic_to_category_disallowed` is unverified.
    if (!category) throw new ForumValidationError(['Category not found']);
    if (!guardian.canCreateTopicIn(category)) {
      throw new ForumAccessError(`${actor.username} may not move topics to category ${category.id}`, 'move_topic_to_category_disallowed');
    }
    changes.categoryId = update.categoryId;
  }

  if (update.tagNames !== undefined) {
    const current = ctx.state.topicTagNames(topic);
    if (update.tagNames.length > 0 && !sameNames(current, update.tagNames)) changes.tagNames = update.tagNames;
    if (update.tagNames.length === 0 && current.length > 0) changes.tagNames = [];
  }

  if (Object.keys(changes).length === 0) return false;

  return revisePost(ctx, actor, ctx.state.firstPost(topic), changes, { validatePost: false });
}

function sameNames(a: string[], b: string[]): boolean {
  return [...a].sort().join('\n') === [...b].sort().join('\n');
}
