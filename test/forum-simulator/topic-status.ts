import type { ForumContext } from './forum-context';
import { ForumAccessError, ForumParameterError } from './forum-errors';
import { Guardian } from './guardian';
import { createPost } from './post-creator';
import { POST_TYPES, type SimPost, type SimTopic, type SimUser } from './state';

/*
 * Topic status changes, a reduced `app/services/topic_status_updater.rb`: the status is set, a
 * small-action post records it (`post_created`, post_type 3), then `topic_<status>_status_updated`
 * is sent, which webhooks receive under the `topic_edited` subscription. Closing and reopening
 * send the same event name.
 */

export const TOPIC_STATUSES = ['closed', 'archived', 'visible', 'pinned', 'pinned_globally'] as const;

export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export function isTopicStatus(value: unknown): value is TopicStatus {
  return typeof value === 'string' && (TOPIC_STATUSES as readonly string[]).includes(value);
}

export function updateTopicStatus(ctx: ForumContext, actor: SimUser, topic: SimTopic, status: string, enabled: boolean): void {
  if (!isTopicStatus(status)) throw new ForumParameterError('status');

  const topicId = topic.id;
  const guardian = new Guardian(ctx.state, actor);
  if (!guardian.canChangeTopicStatus(topic)) {
    throw new ForumAccessError(`${actor.username} may not change the ${status} status of topic ${topicId}`);
  }

  const now = ctx.now();
  switch (status) {
    case 'closed':
      topic.closed = enabled;
      break;
    case 'archived':
      topic.archived = enabled;
      break;
    case 'visible':
      topic.visible = enabled;
      break;
    case 'pinned':
      topic.pinnedAt = enabled ? now : null;
      topic.pinnedGlobally = false;
      break;
    case 'pinned_globally':
      topic.pinnedAt = enabled ? now : null;
      topic.pinnedGlobally = enabled;
      break;
  }

  addSmallAction(ctx, actor, topic, `${status}.${enabled ? 'enabled' : 'disabled'}`);
  ctx.emit({ kind: 'topic', name: `topic_${status}_status_updated`, topic });
}

/** Adds a small-action post (post_type 3) such as `closed.enabled` or `tags_changed`; it fires `post_created`. */
export function addSmallAction(ctx: ForumContext, actor: SimUser, topic: SimTopic, actionCode: string): SimPost {
  const { post } = createPost(ctx, actor, {
    topicId: topic.id,
    raw: '',
    postType: POST_TYPES.smallAction,
    actionCode,
    noBump: true,
    skipValidations: true,
  });
  return post;
}
