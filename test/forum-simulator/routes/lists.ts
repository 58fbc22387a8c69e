import { invalidAccess, notFound } from '../http/errors';
import { intParam } from '../http/params';
import { defineRoute, type Route } from '../http/router';
import { serializeCategory } from '../serializers/categories';
import { tagTopicList } from '../serializers/topic-list';
import { guardianFor, type RouteServices } from './services';

/*
 * `GET /tag/{name}.json` (`app/controllers/tags_controller.rb`, JSON requests are not redirected)
 * and `GET /c/{id}/show.json` (`app/controllers/categories_controller.rb`).
 */

export function listRoutes(services: RouteServices): Route[] {
  return [
    defineRoute('GET', '/tag/:name', 'tags#show', (context) => {
      const tag = services.state.tagByName(String(context.params.name));
      if (!tag) throw notFound();

      const page = Math.max(0, intParam(context.params.page) ?? 0);
      return { json: tagTopicList(services.state, tag, { viewer: context.auth.user, tagShape: services.tagShape(), page }) };
    }),

    defineRoute('GET', '/c/:id/show', 'categories#show', (context) => {
      const category = services.state.categories.get(Number(context.params.id));
      if (!category) throw notFound();
      if (!guardianFor(services, context).canSeeCategory(category)) throw invalidAccess();

      return { json: { category: serializeCategory(services.state, category, context.auth.user) } };
    }),
  ];
}
