// Glue between Discourse and the widget elements: reads the theme settings and the current user.
// `settings` and `themePrefix` are injected into every theme module by Discourse.
import getURL from "discourse/lib/get-url";
import { i18n } from "discourse-i18n";
import { topicKindOf } from "./praxis-widgets";

/** Returns "experiment", "practice" or null from the topic's tags. */
export function praxisTopicKind(topic) {
  return topicKindOf(topic?.tags, {
    experimentTag: settings.experiment_tag,
    practiceTag: settings.practice_tag,
  });
}

/** Builds the `config` property every widget element takes. */
export function praxisConfig(currentUser) {
  return {
    // The sidecar's path is on the forum host, outside a subfolder install, so getURL is not applied.
    apiBase: settings.praxis_base_url,
    t: (key, values) => i18n(themePrefix(key), values),
    currentUser: currentUser
      ? {
          username: currentUser.username,
          staff: Boolean(currentUser.staff),
          admin: Boolean(currentUser.admin),
          moderator: Boolean(currentUser.moderator),
        }
      : null,
    loginUrl: getURL("/login"),
    forumPrefix: getURL("/").replace(/\/$/, ""),
    // The profile's zone, read the way core's own components read it; the browser's zone when unset.
    timeZone: currentUser?.user_option?.timezone || undefined,
    locale: document.documentElement.lang || undefined,
  };
}
