import { tagNames, type PostPayload, type TopicPayload } from '@praxis/shared';
import type { TopicView } from '../forum/responses';
import type { ReplyState } from './reply-state';
import { isNewerPost, type FirstPostState, type TopicState } from './thread-state';

/*
 * Conversions between Discourse's payloads and responses and the stored thread state, used by
 * ThreadSync for webhooks and for re-reads from the forum alike.
 */

export type IncomingFirstPost = Omit<FirstPostState, 'raw'> & { raw: string | null };

export function firstPostFromPayload(post: PostPayload): IncomingFirstPost {
  return {
    postId: post.id,
    raw: post.raw ?? null,
    version: post.version,
    updatedAt: post.updated_at,
    username: post.username,
    userDeleted: post.user_deleted ?? false,
    deleted: Boolean(post.deleted_at),
  };
}

/** Builds a post payload for a stored reply, to read the reply back when its topic no longer lists it. */
export function replyPlaceholder(topicId: number, reply: ReplyState): PostPayload {
  return {
    id: reply.postId,
    topic_id: topicId,
    post_number: reply.postNumber,
    post_type: 1,
    username: reply.username,
    version: reply.version,
    created_at: reply.createdAt,
    updated_at: reply.updatedAt,
    raw: null,
  };
}

export function isNewerOrDeletionChange(incoming: IncomingFirstPost, stored: FirstPostState | null): boolean {
  if (isNewerPost(incoming, stored)) return true;
  if (!stored || incoming.version !== stored.version) return false;
  return incoming.userDeleted !== stored.userDeleted || incoming.deleted !== stored.deleted;
}

export function topicStateFromPayload(payload: TopicPayload, stored: TopicState | null, event: string): TopicState {
  // Decided by the event name: older Discourse builds send deleted_at null in topic_destroyed.
  let deleted = Boolean(payload.deleted_at);
  if (event === 'topic_destroyed') deleted = true;
  if (event === 'topic_recovered') deleted = false;

  return {
    id: payload.id,
    title: payload.title,
    slug: payload.slug,
    tags: tagNames(payload.tags).sort(),
    categoryId: payload.category_id ?? null,
    archetype: payload.archetype,
    deleted,
    createdAt: payload.created_at,
    owner: {
      username: payload.created_by?.username ?? stored?.owner.username ?? 'unknown',
      userId: payload.created_by?.id ?? payload.user_id ?? stored?.owner.userId ?? null,
    },
    firstPostId: stored?.firstPostId ?? null,
  };
}

export function topicStateFromView(view: TopicView): TopicState {
  const firstPost = view.post_stream.posts.find((post) => post.post_number === 1);
  const creator = view.details?.created_by ?? (firstPost ? { username: firstPost.username } : undefined);
  return {
    id: view.id,
    title: view.title,
    slug: view.slug,
    tags: tagNames(view.tags).sort(),
    categoryId: view.category_id ?? null,
    archetype: view.archetype,
    deleted: Boolean(view.deleted_at),
    createdAt: view.created_at,
    owner: { username: creator?.username ?? 'unknown', userId: creator?.id ?? null },
    firstPostId: firstPost?.id ?? view.post_stream.stream?.[0] ?? null,
  };
}

export function sameTrackedFields(a: TopicState, b: TopicState): boolean {
  return (
    a.title === b.title &&
    a.slug === b.slug &&
    a.categoryId === b.categoryId &&
    a.archetype === b.archetype &&
    a.deleted === b.deleted &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}
