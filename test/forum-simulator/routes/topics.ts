import { invalidAccess, invalidParameters, jsonErrors, notFound } from '../http/errors';
import { booleanParam, intParam, stringParam } from '../http/params';
import { defineRoute, type RequestContext, type Route, type RouteResponse } from '../http/router';
import { destroyPost, recoverPost } from '../post-destroyer';
import { serializePost } from '../serializers/posts';
import { basicTopic, CHUNK_SIZE, topicView, visiblePosts } from '../serializers/topics';
import { updateTopicStatus } from '../topic-status';
import { updateTopic, type TopicUpdate } from '../topic-updater';
import { tagNamesFromParam } from '../validation';
import { guardianFor, requireUser, type RouteServices } from './services';

/*
 * Topic endpoints of `app/controllers/topics_controller.rb`.
 */

/**
 * `delete_topic_failed`, sent with 422 when a topic cannot be deleted.
 * NOTE: worded from memory of Discourse's English locale; unverified.
 */
const DELETE_TOPIC_FAILED = 'Failed to delete topic. Please contact the site administrator.';

/**
 * `edit_conflict`, sent with 409 when `original_title` or `original_tags` are stale.
 * NOTE: worded from memory of Discourse's English locale; unverified.
 */
export const EDIT_CONFLICT_MESSAGE = 'This post was edited by another user while you were editing it.';

export function topicRoutes(services: RouteServices): Route[] {
  return [
    defineRoute('GET', '/t/:topic_id/posts', 'topics#posts', (context) => showPosts(services, context)),
    defineRoute('PUT', '/t/:topic_id/tags', 'topics#update_tags', (context) => updateTags(services, context)),
    defineRoute('PUT', '/t/:topic_id/status', 'topics#status', (context) => updateStatus(services, context)),
    defineRoute('PUT', '/t/:topic_id/recover', 'topics#recover', (context) => recoverTopic(services, context)),
    defineRoute('GET', '/t/:id', 'topics#show', (context) => showTopic(services, context, null)),
    defineRoute('GET', '/t/:slug/:id', 'topics#show', (context) => showTopic(services, context, String(context.params.slug))),
    defineRoute('PUT', '/t/:slug/:topic_id', 'topics#update', (context) => update(services, context)),
    defineRoute('DELETE', '/t/:id', 'topics#destroy', (context) => destroyTopic(services, context)),
  ];
}

/**
 * `GET /t/{id}.json` and `/t/{slug}/{id}.json`. Topics the caller may not see get 404, as
 * Discourse does while `detailed_404` is off. A wrong slug redirects to the canonical URL.
 */
function showTopic(services: RouteServices, context: RequestContext, slug: string | null): RouteResponse {
  const topic = services.state.topics.get(Number(context.params.id));
  if (!guardianFor(services, context).canSeeTopic(topic)) throw notFound();

  if (slug !== null && slug !== topic.slug) {
    return { status: 301, json: null, headers: { Location: `/t/${topic.slug}/${topic.id}.json` } };
  }

  const page = Math.max(1, intParam(context.params.page) ?? 1);
  const visibleCount = visiblePosts(services.state, topic, context.auth.user).length;
  if (page > 1 && (page - 1) * CHUNK_SIZE >= visibleCount) {
    const lastPage = visibleCount > 0 ? Math.floor((visibleCount - 1) / CHUNK_SIZE) + 1 : 1;
    const query = lastPage > 1 ? `?page=${lastPage}` : '';
    return { status: 301, json: null, headers: { Location: `/t/${topic.slug}/${topic.id}.json${query}` } };
  }

  return {
    json: topicView(services.state, topic, {
      viewer: context.auth.user,
      tagShape: services.tagShape(),
      // `TopicViewPostsSerializer` tests `!!params[:include_raw]`, so any value turns it on.
      includeRaw: context.params.include_raw !== undefined,
      page,
      now: services.now(),
    }),
  };
}

/** `GET /t/{id}/posts.json?post_ids[]=…`; without ids it returns the first chunk. */
function showPosts(services: RouteServices, context: RequestContext): RouteResponse {
  const topic = services.state.topics.get(Number(context.params.topic_id));
  if (!guardianFor(services, context).canSeeTopic(topic)) throw notFound();

  let requested: unknown[] = [];
  if (Array.isArray(context.params.post_ids)) requested = context.params.post_ids;
  else if (context.params.post_ids !== undefined) requested = [context.params.post_ids];
  const ids = requested.map(intParam).filter((id): id is number => id !== undefined);

  const visible = visiblePosts(services.state, topic, context.auth.user);
  const posts = ids.length > 0 ? visible.filter((post) => ids.includes(post.id)) : visible.slice(0, CHUNK_SIZE);
  const options = {
    view: 'stream' as const,
    viewer: context.auth.user,
    includeRaw: context.params.include_raw !== undefined,
    now: services.now(),
  };

  return { json: { post_stream: { posts: posts.map((post) => serializePost(services.state, post, options)) }, id: topic.id } };
}

/** `PUT /t/{slug}/{id}.json` (`/t/-/{id}.json`): top-level `title`, `category_id`, `tags`. */
function update(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const topic = services.state.topics.get(Number(context.params.topic_id));
  if (!guardianFor(services, context).canEditTopic(topic)) throw invalidAccess();

  checkEditConflict(services, context, topic.id);

  const changes: TopicUpdate = {};
  const title = stringParam(context.params.title);
  if (title !== undefined) changes.title = title;

  if (context.params.category_id !== undefined && context.params.category_id !== null) {
    const categoryId = intParam(context.params.category_id);
    if (categoryId === undefined) throw invalidParameters('category_id');
    changes.categoryId = categoryId;
  }

  const tagsSubmitted = 'tags' in context.params;
  if (tagsSubmitted) changes.tagNames = tagNamesFromParam(services.forum, context.params.tags ?? []);

  updateTopic(services.forum, user, topic, changes);
  return { json: { basic_topic: basicTopic(services.state, topic, tagsSubmitted) } };
}

/** `PUT /t/{id}/tags.json`: only tags; a no-op submission revises nothing. */
function updateTags(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const topic = services.state.topics.get(Number(context.params.topic_id));
  if (!guardianFor(services, context).canEditTopic(topic)) throw invalidAccess();

  const tagNames = tagNamesFromParam(services.forum, context.params.tags ?? []);
  updateTopic(services.forum, user, topic, { tagNames });
  return { json: { basic_topic: basicTopic(services.state, topic, true) } };
}

/** 409 when `original_title` or `original_tags` no longer match the topic. */
function checkEditConflict(services: RouteServices, context: RequestContext, topicId: number): void {
  const topic = services.state.topics.get(topicId)!;

  const originalTitle = stringParam(context.params.original_title);
  if (originalTitle && originalTitle !== topic.title) throw jsonErrors([EDIT_CONFLICT_MESSAGE], 409);

  const originalTags = context.params.original_tags;
  if (Array.isArray(originalTags) && originalTags.length > 0) {
    const sent = originalTags.map((tag) => intParam((tag as { id?: unknown } | null)?.id)).sort();
    const current = [...topic.tagIds].sort();
    if (JSON.stringify(sent) !== JSON.stringify(current)) throw jsonErrors([EDIT_CONFLICT_MESSAGE], 409);
  }
}

/** `PUT /t/{id}/status.json` with `status` (closed, archived, visible, pinned, pinned_globally) and `enabled`. */
function updateStatus(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const status = stringParam(context.params.status);
  const enabled = booleanParam(context.params.enabled);
  if (!status) throw invalidParameters('status');
  if (enabled === undefined) throw invalidParameters('enabled');

  const topic = services.state.topics.get(Number(context.params.topic_id));
  if (!topic) throw invalidAccess();

  updateTopicStatus(services.forum, user, topic, status, enabled);
  return { json: { success: 'OK', topic_status_update: null } };
}

/** `DELETE /t/{id}.json`: 200 with an empty body, or 422 when the topic cannot be deleted. */
function destroyTopic(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const topic = services.state.topics.get(Number(context.params.id));
  if (!guardianFor(services, context).canDeleteTopic(topic, services.now())) throw jsonErrors([DELETE_TOPIC_FAILED]);

  destroyPost(services.forum, user, services.state.firstPost(topic));
  return { json: null };
}

function recoverTopic(services: RouteServices, context: RequestContext): RouteResponse {
  const user = requireUser(context);
  const topic = services.state.topics.get(Number(context.params.topic_id));
  if (!guardianFor(services, context).canRecoverTopic(topic)) throw invalidAccess();

  recoverPost(services.forum, user, services.state.firstPost(topic));
  return { json: null };
}
