import { Guardian } from '../guardian';
import type { ForumState, SimTag, SimTopic, SimUser } from '../state';
import { fancyTitle } from '../text';
import { serializeTopicTags, tagsDescriptions, type TagShape } from './tags';
import { basicUser } from './users';

/** Topics per list page; `per_page` defaults to 30 (`TopicQuery`). */
export const TOPICS_PER_PAGE = 30;

export interface TagListOptions {
  viewer: SimUser | null;
  tagShape: TagShape;
  /** 0-based page number. */
  page: number;
}

/**
 * `GET /tag/{name}.json`: the tag's topics the viewer may see, most recently bumped first, in
 * `TopicListSerializer`'s envelope. `more_topics_url` is present only when the page is full, and
 * it has no `.json` (`app/serializers/topic_list_serializer.rb`).
 */
export function tagTopicList(state: ForumState, tag: SimTag, options: TagListOptions): Record<string, unknown> {
  const topics = listableTopics(state, options.viewer)
    .filter((topic) => topic.tagIds.includes(tag.id))
    .sort((a, b) => b.bumpedAt.getTime() - a.bumpedAt.getTime() || b.id - a.id);

  const start = options.page * TOPICS_PER_PAGE;
  const page = topics.slice(start, start + TOPICS_PER_PAGE);

  const topicList: Record<string, unknown> = {
    can_create_topic: options.viewer !== null,
    draft: null,
    draft_key: 'new_topic',
    draft_sequence: options.viewer ? 0 : null,
    per_page: TOPICS_PER_PAGE,
    tags: [{ id: tag.id, name: tag.name, topic_count: topics.length, staff: false }],
    topics: page.map((topic) => topicListItem(state, topic, options.tagShape)),
  };
  if (page.length === TOPICS_PER_PAGE) {
    topicList.more_topics_url = `/tag/${encodeURIComponent(tag.name)}?page=${options.page + 1}`;
  }

  return {
    users: listUsers(state, page),
    primary_groups: [],
    topic_list: topicList,
  };
}

/** Topics a list may show: visible to the viewer, not deleted, not private messages, unlisted ones for staff only. */
export function listableTopics(state: ForumState, viewer: SimUser | null): SimTopic[] {
  const guardian = new Guardian(state, viewer);
  return [...state.topics.values()].filter(
    (topic) =>
      topic.archetype === 'regular' &&
      topic.deletedAt === null &&
      (topic.visible || guardian.isStaff) &&
      guardian.canSeeTopic(topic),
  );
}

/** `TopicListItemSerializer` fields for an anonymous or untracked reader. */
export function topicListItem(state: ForumState, topic: SimTopic, tagShape: TagShape): Record<string, unknown> {
  return {
    id: topic.id,
    title: topic.title,
    fancy_title: fancyTitle(topic.title),
    slug: topic.slug,
    posts_count: state.postsCount(topic),
    reply_count: state.replyCount(topic),
    highest_post_number: state.highestPostNumber(topic),
    image_url: null,
    created_at: topic.createdAt.toISOString(),
    last_posted_at: state.lastPostedAt(topic)?.toISOString() ?? null,
    bumped: topic.bumpedAt.getTime() !== topic.createdAt.getTime(),
    bumped_at: topic.bumpedAt.toISOString(),
    archetype: topic.archetype,
    unseen: false,
    pinned: topic.pinnedAt !== null,
    unpinned: null,
    visible: topic.visible,
    closed: topic.closed,
    archived: topic.archived,
    bookmarked: null,
    liked: null,
    tags: serializeTopicTags(state, topic, tagShape),
    tags_descriptions: tagsDescriptions(state, topic),
    views: 0,
    like_count: 0,
    has_summary: false,
    last_poster_username: state.lastPoster(topic).username,
    category_id: topic.categoryId,
    pinned_globally: topic.pinnedGlobally,
    featured_link: null,
    posters: posters(state, topic),
  };
}

function posters(state: ForumState, topic: SimTopic): Record<string, unknown>[] {
  const lastPosterId = state.lastPoster(topic).id;

  if (lastPosterId === topic.userId) {
    return [{ extras: 'latest single', description: 'Original Poster, Most Recent Poster', user_id: topic.userId, primary_group_id: null }];
  }

  const frequent = state
    .participantIds(topic)
    .filter((id) => id !== topic.userId && id !== lastPosterId)
    .slice(0, 3)
    .map((id) => ({ extras: null, description: 'Frequent Poster', user_id: id, primary_group_id: null }));

  return [
    { extras: null, description: 'Original Poster', user_id: topic.userId, primary_group_id: null },
    ...frequent,
    { extras: 'latest', description: 'Most Recent Poster', user_id: lastPosterId, primary_group_id: null },
  ];
}

function listUsers(state: ForumState, topics: SimTopic[]): Record<string, unknown>[] {
  const ids = new Set<number>();
  for (const topic of topics) {
    for (const poster of posters(state, topic)) ids.add(poster.user_id as number);
  }
  return [...ids].map((id) => basicUser(state.user(id)));
}
