import type { ForumContext } from './forum-context';
import { ForumAccessError } from './forum-errors';
import { Guardian } from './guardian';
import { revisePost } from './post-revisor';
import type { SimPost, SimUser } from './state';

/*
 * Deletes and recovers posts the way `lib/post_destroyer.rb` does. Deleting post #1 deletes the
 * topic. Payloads are built after the change (newest builds), so `*_destroyed` events carry
 * `deleted_at` and `deleted_by`.
 */

/** `js.post.deleted_by_author_simple` and `js.topic.deleted_by_author_simple` in Discourse's English locale. */
export const POST_DELETED_BY_AUTHOR = '(post deleted by author)';
export const TOPIC_DELETED_BY_AUTHOR = '(topic deleted by author)';

/**
 * Staff (or every deleter when `delete_removed_posts_after` is 0) soft-delete the post. A member
 * deleting their own post only replaces its text and flags it `user_deleted`, so `post_edited`
 * is sent before `post_destroyed`. For post #1 the topic is closed, not trashed, and
 * `topic_destroyed` is still sent.
 */
export function destroyPost(ctx: ForumContext, actor: SimUser, post: SimPost): void {
  const guardian = new Guardian(ctx.state, actor);
  const now = ctx.now();
  if (!guardian.canDeletePost(post, now)) throw new ForumAccessError(`${actor.username} may not delete post ${post.id}`);

  const topic = ctx.state.topics.get(post.topicId)!;
  const isFirst = post.postNumber === 1;

  if (guardian.isStaff || ctx.settings.deleteRemovedPostsAfterHours < 1) {
    post.deletedAt = now;
    post.deletedById = actor.id;
    if (isFirst) {
      topic.deletedAt = now;
      topic.deletedById = actor.id;
    }
  } else {
    const placeholder = isFirst ? TOPIC_DELETED_BY_AUTHOR : POST_DELETED_BY_AUTHOR;
    revisePost(ctx, actor, post, { raw: placeholder }, { forceNewVersion: true, skipValidations: true, bypassBump: true });
    post.userDeleted = true;
    if (isFirst) topic.closed = true;
  }

  ctx.emit({ kind: 'post', name: 'post_destroyed', post });
  if (isFirst) ctx.emit({ kind: 'topic', name: 'topic_destroyed', topic });
}

/**
 * Staff recover a deleted post (and its topic when it is post #1). An author's own delete is
 * undone by restoring the text from before the delete, which sends `post_edited` first.
 */
export function recoverPost(ctx: ForumContext, actor: SimUser, post: SimPost): void {
  const guardian = new Guardian(ctx.state, actor);
  if (!guardian.canRecoverPost(post)) throw new ForumAccessError(`${actor.username} may not recover post ${post.id}`);

  const topic = ctx.state.topics.get(post.topicId)!;
  const isFirst = post.postNumber === 1;

  if (guardian.isStaff && post.deletedAt) {
    post.deletedAt = null;
    post.deletedById = null;
  } else if (post.userDeleted) {
    post.userDeleted = false;
    const previousRaw = textBeforeAuthorDelete(ctx, post);
    if (previousRaw !== null) {
      revisePost(ctx, actor, post, { raw: previousRaw }, { forceNewVersion: true, skipValidations: true, bypassBump: true });
    }
    if (isFirst) topic.closed = false;
  }

  if (isFirst) {
    topic.deletedAt = null;
    topic.deletedById = null;
  }

  ctx.emit({ kind: 'post', name: 'post_recovered', post });
  if (isFirst) ctx.emit({ kind: 'topic', name: 'topic_recovered', topic });
}

function textBeforeAuthorDelete(ctx: ForumContext, post: SimPost): string | null {
  const revisions = ctx.state.postRevisions(post.id);
  const raw = revisions[revisions.length - 1]?.modifications.raw?.[0];
  return typeof raw === 'string' ? raw : null;
}
