import { inlineHtmlDiff, sideBySideHtmlDiff, sideBySideMarkdownDiff } from '../diff';
import { Guardian } from '../guardian';
import type { ForumState, SimPost, SimRevision, SimUser } from '../state';
import { escapeHtml } from '../text';

/*
 * `PostRevisionSerializer` (`app/serializers/post_revision_serializer.rb`). Revision n shows the
 * change from version n-1 to version n. Each stored revision contains the changed fields' values
 * before the change, and a synthetic last revision contains the current values. Every missing
 * field is filled from the next revision that has it.
 */

/** Discourse reads at most the 99 latest revisions of a post. */
const MAX_REVISIONS = 99;

type RevisionRow = { revision: number; hidden: boolean } & Record<string, unknown>;

export function serializeRevision(
  state: ForumState,
  post: SimPost,
  revision: SimRevision,
  viewer: SimUser | null,
): Record<string, unknown> {
  const rows = revisionRows(state, post);
  const number = revision.number;

  const previous = rows.filter((row) => row.revision <= number).pop()!;
  const current = rows.find((row) => row.revision > number)!;

  const firstRevision = rows[0]!.revision;
  const lastRevision = rows.filter((row) => row.revision <= post.version).pop()!.revision;
  const previousRevision = rows.filter((row) => row.revision >= firstRevision && row.revision < number).pop()?.revision ?? null;
  const nextRevision = rows.find((row) => row.revision <= lastRevision && row.revision > number)?.revision ?? null;

  const editor = state.users.get(revision.userId) ?? state.systemUser;
  const guardian = new Guardian(state, viewer);

  const json: Record<string, unknown> = {
    created_at: revision.createdAt.toISOString(),
    post_id: post.id,
    previous_hidden: previous.hidden,
    current_hidden: current.hidden,
    first_revision: firstRevision,
    previous_revision: previousRevision,
    current_revision: number,
    next_revision: nextRevision,
    last_revision: lastRevision,
    current_version: rows.filter((row) => row.revision <= number).length + 1,
    version_count: rows.length,
    username: editor.username.toLowerCase(),
    display_username: editor.username,
    avatar_template: editor.avatarTemplate,
  };

  if (guardian.isStaff || current.revision === previous.revision + 1) json.edit_reason = current.edit_reason ?? null;

  json.body_changes = {
    inline: inlineHtmlDiff(String(previous.cooked ?? ''), String(current.cooked ?? '')),
    side_by_side: sideBySideHtmlDiff(String(previous.cooked ?? ''), String(current.cooked ?? '')),
    side_by_side_markdown: sideBySideMarkdownDiff(String(previous.raw ?? ''), String(current.raw ?? '')),
  };

  if (post.postNumber === 1) {
    const before = `<div>${escapeHtml(String(previous.title ?? ''))}</div>`;
    const after = `<div>${escapeHtml(String(current.title ?? ''))}</div>`;
    json.title_changes = { inline: inlineHtmlDiff(before, after), side_by_side: sideBySideHtmlDiff(before, after) };
  }

  if (previous.user_id !== current.user_id) json.user_changes = userChanges(state, previous.user_id, current.user_id);

  if (!sameValue(previous.tags, current.tags)) json.tags_changes = { previous: previous.tags, current: current.tags };

  if (previous.category_id !== current.category_id) {
    json.category_id_changes = {
      previous: visibleCategoryId(state, guardian, previous.category_id),
      current: visibleCategoryId(state, guardian, current.category_id),
    };
  }

  json.can_edit = guardian.canEditPost(post);

  if (previous.wiki !== current.wiki) json.wiki_changes = { previous: previous.wiki, current: current.wiki };
  if (previous.post_type !== current.post_type) json.post_type_changes = { previous: previous.post_type, current: current.post_type };

  return json;
}

function revisionRows(state: ForumState, post: SimPost): RevisionRow[] {
  const topic = state.topics.get(post.topicId)!;
  const stored = [...state.postRevisions(post.id)].sort((a, b) => a.number - b.number).slice(-MAX_REVISIONS);

  const latest: RevisionRow = {
    revision: (stored[stored.length - 1]?.number ?? 1) + 1,
    hidden: post.hidden,
    raw: post.raw,
    cooked: post.cooked,
    edit_reason: post.editReason,
    wiki: post.wiki,
    post_type: post.postType,
    user_id: post.userId,
    title: topic.title,
    category_id: topic.categoryId,
    tags: [...state.topicTagNames(topic)].sort(),
  };

  const rows: RevisionRow[] = stored.map((revision) => {
    const row: RevisionRow = { revision: revision.number, hidden: revision.hidden };
    for (const [field, [before]] of Object.entries(revision.modifications)) row[field] = before;
    return row;
  });
  rows.push(latest);

  for (let index = rows.length - 1; index >= 1; index--) {
    const later = rows[index]!;
    const earlier = rows[index - 1]!;
    for (const field of Object.keys(later)) {
      if (!(field in earlier)) earlier[field] = later[field];
    }
  }

  return rows;
}

function userChanges(state: ForumState, previousId: unknown, currentId: unknown): Record<string, unknown> {
  const describe = (id: unknown) => {
    const user = state.users.get(Number(id)) ?? state.systemUser;
    return { username: user.username.toLowerCase(), display_username: user.username, avatar_template: user.avatarTemplate };
  };
  return { previous: describe(previousId), current: describe(currentId) };
}

function visibleCategoryId(state: ForumState, guardian: Guardian, id: unknown): number | null {
  if (typeof id !== 'number') return null;
  const category = state.categories.get(id);
  return category && guardian.canSeeCategory(category) ? id : null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
