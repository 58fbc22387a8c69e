import { USER_API_KEY_SCOPES } from '../auth';
import { jsonErrors } from '../http/errors';
import { stringParam } from '../http/params';
import { defineRoute, type RequestContext, type Route, type RouteResponse } from '../http/router';
import type { RouteServices } from './services';

/*
 * Endpoints that exist only in the simulator; Discourse has neither. `GET /__simulator/state.json` is
 * a read-only dump for demos and debugging (webhook secrets are not shown), and
 * `POST /__simulator/user-api-keys` hands out user API keys for demos.
 */

export function simulatorRoutes(services: RouteServices): Route[] {
  return [
    defineRoute('POST', '/__simulator/user-api-keys', 'simulator#user_api_key', (context) => createUserApiKey(services, context), {
      csrfExempt: true,
    }),

    defineRoute('GET', '/__simulator/state', 'simulator#state', () => {
      const { state } = services;
      return {
        json: {
          users: [...state.users.values()].map((user) => ({
            id: user.id,
            username: user.username,
            name: user.name,
            admin: user.admin,
            moderator: user.moderator,
            trust_level: user.trustLevel,
          })),
          categories: [...state.categories.values()].map((category) => ({
            id: category.id,
            name: category.name,
            slug: category.slug,
            read_restricted: category.readRestricted,
          })),
          topics: [...state.topics.values()].map((topic) => ({
            id: topic.id,
            title: topic.title,
            slug: topic.slug,
            archetype: topic.archetype,
            category_id: topic.categoryId,
            tags: state.topicTagNames(topic),
            created_by: state.user(topic.userId).username,
            deleted_at: topic.deletedAt?.toISOString() ?? null,
            closed: topic.closed,
            posts: state.topicPosts(topic.id).map((post) => ({
              id: post.id,
              post_number: post.postNumber,
              post_type: post.postType,
              username: state.user(post.userId).username,
              version: post.version,
              deleted_at: post.deletedAt?.toISOString() ?? null,
              user_deleted: post.userDeleted,
            })),
          })),
          webhooks: services.emitter.listWebhooks().map((webhook) => ({
            id: webhook.id,
            url: webhook.url,
            content_type: webhook.contentType,
            events: webhook.events,
            active: webhook.active,
            has_secret: webhook.secret !== null,
          })),
          deliveries: services.emitter.deliveries().map((record) => ({
            id: record.id,
            webhook_id: record.webhookId,
            event: record.event,
            status: record.status,
            duration_ms: record.durationMs,
            retry_count: record.retryCount,
            sent: record.sent,
            created_at: record.createdAt,
          })),
          admin_api: { ...services.authenticator.stats },
        },
      };
    }),
  ];
}

/** Scopes a demo user API key gets unless the request names others: enough to identify the user and read. */
const DEFAULT_USER_API_KEY_SCOPES = ['read', 'session_info'];

/**
 * `POST /__simulator/user-api-keys` with `username` and optional `scopes` (comma list): a user API key
 * for that member, as the approval step of Discourse's `/user-api-key/new` flow would grant it. Demo
 * only: it takes no password and skips the RSA-encrypted handover.
 */
function createUserApiKey(services: RouteServices, context: RequestContext): RouteResponse {
  const username = stringParam(context.params.username)?.trim() ?? '';
  const user = services.state.userByName(username);
  if (!user) throw jsonErrors([`no user named ${JSON.stringify(username)}; use a username listed at /login`], 404);

  const scopesText = stringParam(context.params.scopes);
  const scopes = scopesText ? scopesText.split(',').map((scope) => scope.trim()).filter(Boolean) : DEFAULT_USER_API_KEY_SCOPES;
  const unknown = scopes.filter((scope) => !USER_API_KEY_SCOPES.includes(scope));
  if (unknown.length > 0) {
    throw jsonErrors([`unknown scope ${unknown.join(', ')}; use a comma list of ${USER_API_KEY_SCOPES.join(', ')}`], 400);
  }

  const record = services.authenticator.createUserApiKey(user.id, scopes);
  return { json: { key: record.key, username: user.username, scopes } };
}
