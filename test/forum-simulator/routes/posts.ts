import { ForumValidationError } from '../forum-errors';
import { invalidAccess, invalidParameters, jsonErrors, notFound } from '../http/errors';
import { intParam, stringParam, type Params } from '../http/params';
import { defineRoute, type RequestContext, type Route, type RouteResponse } from '../http/router';
import { createPost, type CreatePostInput } from '../post-creator';
import { destroyPost, recoverPost } from '../post-destroyer';
import { PostMemo, type MemoizedResult } from '../post-memo';
import { revisePost, type RevisionChanges } from '../post-revisor';
import { serializePost } from '../serializers/posts';
import { serializeRevision } from '../serializers/revisions';
import { POST_TYPES, type SimUser } from '../state';
import { tagNamesFromParam } from '../validation';
import { EDIT_CONFLICT_MESSAGE } from './topics';
import { findPost, guardianFor, requireUser, type RouteServices } from './services';

/*
 * Post endpoints of `app/controllers/posts_controller.rb`.
 */

/**
 * Parameters `PostsController#create_params` passes on, in the order Rails permits them; only these
 * take part in the duplicate-POST signature.
 */
const CREATE_PARAMS = [
  'raw',
  'topic_id',
  'archetype',
  'category',
  'target_recipients',
  'reply_to_post_number',
  'auto_track',
  'visible',
  'draft_key',
  'skip_validations',
  'import_mode',
  'embed_url',
  'created_at',
  'external_id',
  'title',
  'category_id',
  'tags',
  'featured_link',
];

export function postRoutes(services: RouteServices): Route[] {
  return [
    defineRoute('POST', '/posts', 'posts#create', (context) => create(services, context)),
    defineRoute('GET', '/posts/:id/revisions/latest', 'posts#latest_revision', (context) => showRevision(services, context, 'latest')),
    defineRoute('GET', '/posts/:id/revisions/:revision', 'posts#revisions', (context) =>
      showRevision(services, context, Number(context.params.revision)),
    ),
    defineRoute('PUT', '/posts/:id/recover', 'posts#recover', (context) => recover(services, context)),
    defineRoute('GET', '/posts/:id', 'posts#show', (context) => show(services, context)),
    defineRoute('PUT', '/posts/:id', 'posts#update', (context) => update(services, context)),
    defineRoute('DELETE', '/posts/:id', 'posts#destroy', (context) => destroy(services, context)),
  ];
}

/**
 * `POST /posts.json`. Success is 200 with the post at the top level (or `{action, post, success}`
 * with `nested_post`); validation failures are 422 `{action: "create_post", errors}`. Admin API
 * requests go through the 120-second duplicate memo.
 * `whisper` takes effect only as the string "true" (`params[:whisper] == "true"`), so a JSON
 * boolean `true` creates a regular post, as on Discourse.
 */
function create(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const { params } = context;
  const guardian = guardianFor(services, context);

  const whisper = params.whisper === 'true';
  if (whisper && !guardian.canCreateWhisper()) {
    throw invalidAccess('Either whispers are not enabled or you do not have access to create whisper posts');
  }

  const isApi = context.auth.via === 'api';
  const signature = PostMemo.signature(memoParams(context, whisper), user.id);
  const memoized = isApi ? services.postMemo.get(signature) : undefined;

  const result = memoized ?? performCreate(services, context, user, whisper, isApi);
  if (isApi && !memoized) services.postMemo.set(signature, result);

  if (result.errors) return { status: 422, json: { action: result.action, errors: result.errors } };
  if (params.nested_post !== undefined && params.nested_post !== '') return { json: result };
  return { json: result.post };
}

function memoParams(context: RequestContext, whisper: boolean): Params {
  const permitted: Params = {};
  for (const key of CREATE_PARAMS) {
    if (key in context.params) permitted[key] = context.params[key];
  }
  if (whisper) permitted.post_type = POST_TYPES.whisper;

  const header = (name: string) => {
    const value = context.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  permitted.ip_address = context.clientIp;
  permitted.user_agent = header('user-agent') ?? null;
  permitted.referrer = header('referer') ?? null;
  return permitted;
}

function performCreate(services: RouteServices, context: RequestContext, user: SimUser, whisper: boolean, isApi: boolean): MemoizedResult {
  const input = createInput(services, context.params, whisper, isApi);

  try {
    const { post } = createPost(services.forum, user, input);
    const json = serializePost(services.state, post, { view: 'create', viewer: user, now: services.now() });
    return { action: 'create_post', post: json, success: true };
  } catch (error) {
    if (error instanceof ForumValidationError) return { action: 'create_post', errors: error.errors };
    throw error;
  }
}

function createInput(services: RouteServices, params: Params, whisper: boolean, isApi: boolean): CreatePostInput {
  const input: CreatePostInput = { raw: stringParam(params.raw) ?? '' };

  const topicId = intParam(params.topic_id);
  if (params.topic_id !== undefined && params.topic_id !== '') {
    if (topicId === undefined) throw invalidParameters('topic_id');
    input.topicId = topicId;
    input.replyToPostNumber = intParam(params.reply_to_post_number) ?? null;
    if (whisper) input.postType = POST_TYPES.whisper;
  } else {
    input.title = stringParam(params.title);
    if (params.archetype === 'private_message') {
      input.archetype = 'private_message';
      const recipients = stringParam(params.target_recipients) ?? stringParam(params.target_usernames) ?? '';
      input.targetUsernames = recipients.split(',');
    } else if (params.category !== undefined && params.category !== '') {
      const categoryId = intParam(params.category);
      if (categoryId === undefined) throw invalidParameters('category');
      input.categoryId = categoryId;
    }
    if (params.tags !== undefined) input.tagNames = tagNamesFromParam(services.forum, params.tags);
  }

  if (isApi) {
    input.skipValidations = String(params.skip_validations) === 'true';
    const createdAt = stringParam(params.created_at);
    if (createdAt) {
      const date = new Date(createdAt);
      if (Number.isNaN(date.getTime())) throw invalidParameters('created_at');
      input.createdAt = date;
    }
  }

  return input;
}

/** `GET /posts/{id}.json`: the post with `raw`; 403 when its topic is hidden from the caller. */
function show(services: RouteServices, context: RequestContext): RouteResponse {
  const post = findPost(services, context, Number(context.params.id));
  if (!guardianFor(services, context).canSeePost(post)) throw invalidAccess();

  return { json: serializePost(services.state, post, { view: 'show', viewer: context.auth.user, now: services.now() }) };
}

/**
 * `PUT /posts/{id}.json` with `{post: {raw, edit_reason}}`; for post #1 also top-level `title` and
 * `post[category_id]`, which make the edit a topic edit.
 */
function update(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const fields = context.params.post;
  if (!fields || typeof fields !== 'object') throw invalidParameters('post');
  const postParams = fields as Params;

  const post = findPost(services, context, Number(context.params.id));
  const guardian = guardianFor(services, context);
  if (!guardian.canSeePost(post) || !guardian.canEditPost(post)) throw invalidAccess();

  const originalText = stringParam(postParams.original_text) ?? stringParam(postParams.raw_old);
  if (originalText && originalText !== post.raw) throw jsonErrors([EDIT_CONFLICT_MESSAGE], 409);

  const changes: RevisionChanges = { editReason: stringParam(postParams.edit_reason) ?? null };
  const raw = stringParam(postParams.raw);
  if (raw !== undefined) changes.raw = raw;

  if (post.postNumber === 1) {
    const title = stringParam(context.params.title);
    if (title !== undefined) changes.title = title;

    const categoryId = intParam(postParams.category_id);
    if (categoryId !== undefined && categoryId !== services.state.topics.get(post.topicId)!.categoryId) {
      const category = services.state.categories.get(categoryId);
      if (!category) throw jsonErrors(['Category not found']);
      if (!guardian.canCreateTopicIn(category)) throw invalidAccess();
      changes.categoryId = categoryId;
    }
  }

  // Staff edits of small-action posts skip validations.
  const skipValidations = post.postType === POST_TYPES.smallAction && guardian.isStaff;
  revisePost(services.forum, user, post, changes, { skipValidations });

  return { json: { post: serializePost(services.state, post, { view: 'update', viewer: user, now: services.now() }) } };
}

/** `DELETE /posts/{id}.json`: 200 with an empty body. */
function destroy(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const post = findPost(services, context, Number(context.params.id));
  const guardian = guardianFor(services, context);
  if (!guardian.canSeePost(post) || !guardian.canDeletePost(post, services.now())) throw invalidAccess();

  destroyPost(services.forum, user, post);
  return { json: null };
}

function recover(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const post = findPost(services, context, Number(context.params.id));
  if (!guardianFor(services, context).canRecoverPost(post)) throw invalidAccess();

  recoverPost(services.forum, user, post);
  return { json: serializePost(services.state, post, { view: 'show', viewer: user, now: services.now() }) };
}

/**
 * `GET /posts/{id}/revisions/{n}.json` (400 for n < 2) and `/revisions/latest.json`. A post
 * without that revision gets 404.
 */
function showRevision(services: RouteServices, context: RequestContext, requested: number | 'latest'): RouteResponse {
  if (requested !== 'latest' && requested < 2) throw invalidParameters('revision');

  const post = findPost(services, context, Number(context.params.id));
  const guardian = guardianFor(services, context);
  if (post.hidden && !guardian.isStaff) throw notFound();
  if (!guardian.canSeePost(post)) throw invalidAccess();

  const revisions = services.state.postRevisions(post.id);
  const revision = requested === 'latest' ? revisions[revisions.length - 1] : revisions.find((candidate) => candidate.number === requested);
  if (!revision) throw notFound();

  return { json: serializeRevision(services.state, post, revision, context.auth.user) };
}
