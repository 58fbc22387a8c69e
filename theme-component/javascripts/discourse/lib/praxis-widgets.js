// Praxis widget elements, generated from theme-component/src/widgets by `npm run build:theme`.
// Do not edit: change the TypeScript source and rebuild.
/* eslint-disable */

// src/widgets/experiment-store.ts
var ExperimentStore = class {
  constructor(client, topicId, release) {
    this.client = client;
    this.topicId = topicId;
    this.release = release;
  }
  client;
  topicId;
  release;
  state = { status: "idle" };
  listeners = /* @__PURE__ */ new Set();
  loading = null;
  /** Adds a listener called after every state change and starts the first load. Returns the unsubscribe function. */
  subscribe(listener) {
    this.listeners.add(listener);
    if (this.state.status === "idle") void this.load();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.release();
    };
  }
  /** Loads the experiment; a load already running is shared instead of repeated. */
  load() {
    if (this.loading) return this.loading;
    this.setState({ status: "loading" });
    this.loading = this.client.getJson(`/api/experiments/${this.topicId}`).then(
      (result) => this.setState({ status: "ready", experiment: result.data }),
      (error) => this.setState({ status: "error", error })
    ).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }
  /** Joins as a partner and stores the updated experiment. Rejects with an `ApiError` on refusal. */
  async join(role) {
    const experiment = await this.client.sendJson("POST", `/api/experiments/${this.topicId}/partners`, { role });
    this.setState({ status: "ready", experiment });
    return experiment;
  }
  /** Leaves the experiment and stores the updated experiment. Rejects with an `ApiError` on refusal. */
  async leave() {
    const experiment = await this.client.sendJson("DELETE", `/api/experiments/${this.topicId}/partners/me`);
    this.setState({ status: "ready", experiment });
    return experiment;
  }
  setState(state) {
    this.state = state;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        console.error("Praxis widget failed to update", error);
      }
    }
  }
};

// src/widgets/api-client.ts
var ApiError = class extends Error {
  constructor(status, serverMessage, code = null, retryAfterSeconds = null, kind = "http") {
    super(serverMessage ?? (kind === "network" ? "network request failed" : `HTTP ${status}`));
    this.status = status;
    this.serverMessage = serverMessage;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.kind = kind;
    this.name = "ApiError";
  }
  status;
  serverMessage;
  code;
  retryAfterSeconds;
  kind;
};
var MAX_CACHED_RESPONSES = 64;
var PraxisClient = class {
  base;
  fetchFunction;
  cache = /* @__PURE__ */ new Map();
  inFlight = /* @__PURE__ */ new Map();
  experimentStores = /* @__PURE__ */ new Map();
  /** `fetchFunction` defaults to the global `fetch`, looked up at call time so a test can replace it. */
  constructor(base, fetchFunction) {
    this.base = base.replace(/\/+$/, "");
    this.fetchFunction = fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  }
  getJson(path) {
    const running = this.inFlight.get(path);
    if (running) return running;
    const request = this.revalidate(path).finally(() => this.inFlight.delete(path));
    this.inFlight.set(path, request);
    return request;
  }
  /** Sends a write (POST, DELETE) with an optional JSON body and returns the parsed JSON response. */
  async sendJson(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== void 0) headers["Content-Type"] = "application/json";
    const response = await this.request(path, {
      method,
      headers,
      body: body === void 0 ? void 0 : JSON.stringify(body)
    });
    if (!response.ok) throw await errorFromResponse(response);
    return await readJson(response);
  }
  /** Returns the shared state of one experiment, created on first use. */
  experiment(topicId) {
    let store = this.experimentStores.get(topicId);
    if (!store) {
      store = new ExperimentStore(this, topicId, () => this.experimentStores.delete(topicId));
      this.experimentStores.set(topicId, store);
    }
    return store;
  }
  async revalidate(path) {
    const cached = this.cache.get(path);
    const headers = { Accept: "application/json" };
    if (cached) headers["If-None-Match"] = cached.etag;
    const response = await this.request(path, { method: "GET", headers });
    if (response.status === 304) {
      const current = this.cache.get(path);
      if (!current) return this.revalidateWithoutCache(path);
      this.remember(path, current);
      return { data: current.body, notModified: true };
    }
    if (!response.ok) throw await errorFromResponse(response);
    const body = await readJson(response);
    const etag = response.headers.get("ETag");
    if (etag) this.remember(path, { etag, body });
    else this.cache.delete(path);
    return { data: body, notModified: false };
  }
  async revalidateWithoutCache(path) {
    const response = await this.request(path, { method: "GET", headers: { Accept: "application/json" } });
    if (!response.ok) throw await errorFromResponse(response);
    const body = await readJson(response);
    const etag = response.headers.get("ETag");
    if (etag) this.remember(path, { etag, body });
    return { data: body, notModified: false };
  }
  remember(path, entry) {
    this.cache.delete(path);
    this.cache.set(path, entry);
    while (this.cache.size > MAX_CACHED_RESPONSES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === void 0) break;
      this.cache.delete(oldest);
    }
  }
  async request(path, init) {
    try {
      return await this.fetchFunction(this.base + path, { ...init, credentials: "same-origin" });
    } catch {
      throw new ApiError(0, null, null, null, "network");
    }
  }
};
var sharedClients = /* @__PURE__ */ new Map();
function clientFor(base) {
  let client = sharedClients.get(base);
  if (!client) {
    client = new PraxisClient(base);
    sharedClients.set(base, client);
  }
  return client;
}
async function readJson(response) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, null, null, null, "invalid-body");
  }
}
async function errorFromResponse(response) {
  let message = null;
  let code = null;
  try {
    const body = await response.json();
    if (body && typeof body === "object") {
      const fields = body;
      if (typeof fields.error === "string") message = fields.error;
      if (typeof fields.code === "string") code = fields.code;
    }
  } catch {
  }
  return new ApiError(response.status, message, code, parseRetryAfter(response.headers.get("Retry-After")));
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1e3));
}

// src/widgets/config.ts
function clientOf(config) {
  return config.client ?? clientFor(config.apiBase);
}
function navigateTo(config, url) {
  if (config.navigate) config.navigate(url);
  else window.location.assign(url);
}
function loginUrlOf(config) {
  return config.loginUrl ?? "/login";
}
function sameUsername(a, b) {
  return a.toLowerCase() === b.toLowerCase();
}
function isStaff(user) {
  return Boolean(user && (user.staff || user.admin || user.moderator));
}
function userPath(config, username) {
  return `${config.forumPrefix ?? ""}/u/${encodeURIComponent(username)}`;
}

// src/widgets/dom.ts
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === void 0) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}
function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === void 0 || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}
function safeHref(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url, "https://forum.invalid/");
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
function link(url, text, className) {
  const href = safeHref(url);
  if (href === null) return h("span", { class: className }, text);
  return h("a", { class: className, href }, text);
}
var SVG_NS = "http://www.w3.org/2000/svg";
function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", `fa d-icon d-icon-${name} svg-icon praxis-icon`);
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(SVG_NS, "use");
  use.setAttribute("href", `#${name}`);
  svg.appendChild(use);
  return svg;
}
var lastId = 0;
function uniqueId(prefix) {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

// src/widgets/errors.ts
function describeError(error, t) {
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  if (error.kind === "network") return t("errors.network");
  if (error.kind === "invalid-body") return t("errors.invalid_response");
  if (error.status === 429 && error.retryAfterSeconds !== null) {
    return t("errors.rate_limited", { seconds: error.retryAfterSeconds });
  }
  return error.serverMessage ?? t("errors.http_status", { status: error.status });
}

// src/widgets/format.ts
var CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function formatCalendarDate(date, options = {}) {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  const utcMidnight = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return dateFormat(options.locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(utcMidnight);
}
function formatDateTime(instant, options = {}) {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  return dateFormat(options.locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone: options.timeZone
  }).format(time);
}
function formatDate(instant, options = {}) {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  return dateFormat(options.locale, { year: "numeric", month: "short", day: "numeric", timeZone: options.timeZone }).format(time);
}
function dateFormat(locale, options) {
  const tag = locale?.replace(/_/g, "-");
  const withoutZone = { ...options, timeZone: void 0 };
  const attempts = [
    [tag, options],
    [void 0, options],
    [tag, withoutZone]
  ];
  for (const [attemptLocale, attemptOptions] of attempts) {
    try {
      return new Intl.DateTimeFormat(attemptLocale, attemptOptions);
    } catch {
    }
  }
  return new Intl.DateTimeFormat(void 0, withoutZone);
}

// src/widgets/messages.ts
var MESSAGE_KEYS = [
  "common.loading",
  "common.retry",
  "errors.network",
  "errors.http_status",
  "errors.rate_limited",
  "errors.invalid_response",
  "errors.unexpected",
  "experiment.heading",
  "experiment.load_failed",
  "experiment.status.proposed",
  "experiment.status.running",
  "experiment.status.reflecting",
  "experiment.status.concluded",
  "experiment.archived",
  "experiment.seeking_partners",
  "experiment.practice",
  "experiment.practice_fallback",
  "experiment.no_practice",
  "experiment.hypothesis",
  "experiment.measure",
  "experiment.not_given",
  "experiment.starts",
  "experiment.review",
  "experiment.partners",
  "experiment.partners_count_of",
  "experiment.partners_count",
  "experiment.partners_none",
  "experiment.reflections",
  "experiment.reflections_none",
  "experiment.reflection_text",
  "experiment.what_happened",
  "experiment.what_we_learned",
  "experiment.what_should_change",
  "experiment.post_link",
  "experiment.decision",
  "experiment.decision_by",
  "experiment.decision_kind.adopt",
  "experiment.decision_kind.adapt",
  "experiment.decision_kind.abandon",
  "experiment.problems_heading",
  "experiment.problems_hint",
  "roles.co_experimenter",
  "roles.observer",
  "roles.critical_friend",
  "join.role_label",
  "join.join",
  "join.join_short",
  "join.join_as",
  "join.choose_role",
  "join.leave",
  "join.leave_short",
  "join.log_in",
  "join.joined_as",
  "join.joined",
  "join.left",
  "join.join_failed",
  "join.leave_failed",
  "join.reason.owner",
  "join.reason.archived",
  "join.reason.concluded",
  "join.reason.full",
  "changelog.heading",
  "changelog.load_failed",
  "changelog.practice",
  "changelog.version",
  "changelog.entry_version",
  "changelog.empty",
  "changelog.no_practice",
  "changelog.kind.created",
  "changelog.kind.adopt",
  "changelog.kind.adapt",
  "changelog.kind.abandon",
  "changelog.kind.edit",
  "changelog.by",
  "changelog.from_experiment",
  "changelog.show_all",
  "recent.heading",
  "recent.load_failed",
  "recent.empty"
];
function createTranslator(messages) {
  return (key, values) => {
    let node = messages;
    for (const part of key.split(".")) {
      node = typeof node === "object" ? node[part] : void 0;
    }
    if (typeof node !== "string") return `[${key}]`;
    return interpolate(node, values);
  };
}
function interpolate(template, values) {
  if (!values) return template;
  return template.replace(
    /%\{(\w+)\}/g,
    (placeholder, name) => name in values ? String(values[name]) : placeholder
  );
}
function translateValue(t, keys, value) {
  const key = keys[value];
  return key ? t(key) : value;
}

// src/widgets/praxis-element.ts
var PraxisElement = class extends HTMLElement {
  configValue = null;
  startQueued = false;
  running = false;
  /** Run number, increased on every start and stop, so responses that arrive for an earlier run are dropped. */
  run = 0;
  get config() {
    return this.configValue;
  }
  set config(value) {
    this.configValue = value;
    this.queueRestart();
  }
  connectedCallback() {
    this.queueRestart();
  }
  disconnectedCallback() {
    this.stopRun();
  }
  /** True when the element-specific properties needed to start are set. */
  hasRequiredProperties() {
    return true;
  }
  /** Releases subscriptions and listeners taken in `start`. */
  stop() {
  }
  queueRestart() {
    if (this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      this.stopRun();
      const config = this.configValue;
      if (!this.isConnected || !config || !this.hasRequiredProperties()) return;
      this.run += 1;
      this.running = true;
      try {
        this.start(config);
      } catch (error) {
        console.error("Praxis widget failed to start", this.localName, error);
      }
    });
  }
  stopRun() {
    if (!this.running) return;
    this.running = false;
    this.run += 1;
    this.stop();
  }
};
function loadingView(t) {
  return h(
    "p",
    { class: "praxis-loading", role: "status" },
    h("span", { class: "praxis-loading__spinner", "aria-hidden": "true" }),
    t("common.loading")
  );
}
function errorView(message, t, retry) {
  const button = h("button", { type: "button", class: "btn btn-default praxis-error__retry" }, t("common.retry"));
  button.addEventListener("click", retry);
  return h("div", { class: "praxis-error", role: "alert" }, h("p", { class: "praxis-error__message" }, message), button);
}
function buildOrError(build, t, retry) {
  try {
    return { content: build(), failed: false };
  } catch (error) {
    console.error("Praxis widget failed to render", error);
    return { content: errorView(t("errors.unexpected"), t, retry), failed: true };
  }
}
function replaceContent(container, focusTarget, content) {
  const active = document.activeElement;
  const hadFocus = active !== null && active !== document.body && container.contains(active);
  container.replaceChildren(content);
  if (hadFocus && !container.contains(document.activeElement)) focusTarget.focus();
}
function onPageVisible(refresh) {
  const listener = () => {
    if (document.visibilityState === "visible") refresh();
  };
  document.addEventListener("visibilitychange", listener);
  return () => document.removeEventListener("visibilitychange", listener);
}

// src/widgets/changelog.ts
var CHANGE_KIND_KEYS = {
  created: "changelog.kind.created",
  adopt: "changelog.kind.adopt",
  adapt: "changelog.kind.adapt",
  abandon: "changelog.kind.abandon",
  edit: "changelog.kind.edit"
};
var DEFAULT_MAX_ENTRIES = 10;
var ChangelogElement = class extends PraxisElement {
  topicIdValue = null;
  topicKindValue = "practice";
  maxEntriesValue = DEFAULT_MAX_ENTRIES;
  store = null;
  stopListening = [];
  practiceId = null;
  aside = null;
  body = null;
  expanded = false;
  get topicId() {
    return this.topicIdValue;
  }
  set topicId(value) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }
  get topicKind() {
    return this.topicKindValue;
  }
  set topicKind(value) {
    this.topicKindValue = value === "experiment" ? "experiment" : "practice";
    this.queueRestart();
  }
  get maxEntries() {
    return this.maxEntriesValue;
  }
  set maxEntries(value) {
    const count = Number(value);
    this.maxEntriesValue = Number.isInteger(count) && count > 0 ? count : DEFAULT_MAX_ENTRIES;
    this.queueRestart();
  }
  static get observedAttributes() {
    return ["topic-id", "topic-kind", "max-entries"];
  }
  attributeChangedCallback(name, _old, value) {
    if (name === "topic-id") this.topicId = value;
    else if (name === "topic-kind") this.topicKind = value;
    else if (name === "max-entries" && value !== null) this.maxEntries = value;
  }
  hasRequiredProperties() {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }
  start(config) {
    const headingId = uniqueId("praxis-changelog-heading");
    this.expanded = false;
    this.practiceId = null;
    this.body = h("div", { class: "praxis-changelog__body" });
    this.aside = h(
      "aside",
      { class: "praxis-changelog", "aria-labelledby": headingId, tabindex: "-1" },
      h("h2", { class: "praxis-changelog__heading", id: headingId }, icon("clock-rotate-left"), config.t("changelog.heading")),
      this.body
    );
    this.replaceChildren(this.aside);
    const client = clientOf(config);
    const topicId = this.topicIdValue;
    if (this.topicKindValue === "practice") {
      this.practiceId = topicId;
      this.load(config, client, false);
    } else {
      const store = client.experiment(topicId);
      this.store = store;
      this.stopListening.push(store.subscribe(() => this.followExperiment(config, client)));
      this.followExperiment(config, client);
    }
    this.stopListening.push(onPageVisible(() => this.load(config, client, true)));
  }
  stop() {
    for (const stopListening of this.stopListening) stopListening();
    this.stopListening = [];
    this.store = null;
  }
  /** On an experiment topic, waits for the experiment to learn which practice to show. */
  followExperiment(config, client) {
    const state = this.store?.state;
    if (!state || !this.body || !this.aside) return;
    if (state.status === "idle" || state.status === "loading") {
      if (this.practiceId === null) replaceContent(this.body, this.aside, loadingView(config.t));
      return;
    }
    if (state.status === "error") {
      const store = this.store;
      const message = config.t("changelog.load_failed", { message: describeError(state.error, config.t) });
      replaceContent(this.body, this.aside, errorView(message, config.t, () => void store.load()));
      return;
    }
    const practiceId = state.experiment.practiceTopicId;
    if (practiceId === this.practiceId && practiceId !== null) return;
    this.practiceId = practiceId;
    if (practiceId === null) {
      replaceContent(this.body, this.aside, h("p", { class: "praxis-muted praxis-changelog__empty" }, config.t("changelog.no_practice")));
      return;
    }
    this.load(config, client, false);
  }
  /**
   * Loads the practice and its changelog. A quiet load (the page became visible again) keeps the
   * shown list on screen, ignores failures and re-renders only when either response was not a 304.
   */
  load(config, client, quiet) {
    const practiceId = this.practiceId;
    const body = this.body;
    const aside = this.aside;
    if (practiceId === null || !body || !aside) return;
    const run = this.run;
    if (!quiet) replaceContent(body, aside, loadingView(config.t));
    Promise.all([
      client.getJson(`/api/practices/${practiceId}`),
      client.getJson(`/api/practices/${practiceId}/changelog`)
    ]).then(
      ([practice, changelog]) => {
        if (run !== this.run || practiceId !== this.practiceId) return;
        if (quiet && practice.notModified && changelog.notModified) return;
        this.render(config, client, { practice: practice.data, changelog: changelog.data });
      },
      (error) => {
        if (run !== this.run || practiceId !== this.practiceId || quiet) return;
        const message = config.t("changelog.load_failed", { message: describeError(error, config.t) });
        replaceContent(body, aside, errorView(message, config.t, () => this.load(config, client, false)));
      }
    );
  }
  render(config, client, loaded) {
    const { body, aside } = this;
    if (!body || !aside) return;
    const retry = () => this.load(config, client, false);
    replaceContent(body, aside, buildOrError(() => this.buildContent(config, loaded), config.t, retry).content);
  }
  buildContent(config, loaded) {
    const { t } = config;
    const { practice, changelog } = loaded;
    const fragment = document.createDocumentFragment();
    if (this.topicKindValue === "experiment") {
      fragment.appendChild(
        h("p", { class: "praxis-changelog__practice" }, t("changelog.practice"), " ", link(practice.url, practice.title, "praxis-changelog__practice-link"))
      );
    }
    fragment.appendChild(h("p", { class: "praxis-changelog__version" }, t("changelog.version", { version: practice.version })));
    const entries = changelog.entries;
    if (entries.length === 0) {
      fragment.appendChild(h("p", { class: "praxis-muted praxis-changelog__empty" }, t("changelog.empty")));
      return fragment;
    }
    const dates = { locale: config.locale, timeZone: config.timeZone };
    const visibleCount = this.expanded ? entries.length : Math.min(entries.length, this.maxEntriesValue);
    const list = h("ol", { class: "praxis-changelog__list" });
    entries.forEach((entry, index) => {
      const item = renderEntry(entry, config, dates);
      item.hidden = index >= visibleCount;
      list.appendChild(item);
    });
    fragment.appendChild(list);
    if (visibleCount < entries.length) {
      const more = h("button", { type: "button", class: "btn btn-flat praxis-changelog__more" }, t("changelog.show_all", { count: entries.length }));
      more.addEventListener("click", () => {
        this.expanded = true;
        const items = Array.from(list.children);
        for (const item of items) item.hidden = false;
        const firstNew = items[visibleCount];
        more.remove();
        firstNew?.focus();
      });
      fragment.appendChild(more);
    }
    return fragment;
  }
};
function renderEntry(entry, config, dates) {
  const { t } = config;
  return h(
    "li",
    { class: `praxis-changelog__item praxis-changelog__item--${entry.kind}`, tabindex: "-1" },
    h(
      "p",
      { class: "praxis-changelog__meta" },
      h("time", { class: "praxis-changelog__date", datetime: entry.at }, formatDate(entry.at, dates)),
      " ",
      h("span", { class: `praxis-badge praxis-badge--${entry.kind}` }, translateValue(t, CHANGE_KIND_KEYS, entry.kind)),
      " ",
      h("span", { class: "praxis-changelog__entry-version" }, t("changelog.entry_version", { version: entry.version }))
    ),
    h("p", { class: "praxis-changelog__summary" }, entry.summary),
    h("p", { class: "praxis-changelog__by" }, t("changelog.by", { username: entry.username })),
    entry.experiment && h(
      "p",
      { class: "praxis-changelog__source" },
      t("changelog.from_experiment"),
      " ",
      link(entry.experiment.url, entry.experiment.title, "praxis-changelog__experiment")
    )
  );
}

// src/widgets/experiment-view.ts
var STATUS_KEYS = {
  proposed: "experiment.status.proposed",
  running: "experiment.status.running",
  reflecting: "experiment.status.reflecting",
  concluded: "experiment.status.concluded"
};
var ROLE_KEYS = {
  "co-experimenter": "roles.co_experimenter",
  observer: "roles.observer",
  "critical-friend": "roles.critical_friend"
};
var DECISION_KEYS = {
  adopt: "experiment.decision_kind.adopt",
  adapt: "experiment.decision_kind.adapt",
  abandon: "experiment.decision_kind.abandon"
};
var JOIN_BLOCK_KEYS = {
  owner: "join.reason.owner",
  archived: "join.reason.archived",
  concluded: "join.reason.concluded",
  full: "join.reason.full"
};
function isConcluded(experiment) {
  return experiment.status === "concluded" || Boolean(experiment.concludedAt) || Boolean(experiment.decision);
}
function isFull(experiment) {
  return experiment.partnersWanted !== null && experiment.partners.length >= experiment.partnersWanted;
}
function isOwner(experiment, user) {
  return user !== null && sameUsername(experiment.owner.username, user.username);
}
function partnerOf(experiment, user) {
  if (!user) return void 0;
  return experiment.partners.find((partner) => sameUsername(partner.username, user.username));
}
function joinBlock(experiment, user) {
  if (isOwner(experiment, user)) return "owner";
  if (experiment.archived) return "archived";
  if (isConcluded(experiment)) return "concluded";
  if (isFull(experiment)) return "full";
  return null;
}
function leaveBlock(experiment) {
  if (experiment.archived) return "archived";
  if (isConcluded(experiment)) return "concluded";
  return null;
}

// src/widgets/types.ts
var PARTNER_ROLES = ["co-experimenter", "observer", "critical-friend"];

// src/widgets/join-partner.ts
var JOIN_ICON = "handshake";
var LEAVE_ICON = "right-from-bracket";
var JoinPartnerElement = class extends PraxisElement {
  topicIdValue = null;
  store = null;
  unsubscribe = null;
  pending = false;
  button = null;
  buttonLabel = null;
  buttonIcon = null;
  roleSelect = null;
  roleRow = null;
  note = null;
  status = null;
  menu = null;
  removeOutsideListener = null;
  get topicId() {
    return this.topicIdValue;
  }
  set topicId(value) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }
  static get observedAttributes() {
    return ["topic-id", "variant"];
  }
  attributeChangedCallback(name, _old, value) {
    if (name === "topic-id") this.topicId = value;
    else this.queueRestart();
  }
  get variant() {
    return this.getAttribute("variant") === "menu" ? "menu" : "card";
  }
  hasRequiredProperties() {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }
  start(config) {
    this.pending = false;
    if (this.variant === "menu") this.buildMenu(config);
    else this.buildCard(config);
    this.store = clientOf(config).experiment(this.topicIdValue);
    this.unsubscribe = this.store.subscribe(() => this.update(config));
    this.update(config);
  }
  stop() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.store = null;
    this.closeMenu(false);
  }
  buildCard(config) {
    const { t } = config;
    const selectId = uniqueId("praxis-join-role");
    const noteId = uniqueId("praxis-join-note");
    this.roleSelect = h("select", { id: selectId, class: "praxis-join__role" });
    for (const role of PARTNER_ROLES) this.roleSelect.appendChild(h("option", { value: role }, t(ROLE_KEYS[role])));
    this.roleRow = h(
      "span",
      { class: "praxis-join__role-row" },
      h("label", { for: selectId, class: "praxis-join__role-label" }, t("join.role_label")),
      this.roleSelect
    );
    this.buildButton("btn btn-primary praxis-join__button", noteId);
    this.note = h("p", { id: noteId, class: "praxis-join__note", hidden: true });
    this.status = h("p", { class: "praxis-join__status praxis-sr-only", role: "status", "aria-live": "polite" });
    this.replaceChildren(
      h("div", { class: "praxis-join" }, h("div", { class: "praxis-join__controls" }, this.roleRow, this.button), this.note, this.status)
    );
  }
  buildMenu(config) {
    const { t } = config;
    const menuId = uniqueId("praxis-join-menu");
    const noteId = uniqueId("praxis-join-note");
    this.buildButton("btn btn-flat btn-icon-text post-action-menu__praxis-join-partner", noteId);
    const button = this.button;
    button.setAttribute("aria-haspopup", "true");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", menuId);
    this.note = h("p", { id: noteId, class: "praxis-join__note", hidden: true });
    const options = PARTNER_ROLES.map((role) => {
      const option = h("button", { type: "button", class: "btn btn-default praxis-join__role-option", "data-role": role }, t("join.join_as", { role: t(ROLE_KEYS[role]) }));
      option.addEventListener("click", () => this.chooseRole(config, role));
      return option;
    });
    const titleId = uniqueId("praxis-join-menu-title");
    this.menu = h(
      "div",
      { id: menuId, class: "praxis-join__menu", role: "group", "aria-labelledby": titleId, hidden: true },
      h("p", { id: titleId, class: "praxis-join__menu-title" }, t("join.choose_role")),
      this.note,
      h("div", { class: "praxis-join__role-options" }, options)
    );
    this.menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeMenu(true);
    });
    this.status = h("span", { class: "praxis-join__status praxis-sr-only", role: "status", "aria-live": "polite" });
    this.replaceChildren(h("span", { class: "praxis-join praxis-join--menu" }, button, this.menu, this.status));
  }
  buildButton(className, noteId) {
    this.buttonIcon = icon(JOIN_ICON);
    this.buttonLabel = h("span", { class: "d-button-label" });
    this.button = h("button", { type: "button", class: className, "aria-describedby": noteId }, this.buttonIcon, this.buttonLabel);
    this.button.addEventListener("click", () => {
      if (this.config) this.activate(this.config);
    });
  }
  currentView(config) {
    const state = this.store?.state;
    if (!state || state.status === "idle" || state.status === "loading") return { mode: "loading", block: null, experiment: null };
    if (state.status === "error") return { mode: "unavailable", block: null, experiment: null };
    const experiment = state.experiment;
    if (!config.currentUser) {
      const block = joinBlock(experiment, null);
      return block ? { mode: "join", block, experiment } : { mode: "signed-out", block: null, experiment };
    }
    if (partnerOf(experiment, config.currentUser)) return { mode: "leave", block: leaveBlock(experiment), experiment };
    return { mode: "join", block: joinBlock(experiment, config.currentUser), experiment };
  }
  /** Brings the existing nodes in line with the state; nodes are changed in place, never replaced. */
  update(config) {
    const view = this.currentView(config);
    this.hidden = view.mode === "unavailable";
    this.updateButton(config, view);
    this.updateNote(config, view);
    this.updateRoleChoice(view);
  }
  updateButton(config, view) {
    const { button, buttonLabel } = this;
    if (!button || !buttonLabel) return;
    const { t } = config;
    const menuVariant = this.variant === "menu";
    let label;
    if (view.mode === "leave") label = menuVariant ? t("join.leave_short") : t("join.leave");
    else if (view.mode === "signed-out" && !menuVariant) label = t("join.log_in");
    else label = menuVariant ? t("join.join_short") : t("join.join");
    buttonLabel.textContent = label;
    this.setIcon(view.mode === "leave" ? LEAVE_ICON : JOIN_ICON);
    if (menuVariant) button.title = view.mode === "signed-out" ? t("join.log_in") : label;
    const inactive = this.pending || view.mode === "loading" || view.block !== null;
    button.setAttribute("aria-disabled", String(inactive));
    button.setAttribute("aria-busy", String(this.pending || view.mode === "loading"));
    button.classList.toggle("is-disabled", inactive);
  }
  /** Shows why the button is disabled or, under the card, the reader's role as a partner. */
  updateNote(config, view) {
    const { note } = this;
    if (!note) return;
    const { t } = config;
    const partner = view.experiment ? partnerOf(view.experiment, config.currentUser) : void 0;
    let noteText = "";
    if (view.block !== null && view.experiment) {
      noteText = t(JOIN_BLOCK_KEYS[view.block], { wanted: view.experiment.partnersWanted ?? 0 });
    } else if (partner && this.variant === "card") {
      noteText = t("join.joined_as", { role: translateValue(t, ROLE_KEYS, partner.role) });
    }
    note.textContent = noteText;
    note.hidden = noteText === "";
    note.classList.toggle("praxis-join__note--blocked", view.block !== null);
  }
  /** Offers the roles only while the reader can join. */
  updateRoleChoice(view) {
    const canChoose = view.mode === "join" && view.block === null;
    if (this.roleRow) this.roleRow.hidden = !canChoose;
    if (!this.menu) return;
    this.menu.querySelector(".praxis-join__role-options")?.toggleAttribute("hidden", !canChoose);
    if (view.mode !== "join" && view.block === null) this.closeMenu(false);
  }
  setIcon(name) {
    const use = this.buttonIcon?.querySelector("use");
    if (!this.buttonIcon || !use) return;
    this.buttonIcon.setAttribute("class", `fa d-icon d-icon-${name} svg-icon praxis-icon`);
    use.setAttribute("href", `#${name}`);
  }
  /** Handles a press of the main button. */
  activate(config) {
    const view = this.currentView(config);
    if (this.pending || view.mode === "loading" || view.mode === "unavailable") return;
    if (view.mode === "signed-out") {
      navigateTo(config, loginUrlOf(config));
      return;
    }
    if (view.block !== null) {
      if (this.menu) this.toggleMenu();
      return;
    }
    if (view.mode === "leave") {
      void this.leave(config);
      return;
    }
    if (this.menu) {
      this.toggleMenu();
      return;
    }
    void this.join(config, this.roleSelect?.value ?? "co-experimenter");
  }
  chooseRole(config, role) {
    this.closeMenu(true);
    void this.join(config, role);
  }
  async join(config, role) {
    const store = this.store;
    if (!store) return;
    const run = this.run;
    this.setPending(config, true);
    try {
      await store.join(role);
      if (run !== this.run) return;
      this.announce(config.t("join.joined", { role: config.t(ROLE_KEYS[role]) }), false);
    } catch (error) {
      if (run !== this.run) return;
      this.handleFailure(config, store, error, "join.join_failed");
    } finally {
      if (run === this.run) this.setPending(config, false);
    }
  }
  async leave(config) {
    const store = this.store;
    if (!store) return;
    const run = this.run;
    this.setPending(config, true);
    try {
      await store.leave();
      if (run !== this.run) return;
      this.announce(config.t("join.left"), false);
    } catch (error) {
      if (run !== this.run) return;
      this.handleFailure(config, store, error, "join.leave_failed");
    } finally {
      if (run === this.run) this.setPending(config, false);
    }
  }
  /**
   * Handles a failed join or leave. A 401 means the session ended, so the reader is sent to log
   * in. A 404 or 409 means the experiment changed on the server (filled up, concluded, archived),
   * so it is reloaded to show the current state next to the error.
   */
  handleFailure(config, store, error, key) {
    if (error instanceof ApiError && error.status === 401) {
      navigateTo(config, loginUrlOf(config));
      return;
    }
    this.announce(config.t(key, { message: describeError(error, config.t) }), true);
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) void store.load();
  }
  setPending(config, pending) {
    this.pending = pending;
    this.update(config);
  }
  announce(message, isError) {
    if (!this.status) return;
    this.status.textContent = message;
    this.status.classList.toggle("praxis-join__status--error", isError);
    this.status.classList.toggle("praxis-sr-only", !isError);
  }
  toggleMenu() {
    if (!this.menu) return;
    if (this.menu.hidden) this.openMenu();
    else this.closeMenu(true);
  }
  openMenu() {
    const { menu, button } = this;
    if (!menu || !button) return;
    menu.hidden = false;
    keepInViewport(menu);
    button.setAttribute("aria-expanded", "true");
    const firstOption = menu.querySelector(".praxis-join__role-options:not([hidden]) button");
    firstOption?.focus();
    const onPointer = (event) => {
      if (!this.contains(event.target)) this.closeMenu(false);
    };
    document.addEventListener("click", onPointer, true);
    this.removeOutsideListener = () => document.removeEventListener("click", onPointer, true);
  }
  /** Hides the role list; `restoreFocus` puts focus back on the trigger, as Escape and a role choice should. */
  closeMenu(restoreFocus) {
    this.removeOutsideListener?.();
    this.removeOutsideListener = null;
    if (!this.menu || this.menu.hidden) return;
    this.menu.hidden = true;
    this.button?.setAttribute("aria-expanded", "false");
    if (restoreFocus) this.button?.focus();
  }
};
var VIEWPORT_MARGIN = 8;
function keepInViewport(menu) {
  menu.style.removeProperty("right");
  const left = menu.getBoundingClientRect().left;
  if (left < VIEWPORT_MARGIN) menu.style.right = `${left - VIEWPORT_MARGIN}px`;
}

// src/widgets/experiment-card.ts
var PROBLEM_FIELD_KEYS = {
  practice: "experiment.practice",
  hypothesis: "experiment.hypothesis",
  measure: "experiment.measure",
  start: "experiment.starts",
  review: "experiment.review",
  partnersWanted: "experiment.partners"
};
var ExperimentCardElement = class extends PraxisElement {
  topicIdValue = null;
  withJoinValue = true;
  store = null;
  unsubscribe = null;
  practiceLookup = null;
  practiceRequest = null;
  section = null;
  body = null;
  footer = null;
  get topicId() {
    return this.topicIdValue;
  }
  set topicId(value) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }
  get withJoin() {
    return this.withJoinValue;
  }
  set withJoin(value) {
    this.withJoinValue = value;
    this.queueRestart();
  }
  static get observedAttributes() {
    return ["topic-id"];
  }
  attributeChangedCallback(name, _old, value) {
    if (name === "topic-id") this.topicId = value;
  }
  hasRequiredProperties() {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }
  start(config) {
    const topicId = this.topicIdValue;
    const headingId = uniqueId("praxis-card-heading");
    this.body = h("div", { class: "praxis-card__body" });
    this.footer = h("div", { class: "praxis-card__footer", hidden: true });
    this.section = h(
      "section",
      { class: "praxis-card", "aria-labelledby": headingId, tabindex: "-1" },
      h("h2", { class: "praxis-card__heading", id: headingId }, icon("flask"), config.t("experiment.heading")),
      this.body,
      this.footer
    );
    if (this.withJoinValue) {
      const join = new JoinPartnerElement();
      join.setAttribute("variant", "card");
      this.footer.appendChild(join);
      join.config = config;
      join.topicId = topicId;
    }
    this.replaceChildren(this.section);
    const client = clientOf(config);
    this.store = client.experiment(topicId);
    this.practiceLookup = null;
    this.unsubscribe = this.store.subscribe(() => this.showState(config, client));
    this.showState(config, client);
  }
  stop() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.store = null;
    this.practiceRequest = null;
  }
  showState(config, client) {
    const store = this.store;
    if (!store || !this.body || !this.section || !this.footer) return;
    const state = store.state;
    if (state.status === "idle" || state.status === "loading") {
      this.footer.hidden = true;
      replaceContent(this.body, this.section, loadingView(config.t));
      return;
    }
    if (state.status === "error") {
      this.footer.hidden = true;
      const message = config.t("experiment.load_failed", { message: describeError(state.error, config.t) });
      replaceContent(this.body, this.section, errorView(message, config.t, () => void store.load()));
      return;
    }
    const experiment = state.experiment;
    const practiceId = experiment.practiceTopicId;
    if (practiceId !== null && this.practiceLookup?.topicId !== practiceId) {
      this.loadPractice(config, client, practiceId);
      return;
    }
    this.section.className = `praxis-card praxis-card--${experiment.status}`;
    const practice = this.practiceLookup?.practice ?? null;
    const built = buildOrError(() => renderExperiment(experiment, practice, config), config.t, () => void store.load());
    replaceContent(this.body, this.section, built.content);
    this.footer.hidden = built.failed;
  }
  /** Fetches the practice's title for the link, then renders the card once. A failure keeps a plain topic link. */
  loadPractice(config, client, practiceId) {
    if (this.practiceRequest === practiceId) return;
    this.practiceRequest = practiceId;
    const run = this.run;
    const settle = (practice) => {
      if (run !== this.run) return;
      this.practiceRequest = null;
      this.practiceLookup = { topicId: practiceId, practice };
      this.showState(config, client);
    };
    client.getJson(`/api/practices/${practiceId}`).then(
      (result) => settle(result.data),
      () => settle(null)
    );
  }
};
function renderExperiment(experiment, practice, config) {
  const { t } = config;
  const dates = { locale: config.locale, timeZone: config.timeZone };
  const fragment = document.createDocumentFragment();
  fragment.appendChild(renderBadges(experiment, t));
  const fields = h(
    "dl",
    { class: "praxis-card__fields" },
    field(t("experiment.practice"), renderPracticeLink(experiment, practice, config)),
    field(t("experiment.hypothesis"), optionalText(experiment.hypothesis, t)),
    field(t("experiment.measure"), optionalText(experiment.measure, t)),
    field(t("experiment.starts"), renderWhen(experiment.startsOn, experiment.startsAt, dates, t)),
    field(t("experiment.review"), renderWhen(experiment.reviewOn, experiment.reviewAt, dates, t)),
    field(t("experiment.partners"), renderPartners(experiment, config))
  );
  fragment.appendChild(fields);
  if (experiment.reflections) fragment.appendChild(renderReflections(experiment, experiment.reflections, config, dates));
  if (experiment.decision) fragment.appendChild(renderDecision(experiment, config, dates));
  if (experiment.problems.length > 0 && (isOwner(experiment, config.currentUser) || isStaff(config.currentUser))) {
    fragment.appendChild(renderProblems(experiment, t));
  }
  return fragment;
}
function renderBadges(experiment, t) {
  return h(
    "p",
    { class: "praxis-card__badges" },
    h("span", { class: `praxis-badge praxis-badge--${experiment.status}` }, translateValue(t, STATUS_KEYS, experiment.status)),
    experiment.archived && h("span", { class: "praxis-badge praxis-badge--archived" }, t("experiment.archived")),
    experiment.seekingPartners === true && !isFull(experiment) && h("span", { class: "praxis-badge praxis-badge--seeking" }, t("experiment.seeking_partners"))
  );
}
function field(label, value) {
  const fragment = document.createDocumentFragment();
  fragment.append(h("dt", { class: "praxis-card__label" }, label), h("dd", { class: "praxis-card__value" }, value));
  return fragment;
}
function optionalText(text, t) {
  if (text === null || text.trim() === "") return h("span", { class: "praxis-muted" }, t("experiment.not_given"));
  return document.createTextNode(text);
}
function renderPracticeLink(experiment, practice, config) {
  const id = experiment.practiceTopicId;
  if (id === null) return h("span", { class: "praxis-muted" }, config.t("experiment.no_practice"));
  if (practice) return link(practice.url, practice.title, "praxis-card__practice");
  return link(`${config.forumPrefix ?? ""}/t/${id}`, config.t("experiment.practice_fallback", { id }), "praxis-card__practice");
}
function renderWhen(calendarDate, instant, dates, t) {
  if (calendarDate) return h("time", { datetime: calendarDate }, formatCalendarDate(calendarDate, dates));
  if (instant) return h("time", { datetime: instant }, formatDateTime(instant, dates));
  return h("span", { class: "praxis-muted" }, t("experiment.not_given"));
}
function renderPartners(experiment, config) {
  const { t } = config;
  const count = experiment.partners.length;
  const summary = experiment.partnersWanted === null ? t("experiment.partners_count", { count }) : t("experiment.partners_count_of", { count, wanted: experiment.partnersWanted });
  const wrapper = h("div", { class: "praxis-card__partners" }, h("span", { class: "praxis-card__partner-count" }, summary));
  if (count === 0) {
    wrapper.appendChild(h("span", { class: "praxis-muted praxis-card__no-partners" }, t("experiment.partners_none")));
    return wrapper;
  }
  const list = h("ul", { class: "praxis-card__partner-list" });
  for (const partner of experiment.partners) {
    list.appendChild(
      h(
        "li",
        { class: "praxis-card__partner" },
        link(userPath(config, partner.username), partner.username, "praxis-card__partner-name"),
        h("span", { class: "praxis-card__partner-role" }, translateValue(t, ROLE_KEYS, partner.role))
      )
    );
  }
  wrapper.appendChild(list);
  return wrapper;
}
function renderReflections(experiment, reflections, config, dates) {
  const { t } = config;
  const section = h("section", { class: "praxis-card__reflections" }, h("h3", { class: "praxis-card__subheading" }, t("experiment.reflections")));
  if (reflections.length === 0) {
    section.appendChild(h("p", { class: "praxis-muted" }, t("experiment.reflections_none")));
    return section;
  }
  const answers = [
    ["reflection", "experiment.reflection_text"],
    ["whatHappened", "experiment.what_happened"],
    ["whatWeLearned", "experiment.what_we_learned"],
    ["whatShouldChange", "experiment.what_should_change"]
  ];
  const list = h("ol", { class: "praxis-card__reflection-list" });
  for (const reflection of reflections) {
    const details = h("dl", { class: "praxis-card__reflection-answers" });
    for (const [key, label] of answers) {
      const text = reflection[key];
      if (typeof text === "string" && text.trim() !== "") details.appendChild(field(t(label), document.createTextNode(text)));
    }
    list.appendChild(
      h(
        "li",
        { class: "praxis-card__reflection" },
        h(
          "p",
          { class: "praxis-card__reflection-meta" },
          link(userPath(config, reflection.username), reflection.username, "praxis-card__reflection-author"),
          " · ",
          h("time", { datetime: reflection.at }, formatDate(reflection.at, dates)),
          " · ",
          link(postUrl(experiment, reflection.postNumber), t("experiment.post_link", { number: reflection.postNumber }))
        ),
        details.childElementCount > 0 && details
      )
    );
  }
  section.appendChild(list);
  return section;
}
function renderDecision(experiment, config, dates) {
  const { t } = config;
  const decision = experiment.decision;
  return h(
    "section",
    { class: `praxis-card__decision praxis-card__decision--${decision.decision}` },
    h(
      "h3",
      { class: "praxis-card__subheading" },
      t("experiment.decision"),
      " ",
      h("span", { class: `praxis-badge praxis-badge--${decision.decision}` }, translateValue(t, DECISION_KEYS, decision.decision))
    ),
    decision.change !== null && decision.change.trim() !== "" && h("p", { class: "praxis-card__decision-change" }, decision.change),
    h(
      "p",
      { class: "praxis-card__decision-meta" },
      t("experiment.decision_by", { username: decision.username, date: formatDate(decision.at, dates) }),
      " · ",
      link(postUrl(experiment, decision.postNumber), t("experiment.post_link", { number: decision.postNumber }))
    )
  );
}
function renderProblems(experiment, t) {
  const list = h("ul", { class: "praxis-card__problem-list" });
  for (const problem of experiment.problems) {
    const labelKey = PROBLEM_FIELD_KEYS[problem.field];
    list.appendChild(
      h(
        "li",
        { class: "praxis-card__problem" },
        h("strong", { class: "praxis-card__problem-field" }, labelKey ? t(labelKey) : problem.field),
        " ",
        problem.message
      )
    );
  }
  return h(
    "section",
    { class: "praxis-card__problems", role: "note" },
    h("h3", { class: "praxis-card__subheading" }, t("experiment.problems_heading")),
    h("p", { class: "praxis-card__problems-hint" }, t("experiment.problems_hint")),
    list
  );
}
function postUrl(experiment, postNumber) {
  return `${experiment.url.replace(/\/+$/, "")}/${postNumber}`;
}

// src/widgets/recent-changes.ts
var DEFAULT_LIMIT = 8;
var DEFAULT_DAYS = 30;
var DAY_MS = 24 * 60 * 60 * 1e3;
function feedSince(days, now) {
  if (days <= 0) return null;
  const startOfToday = Math.floor(now / DAY_MS) * DAY_MS;
  return new Date(startOfToday - days * DAY_MS).toISOString();
}
var RecentChangesElement = class extends PraxisElement {
  limitValue = DEFAULT_LIMIT;
  daysValue = DEFAULT_DAYS;
  section = null;
  body = null;
  stopListening = null;
  get limit() {
    return this.limitValue;
  }
  set limit(value) {
    const count = Number(value);
    this.limitValue = Number.isInteger(count) && count > 0 ? count : DEFAULT_LIMIT;
    this.queueRestart();
  }
  get days() {
    return this.daysValue;
  }
  set days(value) {
    const count = Number(value);
    this.daysValue = Number.isInteger(count) && count >= 0 ? count : DEFAULT_DAYS;
    this.queueRestart();
  }
  static get observedAttributes() {
    return ["limit", "days"];
  }
  attributeChangedCallback(name, _old, value) {
    if (value === null) return;
    if (name === "limit") this.limit = value;
    else this.days = value;
  }
  start(config) {
    const headingId = uniqueId("praxis-recent-heading");
    this.body = h("div", { class: "praxis-recent__body" });
    this.section = h(
      "section",
      { class: "praxis-recent", "aria-labelledby": headingId, tabindex: "-1" },
      h("h2", { class: "praxis-recent__heading", id: headingId }, icon("clock-rotate-left"), config.t("recent.heading")),
      this.body
    );
    this.replaceChildren(this.section);
    const client = clientOf(config);
    this.load(config, client, false);
    this.stopListening = onPageVisible(() => this.load(config, client, true));
  }
  stop() {
    this.stopListening?.();
    this.stopListening = null;
  }
  feedPath() {
    const query = new URLSearchParams();
    const since = feedSince(this.daysValue, Date.now());
    if (since !== null) query.set("since", since);
    query.set("limit", String(this.limitValue));
    return `/api/changelog?${query.toString()}`;
  }
  load(config, client, quiet) {
    const { body, section } = this;
    if (!body || !section) return;
    const run = this.run;
    if (!quiet) replaceContent(body, section, loadingView(config.t));
    client.getJson(this.feedPath()).then(
      (result) => {
        if (run !== this.run || quiet && result.notModified) return;
        const entries = result.data.entries.slice(0, this.limitValue);
        const retry = () => this.load(config, client, false);
        replaceContent(body, section, buildOrError(() => renderFeed(entries, config), config.t, retry).content);
      },
      (error) => {
        if (run !== this.run || quiet) return;
        const message = config.t("recent.load_failed", { message: describeError(error, config.t) });
        replaceContent(body, section, errorView(message, config.t, () => this.load(config, client, false)));
      }
    );
  }
};
function renderFeed(entries, config) {
  const { t } = config;
  if (entries.length === 0) return h("p", { class: "praxis-muted praxis-recent__empty" }, t("recent.empty"));
  const dates = { locale: config.locale, timeZone: config.timeZone };
  const list = h("ol", { class: "praxis-recent__list" });
  for (const entry of entries) {
    list.appendChild(
      h(
        "li",
        { class: `praxis-recent__item praxis-recent__item--${entry.kind}` },
        link(entry.practiceUrl, entry.practiceTitle, "praxis-recent__practice"),
        h(
          "p",
          { class: "praxis-recent__meta" },
          h("span", { class: `praxis-badge praxis-badge--${entry.kind}` }, translateValue(t, CHANGE_KIND_KEYS, entry.kind)),
          " ",
          h("time", { datetime: entry.at }, formatDate(entry.at, dates)),
          " ",
          h("span", { class: "praxis-recent__version" }, t("changelog.entry_version", { version: entry.version }))
        ),
        h("p", { class: "praxis-recent__summary" }, entry.summary)
      )
    );
  }
  return list;
}

// src/widgets/register.ts
var ELEMENT_NAMES = {
  experimentCard: "praxis-experiment-card",
  joinPartner: "praxis-join-partner",
  changelog: "praxis-changelog",
  recentChanges: "praxis-recent-changes"
};
function registerPraxisElements(registry = customElements) {
  const definitions = [
    [ELEMENT_NAMES.experimentCard, ExperimentCardElement],
    [ELEMENT_NAMES.joinPartner, JoinPartnerElement],
    [ELEMENT_NAMES.changelog, ChangelogElement],
    [ELEMENT_NAMES.recentChanges, RecentChangesElement]
  ];
  for (const [name, constructor] of definitions) {
    if (!registry.get(name)) registry.define(name, constructor);
  }
}

// src/widgets/topic-kind.ts
function topicKindOf(tags, tagSettings) {
  if (!tags) return null;
  const names = new Set(tags.map((tag) => (typeof tag === "string" ? tag : tag.name).toLowerCase()));
  if (names.has(tagSettings.experimentTag.toLowerCase())) return "experiment";
  if (names.has(tagSettings.practiceTag.toLowerCase())) return "practice";
  return null;
}
export {
  ApiError,
  ChangelogElement,
  ELEMENT_NAMES,
  ExperimentCardElement,
  JoinPartnerElement,
  MESSAGE_KEYS,
  PraxisClient,
  RecentChangesElement,
  clientFor,
  createTranslator,
  registerPraxisElements,
  topicKindOf
};
