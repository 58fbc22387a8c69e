import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator, newToken } from './auth';
import { createCategory, createUncategorized, destroyCategory, updateCategory, type CategoryInput } from './categories';
import { DEFAULT_SITE_SETTINGS, type ForumContext, type ForumEvent, type SiteSettings } from './forum-context';
import { ForumAccessError } from './forum-errors';
import { Guardian } from './guardian';
import { handleRequest } from './http/pipeline';
import { isPraxisPath, praxisTarget, proxyToPraxis } from './http/praxis-proxy';
import { createPost } from './post-creator';
import { destroyPost, recoverPost } from './post-destroyer';
import { PostMemo } from './post-memo';
import { revisePost } from './post-revisor';
import { listRoutes } from './routes/lists';
import { pageRoutes } from './routes/pages';
import { postRoutes } from './routes/posts';
import type { RouteServices } from './routes/services';
import { sessionRoutes } from './routes/session';
import { simulatorRoutes } from './routes/simulator';
import { topicRoutes } from './routes/topics';
import { serializeCategory } from './serializers/categories';
import { serializePost } from './serializers/posts';
import type { TagShape } from './serializers/tags';
import { webhookTopicPayload } from './serializers/topics';
import {
  ForumState,
  letterAvatarTemplate,
  POST_TYPES,
  SYSTEM_USER_ID,
  type Archetype,
  type SimCategory,
  type SimPost,
  type SimTag,
  type SimTopic,
  type SimUser,
} from './state';
import { defineTag } from './tags';
import { addSmallAction, updateTopicStatus, type TopicStatus } from './topic-status';
import { updateTopic, type TopicUpdate } from './topic-updater';
import { cleanTagName } from './text';
import {
  DELIVERY_TIMEOUT_MS,
  WebhookEmitter,
  type DeliveryControls,
  type DeliveryRecord,
  type SimWebhook,
  type WebhookInput,
} from './webhooks';

/*
 * ForumSimulator: an in-memory stand-in for a Discourse forum, for tests and demos. It is a test
 * double, not Discourse: it reproduces the webhooks and the REST endpoints an integration touches.
 *
 * Lifecycle
 *   new ForumSimulator(options)        options below; nothing listens yet
 *   start(): Promise<string>           listens on 127.0.0.1 and resolves to "http://127.0.0.1:PORT"
 *   stop(): Promise<void>              cancels scheduled retries, waits for deliveries in flight, closes
 *   baseUrl, adminApiKey               the base URL (after start) and a global admin API key
 *   adminApiStats                      { adminApiRequests, adminApiRateLimited }: admin-key requests let
 *                                      through and rejected with 429
 *
 * Forum changes, made as the named member would make them (permissions and validations apply,
 * failures throw ForumValidationError or ForumAccessError); each fires the webhooks Discourse fires:
 *   addUser({ username, name?, admin?, moderator?, trustLevel? })              no event
 *   addCategory({ name, slug?, description?, readRestricted?, allowedUsernames? })  category_created
 *   updateCategory(id, changes) / deleteCategory(id)                           category_updated / _destroyed
 *   defineTag(name, description)                                               no event
 *   createTopic({ username, title, raw, categoryId?, tags?, archetype?, targetUsernames?, createdAt? })
 *                                                        topic_created, then post_created of post #1
 *   reply({ username, topicId, raw, replyToPostNumber?, whisper?, createdAt? })  post_created
 *   smallAction(topicId, actionCode, username)           post_created (post_type 3)
 *   editPost(postId, { username, raw, editReason? })     post_edited (version + 1 and a revision,
 *                                                        unless the author edits again within 5 minutes)
 *   editTopic(topicId, { username, title?, tags?, categoryId? })
 *                                                        topic_edited; unchanged values send nothing
 *   setTopicStatus(topicId, { username, status, enabled })  post_created (small action), then
 *                                                        topic_<status>_status_updated
 *   deletePost / recoverPost(postId, { username })       staff: post_destroyed / post_recovered (and
 *                                                        topic_destroyed / topic_recovered for post #1);
 *                                                        an author's own delete sends post_edited first
 *   deleteTopic / recoverTopic(topicId, { username })    the same through post #1
 *
 * Webhooks
 *   addWebhook({ url, secret?, contentType?, events?, active?, categoryIds?, tagNames? })
 *   updateWebhook(id, changes)
 *   ping(webhookId): Promise<DeliveryRecord>
 *   redeliver(eventId): Promise<DeliveryRecord>          same X-Discourse-Event-Id, headers and body
 *   deliveries(webhookId?): DeliveryRecord[]             like Admin → API → Webhooks → Events
 *   settleWebhooks(): Promise<void>                      waits for queued deliveries and scheduled retries
 *   setWebhookDelivery({ dropRate?, random?, shuffle?, paused? })   test controls, not in Discourse
 *
 * Identity
 *   login(username): string                              a `_t` cookie value
 *   logout(token)
 *   createUserApiKey(username, scopes?): string          for the `User-Api-Key` header
 *   createApiKey({ username?, scopes? }): string         another admin API key
 *
 * Same-origin Praxis
 *   proxyPraxis(url | null)                              proxy /praxis/* to a sidecar (option praxisUrl)
 *
 * HTTP endpoints: see README.md next to this file.
 */

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** `DISCOURSE_MAX_ADMIN_API_REQS_PER_MINUTE`; Discourse's default is 60. */
  adminApiRequestsPerMinute?: number;
  /** `max_user_api_reqs_per_minute`; default 20. */
  userApiRequestsPerMinute?: number;
  /** `max_user_api_reqs_per_day`; default 2880. */
  userApiRequestsPerDay?: number;
  /** Topic tags as `{id, name, slug}` objects (current builds, the default) or as names (older builds). */
  tagShape?: TagShape;
  /** Site setting `retry_web_hook_events`; Discourse's default is false. */
  retryWebhookEvents?: boolean;
  /** Milliseconds that stand for a minute of the 1, 5, 25, 125 minute retry schedule; default 60 000. */
  retryUnitMs?: number;
  /** Milliseconds a delivery may wait for a response; Discourse waits 20 s. */
  deliveryTimeoutMs?: number;
  /** Site settings `min_post_length` (20), `min_first_post_length` (20), `min_topic_title_length` (15). */
  minPostLength?: number;
  minFirstPostLength?: number;
  minTopicTitleLength?: number;
  /** Any other site setting the simulator honours. */
  siteSettings?: Partial<SiteSettings>;
  /** A fixed global admin API key, e.g. to configure another process; random by default. */
  adminApiKey?: string;
  /** Clock for timestamps, rate limits and the duplicate-post memo. */
  now?: () => Date;
  /** Receives delivery retries, failures and request errors; silent by default. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Base URL of a Praxis sidecar on loopback. Requests to `/praxis/*` are then proxied to it with
   * `/praxis` stripped, the browser's headers (the `_t` cookie included) passed on and
   * `X-Forwarded-For` set to the client address, as the forum's nginx would do.
   */
  praxisUrl?: string;
}

export interface NewUser {
  username: string;
  name?: string;
  admin?: boolean;
  moderator?: boolean;
  trustLevel?: number;
}

export interface NewTopic {
  username: string;
  title: string;
  raw: string;
  categoryId?: number;
  tags?: string[];
  archetype?: Archetype;
  targetUsernames?: string[];
  createdAt?: Date;
}

export interface NewReply {
  username: string;
  topicId: number;
  raw: string;
  replyToPostNumber?: number;
  whisper?: boolean;
  createdAt?: Date;
}

export interface ActingUser {
  username: string;
}

const USERNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{1,19}$/;

export class ForumSimulator {
  readonly adminApiKey: string;

  private readonly state = new ForumState();
  private readonly forum: ForumContext;
  private readonly authenticator: Authenticator;
  private readonly emitter: WebhookEmitter;
  private readonly tagShape: TagShape;
  private readonly now: () => Date;
  private readonly port: number;
  private readonly log: (message: string, fields?: Record<string, unknown>) => void;
  private server: http.Server | null = null;
  private url: string | null = null;
  private praxisUrl: string | null = null;

  constructor(options: SimulatorOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.port = options.port ?? 0;
    this.tagShape = options.tagShape ?? 'objects';
    const log = options.log ?? (() => {});

    const settings: SiteSettings = { ...DEFAULT_SITE_SETTINGS, ...options.siteSettings };
    if (options.minPostLength !== undefined) settings.minPostLength = options.minPostLength;
    if (options.minFirstPostLength !== undefined) settings.minFirstPostLength = options.minFirstPostLength;
    if (options.minTopicTitleLength !== undefined) settings.minTopicTitleLength = options.minTopicTitleLength;

    this.emitter = new WebhookEmitter({
      now: this.now,
      instanceUrl: () => this.baseUrl,
      retryEnabled: options.retryWebhookEvents ?? false,
      retryUnitMs: options.retryUnitMs ?? 60_000,
      timeoutMs: options.deliveryTimeoutMs ?? DELIVERY_TIMEOUT_MS,
      log,
    });

    this.forum = { state: this.state, settings, now: this.now, emit: (event) => this.enqueueWebhooks(event) };

    this.authenticator = new Authenticator(
      this.state,
      {
        adminApiRequestsPerMinute: options.adminApiRequestsPerMinute ?? 60,
        userApiRequestsPerMinute: options.userApiRequestsPerMinute ?? 20,
        userApiRequestsPerDay: options.userApiRequestsPerDay ?? 2880,
      },
      this.now,
    );
    this.adminApiKey = this.authenticator.createApiKey({ key: options.adminApiKey }).key;

    this.state.addUser({
      id: SYSTEM_USER_ID,
      username: 'system',
      name: 'system',
      admin: true,
      moderator: true,
      trustLevel: 4,
      active: true,
      suspended: false,
      createdAt: this.now(),
      avatarTemplate: '/images/discourse-logo-sketch-small.png',
    });
    createUncategorized(this.forum);

    this.log = log;
    if (options.praxisUrl) this.proxyPraxis(options.praxisUrl);
  }

  /** The base URL, e.g. `http://127.0.0.1:4200`; throws before `start()`. */
  get baseUrl(): string {
    if (!this.url) throw new Error('the forum simulator is not listening; call start() first');
    return this.url;
  }

  get adminApiStats(): { adminApiRequests: number; adminApiRateLimited: number } {
    return { ...this.authenticator.stats };
  }

  async start(): Promise<string> {
    if (this.url) return this.url;

    const services: RouteServices = {
      state: this.state,
      forum: this.forum,
      authenticator: this.authenticator,
      emitter: this.emitter,
      postMemo: new PostMemo(this.now),
      anonymousCsrfTokens: new Set(),
      tagShape: () => this.tagShape,
      now: this.now,
    };
    const deps = {
      // Page routes come first because they match only requests that do not ask for JSON.
      routes: [
        ...pageRoutes(services),
        ...topicRoutes(services),
        ...postRoutes(services),
        ...listRoutes(services),
        ...sessionRoutes(services),
        ...simulatorRoutes(services),
      ],
      authenticator: this.authenticator,
      anonymousCsrfTokens: services.anonymousCsrfTokens,
      log: this.log,
    };

    const server = http.createServer((request, response) => {
      if (this.praxisUrl && isPraxisPath(request.url)) {
        proxyToPraxis(this.praxisUrl, request, response, this.log);
        return;
      }
      void handleRequest(deps, request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });

    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.emitter.start();
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;

    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server?.closeIdleConnections();
    await this.emitter.stop();
    server?.closeAllConnections();
    await closed;
  }

  // Users, categories and tags

  addUser(input: NewUser): SimUser {
    if (!USERNAME_PATTERN.test(input.username)) {
      throw new Error(`username ${JSON.stringify(input.username)} is invalid; use 2 to 20 letters, digits, dots, dashes or underscores`);
    }
    if (this.state.userByName(input.username)) throw new Error(`username ${input.username} is taken`);

    return this.state.addUser({
      id: this.state.nextId('user'),
      username: input.username,
      name: input.name ?? null,
      admin: input.admin ?? false,
      moderator: input.moderator ?? false,
      trustLevel: input.trustLevel ?? 1,
      active: true,
      suspended: false,
      createdAt: this.now(),
      avatarTemplate: letterAvatarTemplate(input.username),
    });
  }

  /** Suspended users cannot sign in or use API keys. */
  suspendUser(username: string, suspended = true): SimUser {
    const user = this.requireUser(username);
    user.suspended = suspended;
    return user;
  }

  user(username: string): SimUser | undefined {
    return this.state.userByName(username);
  }

  addCategory(input: CategoryInput): SimCategory {
    return createCategory(this.forum, input);
  }

  updateCategory(id: number, changes: Partial<CategoryInput>): SimCategory {
    return updateCategory(this.forum, this.requireCategory(id), changes);
  }

  deleteCategory(id: number): void {
    destroyCategory(this.forum, this.requireCategory(id));
  }

  category(id: number): SimCategory | undefined {
    return this.state.categories.get(id);
  }

  /** Creates a tag or sets its description (shown in `tags_descriptions`). */
  defineTag(name: string, description: string | null = null): SimTag {
    return defineTag(this.forum, cleanTagName(name), description);
  }

  // Topics and posts

  createTopic(input: NewTopic): { topic: SimTopic; post: SimPost } {
    const { topic, post } = createPost(this.forum, this.requireUser(input.username), {
      raw: input.raw,
      title: input.title,
      categoryId: input.categoryId,
      tagNames: (input.tags ?? []).map(cleanTagName).filter(Boolean),
      archetype: input.archetype ?? 'regular',
      targetUsernames: input.targetUsernames,
      createdAt: input.createdAt,
    });
    return { topic, post };
  }

  reply(input: NewReply): SimPost {
    return createPost(this.forum, this.requireUser(input.username), {
      topicId: input.topicId,
      raw: input.raw,
      replyToPostNumber: input.replyToPostNumber ?? null,
      postType: input.whisper ? POST_TYPES.whisper : POST_TYPES.regular,
      createdAt: input.createdAt,
    }).post;
  }

  smallAction(topicId: number, actionCode: string, username: string): SimPost {
    return addSmallAction(this.forum, this.requireUser(username), this.requireTopic(topicId), actionCode);
  }

  editPost(postId: number, input: ActingUser & { raw: string; editReason?: string }): SimPost {
    const user = this.requireUser(input.username);
    const post = this.requirePost(postId);
    if (!new Guardian(this.state, user).canEditPost(post)) {
      throw new ForumAccessError(`${user.username} may not edit post ${postId}`);
    }

    revisePost(this.forum, user, post, { raw: input.raw, editReason: input.editReason ?? null });
    return post;
  }

  editTopic(topicId: number, input: ActingUser & { title?: string; tags?: string[]; categoryId?: number }): SimTopic {
    const topic = this.requireTopic(topicId);
    const update: TopicUpdate = {};
    if (input.title !== undefined) update.title = input.title;
    if (input.categoryId !== undefined) update.categoryId = input.categoryId;
    if (input.tags !== undefined) update.tagNames = input.tags.map(cleanTagName).filter(Boolean);

    updateTopic(this.forum, this.requireUser(input.username), topic, update);
    return topic;
  }

  setTopicStatus(topicId: number, input: ActingUser & { status: TopicStatus; enabled: boolean }): SimTopic {
    const topic = this.requireTopic(topicId);
    updateTopicStatus(this.forum, this.requireUser(input.username), topic, input.status, input.enabled);
    return topic;
  }

  deletePost(postId: number, input: ActingUser): void {
    destroyPost(this.forum, this.requireUser(input.username), this.requirePost(postId));
  }

  recoverPost(postId: number, input: ActingUser): void {
    recoverPost(this.forum, this.requireUser(input.username), this.requirePost(postId));
  }

  deleteTopic(topicId: number, input: ActingUser): void {
    destroyPost(this.forum, this.requireUser(input.username), this.state.firstPost(this.requireTopic(topicId)));
  }

  recoverTopic(topicId: number, input: ActingUser): void {
    recoverPost(this.forum, this.requireUser(input.username), this.state.firstPost(this.requireTopic(topicId)));
  }

  topic(id: number): SimTopic | undefined {
    return this.state.topics.get(id);
  }

  post(id: number): SimPost | undefined {
    return this.state.posts.get(id);
  }

  /** Returns every post of the topic in order, deleted ones and whispers included. */
  topicPosts(topicId: number): SimPost[] {
    return this.state.topicPosts(topicId);
  }

  // Webhooks

  addWebhook(input: WebhookInput): SimWebhook {
    return structuredClone(this.emitter.addWebhook(input));
  }

  updateWebhook(id: number, changes: Partial<WebhookInput>): SimWebhook {
    return structuredClone(this.emitter.updateWebhook(id, changes));
  }

  webhook(id: number): SimWebhook | undefined {
    const webhook = this.emitter.webhook(id);
    return webhook ? structuredClone(webhook) : undefined;
  }

  ping(webhookId: number): Promise<DeliveryRecord> {
    if (!this.url) throw new Error('the forum simulator is not listening; call start() before ping()');
    return this.emitter.ping(webhookId);
  }

  redeliver(eventId: number): Promise<DeliveryRecord> {
    return this.emitter.redeliver(eventId);
  }

  deliveries(webhookId?: number): DeliveryRecord[] {
    return this.emitter.deliveries(webhookId);
  }

  settleWebhooks(): Promise<void> {
    return this.emitter.settle();
  }

  setWebhookDelivery(controls: Partial<DeliveryControls>): void {
    this.emitter.setControls(controls);
  }

  /** Deliveries held by `setWebhookDelivery({ paused: true })` or queued before `start()`. */
  get heldWebhookDeliveries(): number {
    return this.emitter.heldDeliveries;
  }

  // Identity

  /** Signs the user in and returns the `_t` cookie value (send it as `Cookie: _t=<value>`). */
  login(username: string): string {
    return this.authenticator.createSession(this.requireUser(username).id).token;
  }

  /** Ends a session; its cookie then gets 404 from `/session/current.json`. */
  logout(token: string): void {
    const session = this.authenticator.sessions.get(token);
    if (session) session.revoked = true;
  }

  createUserApiKey(username: string, scopes: string[] = ['read', 'session_info']): string {
    return this.authenticator.createUserApiKey(this.requireUser(username).id, scopes).key;
  }

  /** Creates another admin API key, for one user when `username` is set and with granular `scopes` when given. */
  createApiKey(options: { username?: string; scopes?: string[] } = {}): string {
    const userId = options.username ? this.requireUser(options.username).id : null;
    return this.authenticator.createApiKey({ userId, scopes: options.scopes ?? null, key: newToken(32) }).key;
  }

  // Same-origin Praxis

  /** Proxies `/praxis/*` to the sidecar at `url` (loopback only); null stops proxying. */
  proxyPraxis(url: string | null): void {
    this.praxisUrl = url === null ? null : praxisTarget(url);
  }

  // Internals

  /** Serializes the payload now, as Discourse does in the web request, and queues the deliveries. */
  private enqueueWebhooks(event: ForumEvent): void {
    const system = this.state.systemUser;

    if (event.kind === 'category') {
      this.emitter.enqueue({
        name: event.name,
        type: 'category',
        payload: serializeCategory(this.state, event.category, system),
        categoryId: event.category.id,
        tagNames: [],
      });
      return;
    }

    const topic = event.kind === 'topic' ? event.topic : this.state.topics.get(event.post.topicId)!;
    const payload =
      event.kind === 'topic'
        ? webhookTopicPayload(this.state, topic, this.tagShape)
        : serializePost(this.state, event.post, { view: 'webhook', viewer: system, now: this.now() });

    this.emitter.enqueue({
      name: event.name,
      type: event.kind,
      payload,
      categoryId: topic.categoryId,
      tagNames: this.state.topicTagNames(topic),
    });
  }

  private requireUser(username: string): SimUser {
    const user = this.state.userByName(username);
    if (!user) throw new Error(`unknown user '${username}'; add it with addUser first`);
    return user;
  }

  private requireCategory(id: number): SimCategory {
    const category = this.state.categories.get(id);
    if (!category) throw new Error(`unknown category ${id}`);
    return category;
  }

  private requireTopic(id: number): SimTopic {
    const topic = this.state.topics.get(id);
    if (!topic) throw new Error(`unknown topic ${id}`);
    return topic;
  }

  private requirePost(id: number): SimPost {
    const post = this.state.posts.get(id);
    if (!post) throw new Error(`unknown post ${id}`);
    return post;
  }
}

export type { DeliveryRecord, SimWebhook, WebhookInput } from './webhooks';
export type { SimCategory, SimPost, SimTag, SimTopic, SimUser } from './state';
export { ForumAccessError, ForumValidationError } from './forum-errors';
