import { POST_TYPES, type ForumState, type SimCategory, type SimPost, type SimTopic, type SimUser } from './state';

/*
 * Permission checks, a reduced `lib/guardian.rb`. `null` is an anonymous visitor. Category access
 * is granted to admins and to the category's allowed users (Discourse grants it through groups).
 */

/** How long a member may still delete their own topic after creating it (`can_delete_topic?`). */
const OWN_TOPIC_DELETE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function isStaff(user: SimUser | null | undefined): boolean {
  return !!user && (user.admin || user.moderator);
}

export class Guardian {
  constructor(
    private readonly state: ForumState,
    readonly user: SimUser | null,
  ) {}

  get isStaff(): boolean {
    return isStaff(this.user);
  }

  get isAdmin(): boolean {
    return !!this.user?.admin;
  }

  canSeeCategory(category: SimCategory | undefined | null): boolean {
    if (!category || !category.readRestricted) return true;
    if (!this.user) return false;
    return this.user.admin || category.allowedUserIds.has(this.user.id);
  }

  /** Topic visibility; deleted topics are visible to staff only. */
  canSeeTopic(topic: SimTopic | undefined): topic is SimTopic {
    if (!topic) return false;
    if (topic.deletedAt && !this.isStaff) return false;

    if (topic.archetype === 'private_message') {
      return !!this.user && (this.user.admin || topic.allowedUserIds.includes(this.user.id));
    }

    if (topic.categoryId === null) return true;
    return this.canSeeCategory(this.state.categories.get(topic.categoryId));
  }

  /** Post visibility: whispers and deleted posts are for staff (`whispers_allowed_groups` defaults to staff). */
  canSeePost(post: SimPost): boolean {
    if (!this.canSeeTopic(this.state.topics.get(post.topicId))) return false;
    if (post.postType === POST_TYPES.whisper && !this.isStaff) return false;
    if (post.deletedAt && !this.isStaff) return false;
    return true;
  }

  canCreateTopicIn(category: SimCategory | undefined): boolean {
    return !!this.user && this.canSeeCategory(category);
  }

  /** Replying: the topic must be visible and live; closed or archived topics take staff replies only. */
  canCreatePostOn(topic: SimTopic | undefined): topic is SimTopic {
    if (!this.user || !this.canSeeTopic(topic) || topic.deletedAt) return false;
    if ((topic.closed || topic.archived) && !this.isStaff) return false;
    return true;
  }

  canCreateWhisper(): boolean {
    return this.isStaff;
  }

  canEditPost(post: SimPost): boolean {
    if (!this.user) return false;
    if (this.isStaff) return true;
    return post.userId === this.user.id && !post.userDeleted && post.deletedAt === null;
  }

  canEditTopic(topic: SimTopic | undefined): topic is SimTopic {
    if (!this.user || !topic) return false;
    if (this.isStaff) return true;
    return topic.userId === this.user.id && !topic.archived && topic.deletedAt === null;
  }

  /** Checks topic deletion: a member may delete their own topic only while it has no replies and is less than a day old. */
  canDeleteTopic(topic: SimTopic | undefined, now: Date): topic is SimTopic {
    if (!this.user || !topic || topic.deletedAt) return false;
    if (this.isStaff) return true;
    if (topic.userId !== this.user.id) return false;
    return this.state.postsCount(topic) <= 1 && now.getTime() - topic.createdAt.getTime() < OWN_TOPIC_DELETE_WINDOW_MS;
  }

  canDeletePost(post: SimPost, now: Date): boolean {
    if (!this.user || post.deletedAt) return false;
    if (post.postNumber === 1) return this.canDeleteTopic(this.state.topics.get(post.topicId), now);
    if (this.isStaff) return true;
    return post.userId === this.user.id && !post.userDeleted;
  }

  canRecoverPost(post: SimPost): boolean {
    if (!this.user) return false;
    if (this.isStaff) return post.deletedAt !== null || post.userDeleted;
    return post.userId === this.user.id && post.userDeleted;
  }

  canRecoverTopic(topic: SimTopic | undefined): topic is SimTopic {
    return !!topic && this.isStaff && topic.deletedAt !== null;
  }

  canChangeTopicStatus(topic: SimTopic | undefined): topic is SimTopic {
    return !!topic && this.isStaff;
  }
}
