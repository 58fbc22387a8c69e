import { Guardian } from '../guardian';
import { POST_TYPES, type ForumState, type SimPost, type SimUser } from '../state';
import { basicUser } from './users';

/*
 * `PostSerializer` output for the contexts the simulator serves, in Discourse's attribute order.
 * - `webhook`: `WebHookPostSerializer` (system scope): `raw`, `topic_title`, `category_id` forced on,
 *   every `can_*`, `yours`, `actions_summary`, `readers_count` and flair colours removed, and
 *   `topic_posts_count`, `topic_filtered_posts_count`, `topic_archetype`, `category_slug` added.
 * - `show`: `GET /posts/{id}.json` and `PUT /posts/{id}/recover.json`, with `raw`.
 * - `update`: the `post` of the `PUT /posts/{id}.json` response, which is `show` plus `draft_sequence`.
 * - `create`: the `POST /posts.json` response, without `raw`.
 * - `stream`: an entry of a topic's `post_stream.posts`; `raw` only with `include_raw`.
 */

export type PostView = 'webhook' | 'show' | 'update' | 'create' | 'stream';

export interface PostSerializerOptions {
  view: PostView;
  viewer: SimUser | null;
  includeRaw?: boolean;
  now: Date;
}

export function serializePost(state: ForumState, post: SimPost, options: PostSerializerOptions): Record<string, unknown> {
  const { view } = options;
  const webhook = view === 'webhook';
  const topic = state.topics.get(post.topicId)!;
  const author = state.user(post.userId);
  const guardian = new Guardian(state, options.viewer);
  const category = topic.categoryId !== null ? state.categories.get(topic.categoryId) : undefined;

  const json: Record<string, unknown> = {
    id: post.id,
    name: author.name,
    username: author.username,
    avatar_template: author.avatarTemplate,
    created_at: post.createdAt.toISOString(),
    cooked: post.cooked,
    post_number: post.postNumber,
    post_type: post.postType,
  };

  if (view !== 'stream') json.posts_count = state.postsCount(topic);

  Object.assign(json, {
    updated_at: post.updatedAt.toISOString(),
    reply_count: replyCount(state, post),
    reply_to_post_number: post.replyToPostNumber,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 0,
  });
  if (!webhook) json.readers_count = 0;
  json.score = 0;
  if (!webhook) json.yours = options.viewer?.id === post.userId;

  json.topic_id = topic.id;
  json.topic_slug = topic.slug;
  if (webhook) {
    json.topic_title = topic.title;
    json.category_id = topic.categoryId;
  }

  Object.assign(json, { display_username: author.name, primary_group_name: null, flair_name: null });
  if (!webhook) Object.assign(json, { flair_url: null, flair_bg_color: null, flair_color: null });
  if (view !== 'stream') json.flair_group_id = null;
  json.version = post.version;

  if (!webhook) {
    Object.assign(json, {
      can_edit: guardian.canEditPost(post),
      can_delete: guardian.canDeletePost(post, options.now),
      can_recover: guardian.canRecoverPost(post),
      can_see_hidden_post: guardian.isStaff,
      can_wiki: guardian.isStaff,
    });
  }
  if (view === 'stream') json.read = true;

  json.user_title = null;
  const replyToUser = replyTarget(state, post);
  if (replyToUser) {
    json.reply_to_user = { username: replyToUser.username, name: replyToUser.name, avatar_template: replyToUser.avatarTemplate };
  }
  json.bookmarked = false;
  if (webhook || view === 'show' || view === 'update' || options.includeRaw) json.raw = post.raw;
  if (!webhook) json.actions_summary = [];

  Object.assign(json, {
    moderator: author.moderator,
    admin: author.admin,
    staff: author.admin || author.moderator,
    user_id: author.id,
  });
  if (view === 'create' || view === 'update') json.draft_sequence = 0;

  Object.assign(json, { hidden: post.hidden, trust_level: author.trustLevel, deleted_at: post.deletedAt?.toISOString() ?? null });
  const deletedBy = post.deletedById !== null ? state.users.get(post.deletedById) : undefined;
  if (deletedBy && (webhook || guardian.isStaff)) json.deleted_by = basicUser(deletedBy);

  Object.assign(json, { user_deleted: post.userDeleted, edit_reason: post.editReason });
  if (!webhook) json.can_view_edit_history = true;
  json.wiki = post.wiki;
  if (post.actionCode !== null) json.action_code = post.actionCode;

  Object.assign(json, { reviewable_id: null, reviewable_score_count: 0, reviewable_score_pending_count: 0 });
  if (view !== 'stream') json.post_url = `/t/${topic.slug}/${topic.id}/${post.postNumber}`;

  if (webhook) {
    const livePosts = state.topicPosts(topic.id).filter((other) => other.deletedAt === null && !other.userDeleted);
    json.topic_posts_count = livePosts.length;
    json.topic_filtered_posts_count = livePosts.filter((other) => other.postType === POST_TYPES.regular).length;
    json.topic_archetype = topic.archetype;
    if (category) json.category_slug = category.slug;
  }

  return json;
}

/** Posts that reply to this one (`reply_count`), counting only live posts. */
function replyCount(state: ForumState, post: SimPost): number {
  return state
    .topicPosts(post.topicId)
    .filter((other) => other.replyToPostNumber === post.postNumber && other.deletedAt === null).length;
}

function replyTarget(state: ForumState, post: SimPost): SimUser | undefined {
  if (post.replyToPostNumber === null) return undefined;
  const target = state.postByNumber(post.topicId, post.replyToPostNumber);
  return target ? state.users.get(target.userId) : undefined;
}
