import type { ForumContext } from './forum-context';
import { ForumValidationError } from './forum-errors';
import { isStaff } from './guardian';
import { POST_TYPES, type SimPost, type SimRevision, type SimTopic, type SimUser } from './state';
import { ensureTags } from './tags';
import { cook, slugify } from './text';
import { rawErrors, tagErrors, titleErrors } from './validation';

/*
 * Edits posts and the topic fields of post #1 the way `lib/post_revisor.rb` does. An edit creates a
 * new version and a `post_revisions` row unless the author edits again inside the grace period.
 * It then sends `topic_edited` when post #1 carried a topic field and `post_edited` otherwise, and
 * nothing when the topic is deleted (`config/initializers/012-web_hook_events.rb`).
 */

export interface RevisionChanges {
  raw?: string;
  /** `undefined` leaves the reason alone; `null` clears it. */
  editReason?: string | null;
  /** Topic fields; only applied when the post is post #1. */
  title?: string;
  categoryId?: number;
  tagNames?: string[];
}

export interface RevisionOptions {
  skipValidations?: boolean;
  /** `validate_post: false` skips the post's length checks but not the title's (`TopicsController#update`). */
  validatePost?: boolean;
  forceNewVersion?: boolean;
  bypassBump?: boolean;
}

/** Returns false when nothing was revised, so no event fired. */
export function revisePost(
  ctx: ForumContext,
  editor: SimUser,
  post: SimPost,
  changes: RevisionChanges,
  options: RevisionOptions = {},
): boolean {
  const { state } = ctx;
  const topic = state.topics.get(post.topicId)!;
  const isFirst = post.postNumber === 1;

  const topicFields = isFirst ? pickTopicFields(changes) : {};
  const topicChanged = Object.keys(topicFields).length > 0;
  const rawChanged = changes.raw !== undefined && changes.raw !== post.raw;
  const reasonChanged = changes.editReason !== undefined && changes.editReason !== post.editReason;
  if (!rawChanged && !reasonChanged && !topicChanged) return false;

  validateRevision(ctx, post, topic, changes, topicFields, options);

  const modifications = collectModifications(ctx, post, topic, changes, topicFields);
  const now = ctx.now();
  const newVersion = Object.keys(modifications).length > 0 && shouldCreateNewVersion(ctx, editor, post, changes, options, now);

  applyPostChanges(post, changes, rawChanged, newVersion, now);
  applyTopicChanges(ctx, topic, topicFields, now);

  if (newVersion) {
    post.version += 1;
    post.lastVersionAt = now;
    state.addRevision({
      id: state.nextId('revision'),
      postId: post.id,
      number: post.version,
      userId: editor.id,
      createdAt: now,
      modifications,
      hidden: false,
    });
    if (rawChanged && !options.bypassBump) bumpIfLastPost(ctx, topic, post, now);
  } else if (Object.keys(modifications).length > 0) {
    mergeIntoLatestRevision(state.postRevisions(post.id), modifications);
  }

  if (topic.deletedAt === null) {
    if (isFirst && topicChanged) ctx.emit({ kind: 'topic', name: 'topic_edited', topic });
    else ctx.emit({ kind: 'post', name: 'post_edited', post });
  }
  return true;
}

type TopicFields = Pick<RevisionChanges, 'title' | 'categoryId' | 'tagNames'>;

function pickTopicFields(changes: RevisionChanges): TopicFields {
  const fields: TopicFields = {};
  if (changes.title !== undefined) fields.title = changes.title;
  if (changes.categoryId !== undefined) fields.categoryId = changes.categoryId;
  if (changes.tagNames !== undefined) fields.tagNames = changes.tagNames;
  return fields;
}

function validateRevision(
  ctx: ForumContext,
  post: SimPost,
  topic: SimTopic,
  changes: RevisionChanges,
  topicFields: TopicFields,
  options: RevisionOptions,
): void {
  if (options.skipValidations) return;

  const errors: string[] = [];
  if (topicFields.title !== undefined) errors.push(...titleErrors(ctx, topicFields.title, topic.archetype, topic.id));
  if (topicFields.tagNames !== undefined) errors.push(...tagErrors(ctx, topicFields.tagNames));

  const checkRaw = changes.raw !== undefined && options.validatePost !== false && post.postType !== POST_TYPES.smallAction;
  if (checkRaw) errors.push(...rawErrors(ctx, changes.raw, { firstPost: post.postNumber === 1, archetype: topic.archetype }));

  if (errors.length > 0) throw new ForumValidationError(errors);
}

/** Builds the `[before, after]` pairs stored in the revision; tags are stored as sorted names. */
function collectModifications(
  ctx: ForumContext,
  post: SimPost,
  topic: SimTopic,
  changes: RevisionChanges,
  topicFields: TopicFields,
): Record<string, [unknown, unknown]> {
  const modifications: Record<string, [unknown, unknown]> = {};

  if (changes.raw !== undefined && changes.raw !== post.raw) {
    modifications.raw = [post.raw, changes.raw];
    modifications.cooked = [post.cooked, cook(changes.raw)];
  }
  if (changes.editReason !== undefined && changes.editReason !== post.editReason) {
    modifications.edit_reason = [post.editReason, changes.editReason];
  }

  const title = topicFields.title?.trim();
  if (title !== undefined && title !== topic.title) modifications.title = [topic.title, title];

  if (topicFields.categoryId !== undefined && topicFields.categoryId !== topic.categoryId) {
    modifications.category_id = [topic.categoryId, topicFields.categoryId];
  }

  if (topicFields.tagNames !== undefined) {
    const before = [...ctx.state.topicTagNames(topic)].sort();
    const after = [...topicFields.tagNames].sort();
    if (before.join('\n') !== after.join('\n')) modifications.tags = [before, after];
  }

  return modifications;
}

/**
 * `PostRevisor#should_create_new_version?`: another editor, a forced version, an edit reason, or
 * an edit outside the grace period or beyond its diff limit. The diff size is estimated as the
 * length of the changed middle once the common prefix and suffix are removed.
 */
function shouldCreateNewVersion(
  ctx: ForumContext,
  editor: SimUser,
  post: SimPost,
  changes: RevisionChanges,
  options: RevisionOptions,
  now: Date,
): boolean {
  if (options.forceNewVersion || editor.id !== post.userId) return true;
  if (changes.editReason) return true;

  const { settings } = ctx;
  const sinceVersionSeconds = (now.getTime() - post.lastVersionAt.getTime()) / 1000;
  if (sinceVersionSeconds > settings.editingGracePeriodSeconds) return true;

  if (changes.raw !== undefined) {
    const highTrust = isStaff(editor) || editor.trustLevel > 1;
    const maxDiff = highTrust ? settings.editingGracePeriodMaxDiffHighTrust : settings.editingGracePeriodMaxDiff;
    if (changedLength(post.raw, changes.raw) > maxDiff) return true;
  }

  return false;
}

function changedLength(before: string, after: string): number {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;

  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  ) {
    end++;
  }

  return Math.max(before.length - start - end, after.length - start - end);
}

function applyPostChanges(post: SimPost, changes: RevisionChanges, rawChanged: boolean, newVersion: boolean, now: Date): void {
  if (rawChanged) {
    post.raw = changes.raw!;
    post.cooked = cook(post.raw);
  }

  // A new version without a reason clears the previous version's reason.
  if (changes.editReason !== undefined) post.editReason = changes.editReason;
  else if (newVersion) post.editReason = null;

  post.updatedAt = now;
}

function applyTopicChanges(ctx: ForumContext, topic: SimTopic, fields: TopicFields, now: Date): void {
  if (Object.keys(fields).length === 0) return;

  if (fields.title !== undefined) {
    topic.title = fields.title.trim();
    topic.slug = slugify(topic.title);
  }
  if (fields.categoryId !== undefined) topic.categoryId = fields.categoryId;
  if (fields.tagNames !== undefined) topic.tagIds = ensureTags(ctx, fields.tagNames).map((tag) => tag.id);

  topic.updatedAt = now;
}

/** Editing the last post bumps the topic (`PostRevisor#bump_topic`); whispers never bump. */
function bumpIfLastPost(ctx: ForumContext, topic: SimTopic, post: SimPost, now: Date): void {
  if (post.postType === POST_TYPES.whisper) return;
  if (ctx.state.lastPublicPost(topic)?.id === post.id) topic.bumpedAt = now;
}

/** Inside the grace period the latest revision absorbs the edit, keeping its original `before` values. */
function mergeIntoLatestRevision(revisions: SimRevision[], modifications: Record<string, [unknown, unknown]>): void {
  const latest = revisions[revisions.length - 1];
  if (!latest) return;

  for (const [field, [before, after]] of Object.entries(modifications)) {
    const existing = latest.modifications[field];
    latest.modifications[field] = existing ? [existing[0], after] : [before, after];
  }
}
