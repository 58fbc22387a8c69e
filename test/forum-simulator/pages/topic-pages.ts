/*
 * HTML pages shaped like Discourse topic and topic-list pages, which load the built widget bundle
 * and mount the elements where the theme's initializer puts them:
 * - the experiment card before post #1's `<article>` (the `post-article` wrapper outlet),
 * - the join button in post #1's menu, before the "…" button (`post-menu-buttons`),
 * - the changelog in the `topic-navigation` outlet on desktop and in `topic-area-bottom` (or
 *   `topic-above-posts`) on mobile,
 * - the recent-changes list in the right column of a topic list (the Right Sidebar Blocks layout).
 * The forum simulator serves them from its own topics, and the theme's browser tests serve them
 * beside a fake sidecar. Either way the widgets call the sidecar at `sidecarBase`.
 */
import type { CurrentUser } from '../../../theme-component/src/widgets/config';
import { BASE_CSS, escapeHtml, ICON_SPRITE, scriptJson } from './page-chrome';
import { paletteCss, type PaletteName } from './page-palettes';
import { readCommonStyles, readEnglishMessages } from './theme-files';

export interface PageTopic {
  id: number;
  title: string;
  slug: string;
  /** Tag names as Discourse lists them. */
  tags: string[];
}

export interface PagePost {
  postNumber: number;
  username: string;
  /** The post's cooked HTML, inserted as is: only trusted or sanitized content belongs here. */
  cooked: string;
  /** Shown in the post's header, for example "Jan 5". */
  date?: string;
  /** The full date and time, shown on hover. */
  dateTitle?: string;
  /**
   * `regular` (the default), `whisper` (shown to staff, with core's `whisper` class) or
   * `small-action` (a one-line note such as "closed the topic", whose text is `cooked`).
   */
  kind?: 'regular' | 'whisper' | 'small-action';
}

/** The theme settings the mounting script reads, with the defaults of `settings.yml`. */
export interface PageSettings {
  experimentTag: string;
  practiceTag: string;
  showExperimentCard: boolean;
  showJoinButton: boolean;
  showChangelog: boolean;
  changelogMaxEntries: number;
  mobileChangelogPlacement: 'below_posts' | 'above_posts' | 'hidden';
}

export const DEFAULT_PAGE_SETTINGS: PageSettings = {
  experimentTag: 'experiment',
  practiceTag: 'practice',
  showExperimentCard: true,
  showJoinButton: true,
  showChangelog: true,
  changelogMaxEntries: 10,
  mobileChangelogPlacement: 'below_posts',
};

interface CommonPageOptions {
  palette: PaletteName;
  mobile: boolean;
  /** URL of `praxis-widgets.js` as the browser fetches it. */
  bundleUrl: string;
  /** The sidecar base URL the widgets call, `/praxis` for same-origin. */
  sidecarBase: string;
  currentUser: CurrentUser | null;
  /** The reader's IANA zone; the browser's when missing. */
  timeZone?: string;
  /** Target of the header's "Log In" link and of the signed-in username; `/login` by default. */
  loginPath?: string;
}

export interface TopicPageOptions extends CommonPageOptions {
  topic: PageTopic;
  posts: PagePost[];
  settings?: Partial<PageSettings>;
}

export interface TopicListPageOptions extends CommonPageOptions {
  topics: PageTopic[];
  /** Entries in the recent-changes list. */
  recentChangesLimit?: number;
  recentChangesDays?: number;
}

const COMMON_SCSS = readCommonStyles();

/**
 * Browser code that mounts the widgets as the theme's initializer and components do. It reads the
 * page data from `#praxis-page-data` and imports the bundle from the `bundleUrl` given there.
 */
const MOUNT_SCRIPT = `
const data = JSON.parse(document.getElementById("praxis-page-data").textContent);
const { registerPraxisElements, createTranslator, topicKindOf } = await import(data.bundleUrl);
registerPraxisElements();

const config = {
  apiBase: data.sidecarBase,
  t: createTranslator(data.messages),
  currentUser: data.currentUser,
  loginUrl: "/login",
  forumPrefix: "",
  timeZone: data.timeZone || undefined,
  locale: document.documentElement.lang,
};

function mount(container, tagName, properties, attributes = {}) {
  if (!container) throw new Error("outlet container for " + tagName + " is missing from the page");
  const element = document.createElement(tagName);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  Object.assign(element, properties);
  container.appendChild(element);
  return element;
}

if (data.page === "topic") {
  const settings = data.settings;
  const kind = topicKindOf(data.topic.tags, settings);
  const topicId = data.topic.id;

  if (kind === "experiment" && settings.showExperimentCard) {
    mount(document.querySelector('[data-post-number="1"] > .post-article-before-outlet'), "praxis-experiment-card",
      { config, topicId, withJoin: settings.showJoinButton });
  }
  if (kind === "experiment" && settings.showJoinButton) {
    const actions = document.querySelector("#post_1 nav.post-controls .actions");
    const join = document.createElement("praxis-join-partner");
    join.setAttribute("variant", "menu");
    join.className = "btn-flat";
    Object.assign(join, { config, topicId });
    actions.insertBefore(join, actions.querySelector(".show-more-actions"));
  }
  if (kind !== null && settings.showChangelog) {
    const changelog = { config, topicId, topicKind: kind, maxEntries: settings.changelogMaxEntries };
    if (!data.mobile) {
      mount(document.querySelector(".topic-navigation-outlet"), "praxis-changelog", changelog, { class: "praxis-slot praxis-slot--sidebar" });
      mount(document.querySelector(".topic-area-bottom-outlet"), "praxis-changelog", changelog,
        { class: "praxis-slot praxis-slot--below-posts praxis-slot--desktop-fallback" });
    } else if (settings.mobileChangelogPlacement === "below_posts") {
      mount(document.querySelector(".topic-area-bottom-outlet"), "praxis-changelog", changelog, { class: "praxis-slot praxis-slot--below-posts" });
    } else if (settings.mobileChangelogPlacement === "above_posts") {
      mount(document.querySelector(".topic-above-posts-outlet"), "praxis-changelog", changelog, { class: "praxis-slot praxis-slot--above-posts" });
    }
  }
} else {
  mount(document.querySelector(".rs-praxis-recent-changes"), "praxis-recent-changes",
    { config, limit: data.recentChangesLimit, days: data.recentChangesDays }, { class: "praxis-slot praxis-slot--recent" });
}
document.documentElement.dataset.praxisMounted = "true";
`;

function pageShell(options: CommonPageOptions, title: string, body: string, data: Record<string, unknown>): string {
  const { theme_metadata: _metadata, ...messages } = readEnglishMessages();
  const pageData = {
    ...data,
    bundleUrl: options.bundleUrl,
    sidecarBase: options.sidecarBase,
    currentUser: options.currentUser,
    timeZone: options.timeZone ?? null,
    mobile: options.mobile,
    messages,
  };
  const viewClass = options.mobile ? 'mobile-view mobile-device' : 'desktop-view not-mobile-device';
  const loginPath = escapeHtml(options.loginPath ?? '/login');
  const user = options.currentUser
    ? `<a class="current-user" href="${loginPath}" title="Switch user">@${escapeHtml(options.currentUser.username)}</a>`
    : `<a class="current-user" href="${loginPath}">Log In</a>`;

  return `<!DOCTYPE html>
<html lang="en" class="${viewClass} ${options.palette}-scheme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} - Praxis test forum</title>
<style>
${paletteCss(options.palette)}
${BASE_CSS}
/* theme-component/common/common.scss */
${COMMON_SCSS}
</style>
</head>
<body class="${viewClass}">
${ICON_SPRITE}
<header class="d-header"><div class="contents"><a class="title" href="/">Praxis test forum</a>${user}</div></header>
<div id="main-outlet" class="wrap">
${body}
</div>
<script type="application/json" id="praxis-page-data">${scriptJson(pageData)}</script>
<script type="module">${MOUNT_SCRIPT}</script>
</body>
</html>
`;
}

function icon(name: string): string {
  return `<svg class="fa d-icon d-icon-${name} svg-icon" aria-hidden="true"><use href="#${name}"></use></svg>`;
}

function renderPost(topic: PageTopic, post: PagePost): string {
  if (post.kind === 'small-action') return renderSmallAction(post);

  const username = escapeHtml(post.username);
  const classes = post.kind === 'whisper' ? 'topic-post clearfix whisper' : 'topic-post clearfix regular';
  const dateTitle = post.dateTitle ? ` title="${escapeHtml(post.dateTitle)}"` : '';
  return `<div class="${classes}" data-post-number="${post.postNumber}">
  <div class="post-article-before-outlet"></div>
  <article id="post_${post.postNumber}" class="boxed onscreen-post" role="region" aria-label="post #${post.postNumber} by @${username}" data-post-number="${post.postNumber}">
    <div class="row">
      <div class="topic-avatar"><span class="avatar" aria-hidden="true">${escapeHtml(post.username.slice(0, 1).toUpperCase())}</span></div>
      <div class="topic-body clearfix">
        <div class="topic-meta-data">
          <div class="names"><span class="first username"><a href="/u/${encodeURIComponent(post.username)}">${username}</a></span></div>
          <div class="post-infos"><a class="post-date" href="/t/${escapeHtml(topic.slug)}/${topic.id}/${post.postNumber}"${dateTitle}>${escapeHtml(post.date ?? '')}</a></div>
        </div>
        <div class="regular contents">
          <div class="cooked">${post.cooked}</div>
          <section class="post-menu-area clearfix">
            <nav class="post-controls"><div class="actions">
              <button class="btn no-text btn-icon btn-flat post-action-menu__like" type="button" title="like this post">${icon('heart')}</button>
              <button class="btn no-text btn-icon btn-flat post-action-menu__copy-link" type="button" title="copy a link to this post">${icon('link')}</button>
              <button class="btn no-text btn-icon btn-flat post-action-menu__show-more show-more-actions" type="button" title="show more">${icon('ellipsis')}</button>
              <button class="btn btn-icon-text btn-flat post-action-menu__reply reply create" type="button" title="reply to this post">${icon('reply')}<span class="d-button-label">Reply</span></button>
            </div></nav>
          </section>
        </div>
      </div>
    </div>
  </article>
</div>`;
}

/** Renders a small-action post as one line in the stream with no post menu, as core renders `post_type` 3. */
function renderSmallAction(post: PagePost): string {
  return `<div class="small-action onscreen-post" id="post_${post.postNumber}" data-post-number="${post.postNumber}">
  <div class="small-action-desc"><a class="mention" href="/u/${encodeURIComponent(post.username)}">@${escapeHtml(post.username)}</a> ${post.cooked} <span class="post-date">${escapeHtml(post.date ?? '')}</span></div>
</div>`;
}

/** Returns the HTML of a topic page with the widgets mounted as the theme mounts them. */
export function renderTopicPage(options: TopicPageOptions): string {
  const { topic, posts } = options;
  const settings = { ...DEFAULT_PAGE_SETTINGS, ...options.settings };
  const tags = topic.tags.map((tag) => `<a class="discourse-tag" href="/tag/${encodeURIComponent(tag)}">${escapeHtml(tag)}</a>`).join('');
  const navigation = options.mobile
    ? `<div class="topic-navigation with-topic-progress"><div class="topic-progress">1 / ${posts.length}</div></div>`
    : `<div class="topic-navigation with-timeline">
    <div class="topic-navigation-outlet"></div>
    <div class="timeline-container"><div class="topic-timeline">${escapeHtml(posts[0]?.date ?? '')}<span class="timeline-scroller"></span>1 / ${posts.length}</div></div>
  </div>`;

  const body = `<div class="container" id="topic-title">
  <h1><a class="fancy-title" href="/t/${escapeHtml(topic.slug)}/${topic.id}">${escapeHtml(topic.title)}</a></h1>
  <div class="topic-category"><div class="list-tags">${tags}</div></div>
</div>
<div class="container posts">
  <div class="posts-wrapper">
    <div class="topic-above-posts-outlet"></div>
    <div class="post-stream">
${posts.map((post) => renderPost(topic, post)).join('\n')}
    </div>
    <div class="topic-area-bottom-outlet"></div>
  </div>
  ${navigation}
</div>`;

  return pageShell(options, topic.title, body, { page: 'topic', topic: { id: topic.id, tags: topic.tags }, settings });
}

/** Returns the HTML of a topic list with the recent-changes list in the right column. */
export function renderTopicListPage(options: TopicListPageOptions): string {
  const rows = options.topics
    .map(
      (topic) => `<tr class="topic-list-item"><td><a class="title" href="/t/${escapeHtml(topic.slug)}/${topic.id}">${escapeHtml(topic.title)}</a>
  <div class="list-tags">${topic.tags.map((tag) => `<span class="discourse-tag">${escapeHtml(tag)}</span>`).join('')}</div></td></tr>`,
    )
    .join('\n');
  const body = `<div class="list-layout">
  <div id="list-area"><table class="topic-list"><thead><tr><th>Topic</th></tr></thead><tbody>${rows}</tbody></table></div>
  <div class="tc-right-sidebar"><div class="rs-component rs-praxis-recent-changes"></div></div>
</div>`;

  return pageShell(options, 'Latest topics', body, {
    page: 'topic-list',
    recentChangesLimit: options.recentChangesLimit ?? 8,
    recentChangesDays: options.recentChangesDays ?? 30,
  });
}
