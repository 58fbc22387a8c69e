import { readFile } from 'node:fs/promises';
import { BUNDLE_PATH } from '../../../theme-component/src/build/build-bundle';
import type { CurrentUser } from '../../../theme-component/src/widgets/config';
import { Guardian, isStaff } from '../guardian';
import { HttpError } from '../http/errors';
import { stringParam } from '../http/params';
import { PRAXIS_PATH_PREFIX } from '../http/praxis-proxy';
import { defineRoute, type RequestContext, type Route, type RouteResponse } from '../http/router';
import { fullDate, shortAge } from '../pages/page-dates';
import type { PaletteName } from '../pages/page-palettes';
import { renderTopicListPage, renderTopicPage, type PagePost, type PageTopic } from '../pages/topic-pages';
import { listableTopics, TOPICS_PER_PAGE } from '../serializers/topic-list';
import { CHUNK_SIZE, visiblePosts } from '../serializers/topics';
import { POST_TYPES, type ForumState, type SimPost, type SimTopic, type SimUser } from '../state';
import { escapeHtml } from '../text';
import type { RouteServices } from './services';

/*
 * HTML pages in place of Discourse's Ember app: a topic page and the latest-topics list, built
 * from the simulator's topics and posts for the signed-in reader, with the Praxis theme
 * component's widgets mounted as its initializer mounts them (see `pages/topic-pages.ts`). The
 * widgets call the sidecar at `/praxis`, the same-origin path the `praxisUrl` option proxies.
 *
 * Query parameters a page honours:
 * - `palette=dark` or `palette=light` picks the colour scheme and keeps it in a cookie.
 * - `mobile_view=1`, `0` or `auto` picks the mobile or desktop layout, as on Discourse
 *   (`lib/mobile_detection.rb`). Without a choice a User-Agent with `Mobile` and without `iPad`
 *   gets the mobile layout. Discourse keeps the choice in its session and the simulator in a cookie.
 */

/** Where pages load the theme's widget bundle from. */
export const WIDGET_BUNDLE_URL = '/theme/praxis-widgets.js';

/** The sidecar base URL the widgets call: the proxied path, without its trailing slash. */
const SIDECAR_BASE = PRAXIS_PATH_PREFIX.replace(/\/$/, '');

const PALETTE_COOKIE = 'simulator_palette';
const MOBILE_VIEW_COOKIE = 'mobile_view';
const PALETTES: readonly PaletteName[] = ['light', 'dark'];

/**
 * Small-action texts of Discourse's English client locale (`js.action_codes`), without the time.
 * NOTE: worded from memory of that locale; unverified. Other codes are shown as they are.
 */
const SMALL_ACTION_TEXTS: Record<string, string> = {
  'closed.enabled': 'closed',
  'closed.disabled': 'opened',
  'archived.enabled': 'archived',
  'archived.disabled': 'unarchived',
  'pinned.enabled': 'pinned',
  'pinned.disabled': 'unpinned',
  'pinned_globally.enabled': 'pinned globally',
  'pinned_globally.disabled': 'unpinned',
  'visible.enabled': 'listed',
  'visible.disabled': 'unlisted',
};

interface PageChoices {
  palette: PaletteName;
  mobile: boolean;
}

export function pageRoutes(services: RouteServices): Route[] {
  const page = { format: 'page' as const };
  return [
    defineRoute('GET', WIDGET_BUNDLE_URL, 'theme#javascript', () => serveBundle(), { format: 'html' }),
    defineRoute('GET', '/', 'list#latest', (context) => showLatest(services, context), page),
    defineRoute('GET', '/latest', 'list#latest', (context) => showLatest(services, context), page),
    defineRoute('GET', '/t/:id', 'topics#show', (context) => showTopic(services, context, null), page),
    defineRoute('GET', '/t/:slug/:id', 'topics#show', (context) => showTopic(services, context, String(context.params.slug)), page),
    defineRoute('GET', '/t/:slug/:id/:post_number', 'topics#show', (context) => showTopic(services, context, String(context.params.slug)), page),
  ];
}

/** Reads the bundle on every request, so a rebuild shows on the next page load. */
async function serveBundle(): Promise<RouteResponse> {
  const source = await readFile(BUNDLE_PATH, 'utf8');
  return { text: source, headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' } };
}

/**
 * Serves a topic page with its first 20 visible posts (the first chunk Discourse loads; the simulator has
 * no infinite scroll). A wrong slug redirects to the topic's own URL.
 * NOTE: Discourse also redirects `/t/{id}` to the slug URL (`app/controllers/topics_controller.rb`);
 * the simulator serves the page there directly.
 */
function showTopic(services: RouteServices, context: RequestContext, slug: string | null): RouteResponse {
  const { state } = services;
  const choices = readPageChoices(context);
  const viewer = context.auth.user;
  const topic = state.topics.get(Number(context.params.id));
  if (!new Guardian(state, viewer).canSeeTopic(topic)) return notFoundPage();

  const path = `/t/${topic.slug}/${topic.id}`;
  if (slug !== null && slug !== topic.slug) {
    const postNumber = context.params.post_number === undefined ? '' : `/${String(context.params.post_number)}`;
    return { status: 301, html: '', headers: { Location: path + postNumber } };
  }

  const now = services.now();
  const posts = visiblePosts(state, topic, viewer)
    .slice(0, CHUNK_SIZE)
    .map((post) => pagePost(state, post, now));

  const html = renderTopicPage({
    topic: pageTopic(state, topic),
    posts,
    ...choices,
    bundleUrl: WIDGET_BUNDLE_URL,
    sidecarBase: SIDECAR_BASE,
    currentUser: widgetUser(viewer),
    loginPath: loginPath(path),
  });
  return { html };
}

/** Serves the latest topics the reader may see, most recently bumped first, with the recent-changes list beside them. */
function showLatest(services: RouteServices, context: RequestContext): RouteResponse {
  const { state } = services;
  const choices = readPageChoices(context);
  const viewer = context.auth.user;

  const topics = listableTopics(state, viewer)
    .sort((a, b) => b.bumpedAt.getTime() - a.bumpedAt.getTime() || b.id - a.id)
    .slice(0, TOPICS_PER_PAGE)
    .map((topic) => pageTopic(state, topic));

  const html = renderTopicListPage({
    topics,
    ...choices,
    bundleUrl: WIDGET_BUNDLE_URL,
    sidecarBase: SIDECAR_BASE,
    currentUser: widgetUser(viewer),
    loginPath: loginPath(context.path),
  });
  return { html };
}

function pageTopic(state: ForumState, topic: SimTopic): PageTopic {
  return { id: topic.id, title: topic.title, slug: topic.slug, tags: state.topicTagNames(topic) };
}

function pagePost(state: ForumState, post: SimPost, now: Date): PagePost {
  const page: PagePost = {
    postNumber: post.postNumber,
    username: state.user(post.userId).username,
    cooked: post.cooked,
    date: shortAge(post.createdAt, now),
    dateTitle: fullDate(post.createdAt),
  };

  if (post.postType === POST_TYPES.whisper) page.kind = 'whisper';
  if (post.postType === POST_TYPES.smallAction) {
    page.kind = 'small-action';
    const code = post.actionCode ?? '';
    page.cooked = escapeHtml(SMALL_ACTION_TEXTS[code] ?? code);
  }
  return page;
}

/** Returns the reader in the shape the theme's `praxisConfig` builds from Discourse's `currentUser`. */
function widgetUser(user: SimUser | null): CurrentUser | null {
  if (!user) return null;
  return { username: user.username, staff: isStaff(user), admin: user.admin, moderator: user.moderator };
}

function loginPath(returnTo: string): string {
  return `/login?return_to=${encodeURIComponent(returnTo)}`;
}

/**
 * Reads `palette` and `mobile_view` from the query, or from the cookies an earlier choice set,
 * and queues a cookie for a new choice. An unknown value is rejected with 400.
 */
function readPageChoices(context: RequestContext): PageChoices {
  const paletteParam = stringParam(context.params.palette);
  let palette: PaletteName = context.cookies[PALETTE_COOKIE] === 'dark' ? 'dark' : 'light';
  if (paletteParam !== undefined) {
    if (!PALETTES.includes(paletteParam as PaletteName)) {
      throw badChoice(`palette ${JSON.stringify(paletteParam)} is unknown; use palette=light or palette=dark`);
    }
    palette = paletteParam as PaletteName;
    context.setCookies.push(`${PALETTE_COOKIE}=${palette}; path=/; SameSite=Lax`);
  }

  const mobileParam = stringParam(context.params.mobile_view);
  let mobileView = context.cookies[MOBILE_VIEW_COOKIE];
  if (mobileParam !== undefined) {
    if (!['1', '0', 'auto'].includes(mobileParam)) {
      throw badChoice(`mobile_view ${JSON.stringify(mobileParam)} is unknown; use mobile_view=1, 0 or auto`);
    }
    mobileView = mobileParam === 'auto' ? undefined : mobileParam;
    context.setCookies.push(
      mobileView === undefined ? `${MOBILE_VIEW_COOKIE}=; path=/; max-age=0` : `${MOBILE_VIEW_COOKIE}=${mobileView}; path=/; SameSite=Lax`,
    );
  }

  const mobile = mobileView === '1' || (mobileView !== '0' && isMobileDevice(context));
  return { palette, mobile };
}

/** `MobileDetection.mobile_device?`: a User-Agent with `Mobile` and without `iPad`. */
function isMobileDevice(context: RequestContext): boolean {
  const header = context.headers['user-agent'];
  const userAgent = Array.isArray(header) ? (header[0] ?? '') : (header ?? '');
  return userAgent.includes('Mobile') && !userAgent.includes('iPad');
}

function badChoice(message: string): HttpError {
  return new HttpError(400, null, { 'Content-Type': 'text/plain; charset=utf-8' }, `${message}\n`);
}

function notFoundPage(): RouteResponse {
  return {
    status: 404,
    html: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found</title></head>
<body><h1>Page not found</h1><p>This topic does not exist, or you may not see it. <a href="/latest">Latest topics</a> · <a href="/login">Sign in</a></p></body></html>
`,
  };
}
