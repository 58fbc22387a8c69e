import { countWords } from './text';

/*
 * The simulated forum's data: users, categories, tags, topics, posts and post revisions, kept in
 * memory. Field names follow Discourse's tables; derived counters (posts_count, last_posted_at,
 * word_count, ...) are computed from the posts on every read instead of being stored.
 */

/** `Post.types` in `app/models/post.rb`. */
export const POST_TYPES = { regular: 1, moderatorAction: 2, smallAction: 3, whisper: 4 } as const;

export type PostType = (typeof POST_TYPES)[keyof typeof POST_TYPES];

export type Archetype = 'regular' | 'private_message';

export interface SimUser {
  id: number;
  username: string;
  name: string | null;
  admin: boolean;
  moderator: boolean;
  trustLevel: number;
  active: boolean;
  suspended: boolean;
  createdAt: Date;
  avatarTemplate: string;
}

export interface SimCategory {
  id: number;
  name: string;
  slug: string;
  color: string;
  textColor: string;
  description: string | null;
  /** True when only admins and `allowedUserIds` may see the category (Discourse grants this through groups). */
  readRestricted: boolean;
  allowedUserIds: Set<number>;
  position: number;
  createdAt: Date;
}

export interface SimTag {
  id: number;
  name: string;
  /** Shown in `tags_descriptions`; Discourse cuts descriptions to 80 characters there. */
  description: string | null;
}

export interface SimTopic {
  id: number;
  title: string;
  slug: string;
  categoryId: number | null;
  archetype: Archetype;
  userId: number;
  tagIds: number[];
  createdAt: Date;
  updatedAt: Date;
  bumpedAt: Date;
  deletedAt: Date | null;
  deletedById: number | null;
  closed: boolean;
  archived: boolean;
  visible: boolean;
  pinnedAt: Date | null;
  pinnedGlobally: boolean;
  /** Users allowed in a private message, the author included. Empty for regular topics. */
  allowedUserIds: number[];
}

export interface SimPost {
  id: number;
  topicId: number;
  postNumber: number;
  userId: number;
  postType: PostType;
  raw: string;
  cooked: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** When the current version started; edits by the author inside the grace period keep the version. */
  lastVersionAt: Date;
  deletedAt: Date | null;
  deletedById: number | null;
  userDeleted: boolean;
  editReason: string | null;
  replyToPostNumber: number | null;
  actionCode: string | null;
  wiki: boolean;
  hidden: boolean;
}

/**
 * A `post_revisions` row. Revision `number` contains the change into version `number`, each
 * modification as `[before, after]` (`app/models/post_revision.rb`).
 */
export interface SimRevision {
  id: number;
  postId: number;
  number: number;
  userId: number;
  createdAt: Date;
  modifications: Record<string, [unknown, unknown]>;
  hidden: boolean;
}

/** The id Discourse gives its built-in `system` user. */
export const SYSTEM_USER_ID = -1;

/** The `Uncategorized` category every Discourse site has; topics created without a category go there. */
export const UNCATEGORIZED_CATEGORY_ID = 1;

const LETTER_AVATAR_COLOURS = ['e47774', '8c91ba', 'b5a626', '4fb3c5', 'a87137', '3ab54a', 'dc8a58', '9e5fa1'];

/** Returns a letter avatar URL template like the ones Discourse serves for users without an upload. */
export function letterAvatarTemplate(username: string): string {
  let hash = 0;
  for (const char of username) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const colour = LETTER_AVATAR_COLOURS[hash % LETTER_AVATAR_COLOURS.length]!;
  const letter = username.charAt(0).toLowerCase();
  return `/letter_avatar_proxy/v4/letter/${letter}/${colour}/{size}.png`;
}

type IdKind = 'user' | 'category' | 'tag' | 'topic' | 'post' | 'revision';

export class ForumState {
  readonly users = new Map<number, SimUser>();
  readonly categories = new Map<number, SimCategory>();
  readonly tags = new Map<number, SimTag>();
  readonly topics = new Map<number, SimTopic>();
  readonly posts = new Map<number, SimPost>();
  readonly revisions = new Map<number, SimRevision[]>();

  private readonly usersByName = new Map<string, SimUser>();
  /** Posts of each topic in post-number order; post numbers only grow, so appending keeps the order. */
  private readonly postsByTopic = new Map<number, SimPost[]>();
  private readonly tagsByName = new Map<string, SimTag>();
  private readonly nextIds: Record<IdKind, number> = { user: 1, category: 1, tag: 1, topic: 1, post: 1, revision: 1 };

  nextId(kind: IdKind): number {
    return this.nextIds[kind]++;
  }

  addUser(user: SimUser): SimUser {
    this.users.set(user.id, user);
    this.usersByName.set(user.username.toLowerCase(), user);
    return user;
  }

  userByName(username: string): SimUser | undefined {
    return this.usersByName.get(username.toLowerCase());
  }

  user(id: number): SimUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`user ${id} does not exist in the simulator`);
    return user;
  }

  get systemUser(): SimUser {
    return this.user(SYSTEM_USER_ID);
  }

  addTag(tag: SimTag): SimTag {
    this.tags.set(tag.id, tag);
    this.tagsByName.set(tag.name, tag);
    return tag;
  }

  tagByName(name: string): SimTag | undefined {
    return this.tagsByName.get(name.toLowerCase());
  }

  topicTags(topic: SimTopic): SimTag[] {
    return topic.tagIds.map((id) => this.tags.get(id)).filter((tag): tag is SimTag => tag !== undefined);
  }

  topicTagNames(topic: SimTopic): string[] {
    return this.topicTags(topic).map((tag) => tag.name);
  }

  addPost(post: SimPost): SimPost {
    this.posts.set(post.id, post);
    const list = this.postsByTopic.get(post.topicId) ?? [];
    list.push(post);
    this.postsByTopic.set(post.topicId, list);
    return post;
  }

  /** Returns every post of the topic in post-number order, deleted ones and whispers included. */
  topicPosts(topicId: number): SimPost[] {
    return [...(this.postsByTopic.get(topicId) ?? [])];
  }

  firstPost(topic: SimTopic): SimPost {
    const first = this.topicPosts(topic.id)[0];
    if (!first) throw new Error(`topic ${topic.id} has no first post`);
    return first;
  }

  postByNumber(topicId: number, postNumber: number): SimPost | undefined {
    return this.topicPosts(topicId).find((post) => post.postNumber === postNumber);
  }

  /** Posts that count for the public topic statistics: not deleted and not whispers. */
  publicPosts(topicId: number): SimPost[] {
    return this.topicPosts(topicId).filter((post) => post.deletedAt === null && post.postType !== POST_TYPES.whisper);
  }

  /** `topics.posts_count`: posts that are neither deleted nor whispers. */
  postsCount(topic: SimTopic): number {
    return this.publicPosts(topic.id).length;
  }

  highestPostNumber(topic: SimTopic): number {
    return Math.max(0, ...this.publicPosts(topic.id).map((post) => post.postNumber));
  }

  /** `highest_staff_post_number`: whispers included, as staff see it. */
  highestStaffPostNumber(topic: SimTopic): number {
    const live = this.topicPosts(topic.id).filter((post) => post.deletedAt === null);
    return Math.max(0, ...live.map((post) => post.postNumber));
  }

  lastPublicPost(topic: SimTopic): SimPost | undefined {
    const posts = this.publicPosts(topic.id);
    return posts[posts.length - 1];
  }

  lastPostedAt(topic: SimTopic): Date | null {
    return this.lastPublicPost(topic)?.createdAt ?? null;
  }

  lastPoster(topic: SimTopic): SimUser {
    const last = this.lastPublicPost(topic);
    return this.user(last ? last.userId : topic.userId);
  }

  /**
   * `topics.reply_count`: regular posts after the first by users other than the topic's author.
   * NOTE: derived from the recorded example payloads; Discourse's exact counting query is unverified.
   */
  replyCount(topic: SimTopic): number {
    return this.publicPosts(topic.id).filter(
      (post) => post.postNumber > 1 && post.postType === POST_TYPES.regular && post.userId !== topic.userId,
    ).length;
  }

  wordCount(topic: SimTopic): number {
    return this.publicPosts(topic.id).reduce((sum, post) => sum + countWords(post.raw), 0);
  }

  participantIds(topic: SimTopic): number[] {
    const ids: number[] = [];
    for (const post of this.publicPosts(topic.id)) {
      if (post.postType === POST_TYPES.regular && !ids.includes(post.userId)) ids.push(post.userId);
    }
    return ids;
  }

  postRevisions(postId: number): SimRevision[] {
    return this.revisions.get(postId) ?? [];
  }

  addRevision(revision: SimRevision): void {
    const list = this.revisions.get(revision.postId) ?? [];
    list.push(revision);
    this.revisions.set(revision.postId, list);
  }
}
