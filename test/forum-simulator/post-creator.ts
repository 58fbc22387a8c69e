import type { ForumContext } from './forum-context';
import { ForumAccessError, ForumParameterError, ForumValidationError } from './forum-errors';
import { Guardian } from './guardian';
import {
  POST_TYPES,
  UNCATEGORIZED_CATEGORY_ID,
  type Archetype,
  type PostType,
  type SimPost,
  type SimTopic,
  type SimUser,
} from './state';
import { cook, slugify } from './text';
import { ensureTags } from './tags';
import { rawErrors, tagErrors, titleErrors } from './validation';

/*
 * Creates topics, replies, whispers and small actions the way `lib/post_creator.rb` does, firing
 * `topic_created` (new topics only) and then `post_created`.
 */

/**
 * Shown when the topic to reply to is missing, hidden, closed or deleted (`topic_not_found`).
 * NOTE: wording taken from Discourse's English locale as remembered; unverified.
 */
export const TOPIC_NOT_FOUND_MESSAGE = 'Something has gone wrong. Perhaps this topic was closed or deleted while you were looking at it?';

export interface CreatePostInput {
  raw: string;
  /** Set for a reply; absent for a new topic or private message. */
  topicId?: number;
  title?: string;
  /** Absent or null puts a regular topic in Uncategorized. */
  categoryId?: number | null;
  tagNames?: string[];
  archetype?: Archetype;
  /** Recipients of a private message, besides the author. */
  targetUsernames?: string[];
  replyToPostNumber?: number | null;
  postType?: PostType;
  actionCode?: string | null;
  createdAt?: Date;
  /** Staff API callers may skip length validations (`skip_validations`). */
  skipValidations?: boolean;
  noBump?: boolean;
}

export interface CreatedPost {
  post: SimPost;
  topic: SimTopic;
  newTopic: boolean;
}

export function createPost(ctx: ForumContext, actor: SimUser, input: CreatePostInput): CreatedPost {
  if (input.topicId !== undefined) return createReply(ctx, actor, input.topicId, input);
  return createTopic(ctx, actor, input);
}

function createTopic(ctx: ForumContext, actor: SimUser, input: CreatePostInput): CreatedPost {
  const guardian = new Guardian(ctx.state, actor);
  const archetype = input.archetype ?? 'regular';
  const validate = !(input.skipValidations && guardian.isStaff);

  let categoryId: number | null = null;
  let allowedUserIds: number[] = [];

  if (archetype === 'private_message') {
    allowedUserIds = messageRecipients(ctx, actor, input.targetUsernames ?? []);
  } else {
    categoryId = input.categoryId ?? UNCATEGORIZED_CATEGORY_ID;
    const category = ctx.state.categories.get(categoryId);
    if (!category) throw new ForumParameterError('category');
    if (!guardian.canCreateTopicIn(category)) {
      throw new ForumAccessError(`${actor.username} may not create topics in category ${categoryId}`);
    }
  }

  // Private messages take tags only from staff (`pm_tags_allowed_for_groups`).
  const tagNames = archetype === 'private_message' && !guardian.isStaff ? [] : (input.tagNames ?? []);

  const topicErrors = validate ? [...titleErrors(ctx, input.title, archetype), ...tagErrors(ctx, tagNames)] : [];
  if (topicErrors.length > 0) throw new ForumValidationError(topicErrors);

  if (validate) {
    const postErrors = rawErrors(ctx, input.raw, { firstPost: true, archetype });
    if (postErrors.length > 0) throw new ForumValidationError(postErrors);
  }

  const createdAt = input.createdAt ?? ctx.now();
  const title = (input.title ?? '').trim();
  const topic: SimTopic = {
    id: ctx.state.nextId('topic'),
    title,
    slug: slugify(title),
    categoryId,
    archetype,
    userId: actor.id,
    tagIds: ensureTags(ctx, tagNames).map((tag) => tag.id),
    createdAt,
    updatedAt: createdAt,
    bumpedAt: createdAt,
    deletedAt: null,
    deletedById: null,
    closed: false,
    archived: false,
    visible: true,
    pinnedAt: null,
    pinnedGlobally: false,
    allowedUserIds,
  };
  ctx.state.topics.set(topic.id, topic);

  const post = insertPost(ctx, actor, topic, input, 1, createdAt);

  ctx.emit({ kind: 'topic', name: 'topic_created', topic });
  ctx.emit({ kind: 'post', name: 'post_created', post });
  return { post, topic, newTopic: true };
}

/** Returns the message's allowed user ids, author first, or throws for unknown recipients. */
function messageRecipients(ctx: ForumContext, actor: SimUser, usernames: string[]): number[] {
  const names = usernames.map((name) => name.trim()).filter(Boolean);

  // NOTE: wording of both errors (`no_user_selected`, `target_user_not_found`) is unverified.
  if (names.length === 0) throw new ForumValidationError(['You must select a valid user.']);

  const ids = [actor.id];
  for (const name of names) {
    const user = ctx.state.userByName(name);
    if (!user) throw new ForumValidationError([`The user ${name} could not be found.`]);
    if (!ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}

function createReply(ctx: ForumContext, actor: SimUser, topicId: number, input: CreatePostInput): CreatedPost {
  const guardian = new Guardian(ctx.state, actor);
  const topic = ctx.state.topics.get(topicId);
  if (!guardian.canCreatePostOn(topic)) throw new ForumValidationError([TOPIC_NOT_FOUND_MESSAGE]);

  const postType = input.postType ?? POST_TYPES.regular;
  if (postType === POST_TYPES.whisper && !guardian.canCreateWhisper()) {
    throw new ForumAccessError(`${actor.username} may not create whispers`, 'invalid_whisper_access');
  }

  const validate = postType !== POST_TYPES.smallAction && !(input.skipValidations && guardian.isStaff);
  if (validate) {
    const errors = rawErrors(ctx, input.raw, { firstPost: false, archetype: topic.archetype });
    if (errors.length > 0) throw new ForumValidationError(errors);
  }

  const createdAt = input.createdAt ?? ctx.now();
  const postNumber = Math.max(0, ...ctx.state.topicPosts(topic.id).map((post) => post.postNumber)) + 1;
  const post = insertPost(ctx, actor, topic, { ...input, postType }, postNumber, createdAt);

  topic.updatedAt = createdAt;
  const bumps = postType === POST_TYPES.regular || postType === POST_TYPES.moderatorAction;
  if (bumps && !input.noBump) topic.bumpedAt = createdAt;

  ctx.emit({ kind: 'post', name: 'post_created', post });
  return { post, topic, newTopic: false };
}

function insertPost(
  ctx: ForumContext,
  actor: SimUser,
  topic: SimTopic,
  input: CreatePostInput,
  postNumber: number,
  createdAt: Date,
): SimPost {
  const replyTo = input.replyToPostNumber ?? null;
  const replyTarget = replyTo !== null ? ctx.state.postByNumber(topic.id, replyTo) : undefined;

  const post: SimPost = {
    id: ctx.state.nextId('post'),
    topicId: topic.id,
    postNumber,
    userId: actor.id,
    postType: input.postType ?? POST_TYPES.regular,
    raw: input.raw,
    cooked: cook(input.raw),
    version: 1,
    createdAt,
    updatedAt: createdAt,
    lastVersionAt: createdAt,
    deletedAt: null,
    deletedById: null,
    userDeleted: false,
    editReason: null,
    replyToPostNumber: replyTarget ? replyTo : null,
    actionCode: input.actionCode ?? null,
    wiki: false,
    hidden: false,
  };
  return ctx.state.addPost(post);
}
