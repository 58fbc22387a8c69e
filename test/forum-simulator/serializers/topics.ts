import { Guardian } from '../guardian';
import type { ForumState, SimPost, SimTopic, SimUser } from '../state';
import { fancyTitle } from '../text';
import { serializePost } from './posts';
import { serializeTopicTags, tagObject, tagsDescriptions, type TagShape } from './tags';
import { basicUser } from './users';

/** Posts per `post_stream` chunk (`TopicView#chunk_size`). */
export const CHUNK_SIZE = 20;

/**
 * `WebHookTopicViewSerializer`, built with the system user's view, in the field order recorded
 * from 2025.12 to 2026.9 deliveries. It carries no post text and no previous values.
 */
export function webhookTopicPayload(state: ForumState, topic: SimTopic, tagShape: TagShape): Record<string, unknown> {
  const deletedBy = topic.deletedById !== null ? state.users.get(topic.deletedById) : undefined;

  return {
    tags: serializeTopicTags(state, topic, tagShape),
    tags_descriptions: tagsDescriptions(state, topic),
    fancy_title: fancyTitle(topic.title),
    id: topic.id,
    title: topic.title,
    posts_count: state.postsCount(topic),
    created_at: topic.createdAt.toISOString(),
    views: 0,
    reply_count: state.replyCount(topic),
    like_count: 0,
    last_posted_at: state.lastPostedAt(topic)?.toISOString() ?? null,
    visible: topic.visible,
    closed: topic.closed,
    archived: topic.archived,
    archetype: topic.archetype,
    slug: topic.slug,
    category_id: topic.categoryId,
    word_count: state.wordCount(topic),
    deleted_at: topic.deletedAt?.toISOString() ?? null,
    user_id: topic.userId,
    featured_link: null,
    pinned_globally: topic.pinnedGlobally,
    pinned_at: topic.pinnedAt?.toISOString() ?? null,
    pinned_until: null,
    unpinned: null,
    pinned: topic.pinnedAt !== null,
    highest_post_number: state.highestStaffPostNumber(topic),
    deleted_by: deletedBy ? basicUser(deletedBy) : null,
    has_deleted: hasDeletedReplies(state, topic),
    bookmarked: false,
    participant_count: state.participantIds(topic).length,
    queued_posts_count: 0,
    thumbnails: null,
    created_by: basicUser(state.user(topic.userId)),
    last_poster: basicUser(state.lastPoster(topic)),
  };
}

export interface TopicViewOptions {
  viewer: SimUser | null;
  tagShape: TagShape;
  includeRaw: boolean;
  /** 1-based chunk of `post_stream.posts`. */
  page: number;
  now: Date;
}

/** Posts of the topic the viewer may see, in post-number order. */
export function visiblePosts(state: ForumState, topic: SimTopic, viewer: SimUser | null): SimPost[] {
  const guardian = new Guardian(state, viewer);
  return state.topicPosts(topic.id).filter((post) => guardian.canSeePost(post));
}

/** `TopicViewSerializer` for `GET /t/{id}.json`, in the attribute order of Discourse's API schema. */
export function topicView(state: ForumState, topic: SimTopic, options: TopicViewOptions): Record<string, unknown> {
  const guardian = new Guardian(state, options.viewer);
  const posts = visiblePosts(state, topic, options.viewer);
  const chunk = posts.slice((options.page - 1) * CHUNK_SIZE, options.page * CHUNK_SIZE);
  const deletedBy = topic.deletedById !== null ? state.users.get(topic.deletedById) : undefined;
  const postOptions = { view: 'stream' as const, viewer: options.viewer, includeRaw: options.includeRaw, now: options.now };

  const json: Record<string, unknown> = {
    post_stream: {
      posts: chunk.map((post) => serializePost(state, post, postOptions)),
      stream: posts.map((post) => post.id),
    },
    timeline_lookup: timelineLookup(posts, options.now),
    suggested_topics: [],
    tags: serializeTopicTags(state, topic, options.tagShape),
    tags_descriptions: tagsDescriptions(state, topic),
    id: topic.id,
    title: topic.title,
    fancy_title: fancyTitle(topic.title),
    posts_count: state.postsCount(topic),
    created_at: topic.createdAt.toISOString(),
    views: 0,
    reply_count: state.replyCount(topic),
    like_count: 0,
    last_posted_at: state.lastPostedAt(topic)?.toISOString() ?? null,
    visible: topic.visible,
    closed: topic.closed,
    archived: topic.archived,
    has_summary: false,
    archetype: topic.archetype,
    slug: topic.slug,
    category_id: topic.categoryId,
    word_count: state.wordCount(topic),
    deleted_at: topic.deletedAt?.toISOString() ?? null,
    user_id: topic.userId,
    featured_link: null,
    pinned_globally: topic.pinnedGlobally,
    pinned_at: topic.pinnedAt?.toISOString() ?? null,
    pinned_until: null,
    image_url: null,
    slow_mode_seconds: 0,
    draft: null,
    draft_key: `topic_${topic.id}`,
    draft_sequence: 0,
    unpinned: null,
    pinned: topic.pinnedAt !== null,
    highest_post_number: guardian.isStaff ? state.highestStaffPostNumber(topic) : state.highestPostNumber(topic),
    deleted_by: deletedBy ? basicUser(deletedBy) : null,
  };

  if (guardian.isStaff) json.has_deleted = hasDeletedReplies(state, topic);

  Object.assign(json, {
    actions_summary: [],
    chunk_size: CHUNK_SIZE,
    bookmarked: false,
    bookmarks: [],
    topic_timer: null,
    message_bus_last_id: 0,
    participant_count: state.participantIds(topic).length,
    show_read_indicator: false,
    thumbnails: null,
    slow_mode_enabled_until: null,
    details: topicDetails(state, topic, guardian, options.now),
  });

  return json;
}

function topicDetails(state: ForumState, topic: SimTopic, guardian: Guardian, now: Date): Record<string, unknown> {
  const details: Record<string, unknown> = {
    can_edit: guardian.canEditTopic(topic),
    notification_level: 1,
  };
  if (guardian.canDeleteTopic(topic, now)) details.can_delete = true;
  if (guardian.canRecoverTopic(topic)) details.can_recover = true;
  if (guardian.canCreatePostOn(topic)) details.can_create_post = true;
  if (guardian.isStaff) Object.assign(details, { can_close_topic: true, can_archive_topic: true, can_moderate_category: true });

  details.participants = participants(state, topic);
  details.created_by = basicUser(state.user(topic.userId));
  details.last_poster = basicUser(state.lastPoster(topic));

  if (topic.archetype === 'private_message') {
    details.allowed_users = topic.allowedUserIds.map((id) => basicUser(state.user(id)));
    details.allowed_groups = [];
  }

  return details;
}

function participants(state: ForumState, topic: SimTopic): Record<string, unknown>[] {
  const counts = new Map<number, number>();
  for (const post of state.publicPosts(topic.id)) counts.set(post.userId, (counts.get(post.userId) ?? 0) + 1);

  return [...counts.entries()].map(([userId, postCount]) => {
    const user = state.user(userId);
    return {
      ...basicUser(user),
      post_count: postCount,
      primary_group_name: null,
      flair_name: null,
      flair_url: null,
      flair_color: null,
      flair_bg_color: null,
      flair_group_id: null,
      admin: user.admin,
      moderator: user.moderator,
      trust_level: user.trustLevel,
    };
  });
}

/** `[[post index (1-based), days ago]]` pairs, one for each day that starts a new run of posts. */
function timelineLookup(posts: SimPost[], now: Date): [number, number][] {
  const lookup: [number, number][] = [];
  let previousDays: number | null = null;

  posts.forEach((post, index) => {
    const daysAgo = Math.max(0, Math.floor((now.getTime() - post.createdAt.getTime()) / 86_400_000));
    if (daysAgo !== previousDays) lookup.push([index + 1, daysAgo]);
    previousDays = daysAgo;
  });

  return lookup;
}

function hasDeletedReplies(state: ForumState, topic: SimTopic): boolean {
  return state.topicPosts(topic.id).some((post) => post.postNumber > 1 && post.deletedAt !== null);
}

/** `BasicTopicSerializer`, the `basic_topic` root of `PUT /t/{slug}/{id}.json`; `tags` only when tags were sent. */
export function basicTopic(state: ForumState, topic: SimTopic, withTags: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: topic.id,
    title: topic.title,
    fancy_title: fancyTitle(topic.title),
    slug: topic.slug,
    posts_count: state.postsCount(topic),
  };
  if (withTags) json.tags = state.topicTags(topic).map(tagObject);
  return json;
}
