import type { Authenticator } from '../auth';
import type { ForumContext } from '../forum-context';
import { Guardian } from '../guardian';
import { notFound, notLoggedIn } from '../http/errors';
import type { RequestContext } from '../http/router';
import type { PostMemo } from '../post-memo';
import type { TagShape } from '../serializers/tags';
import type { ForumState, SimPost, SimUser } from '../state';
import type { WebhookEmitter } from '../webhooks';

/** What route handlers need from the simulator. */
export interface RouteServices {
  state: ForumState;
  forum: ForumContext;
  authenticator: Authenticator;
  emitter: WebhookEmitter;
  postMemo: PostMemo;
  anonymousCsrfTokens: Set<string>;
  tagShape: () => TagShape;
  now: () => Date;
}

/** `requires_login`: anonymous callers get 403 `not_logged_in`. */
export function requireUser(context: RequestContext): SimUser {
  if (!context.auth.user) throw notLoggedIn();
  return context.auth.user;
}

export function guardianFor(services: RouteServices, context: RequestContext): Guardian {
  return new Guardian(services.state, context.auth.user);
}

/**
 * `PostsController#find_post_using`: 404 for a missing post, and for a deleted post or topic
 * unless the caller is staff. Callers check visibility themselves, because Discourse returns 403 there.
 */
export function findPost(services: RouteServices, context: RequestContext, id: number): SimPost {
  const post = services.state.posts.get(id);
  if (!post) throw notFound();

  const topic = services.state.topics.get(post.topicId);
  if (!topic) throw notFound();

  const staff = guardianFor(services, context).isStaff;
  if ((post.deletedAt || topic.deletedAt) && !staff) throw notFound();
  return post;
}
