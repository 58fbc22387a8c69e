import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ForumError, ForumNotFoundError, ForumRateLimitedError, ForumRequestError, ForumUnavailableError } from './errors';
import { sleep, type RateLimiter } from './rate-limiter';
import {
  categoryShowSchema,
  createdPostSchema,
  enqueuedPostSchema,
  errorBodySchema,
  postSchema,
  topicPostsSchema,
  topicViewSchema,
  type CreatedPost,
  type TopicPost,
  type TopicView,
} from './responses';
import type { PostPayload } from '@praxis/shared';

/** How many of a topic's most recent posts `findPostWithMarker` reads. */
export const FIND_MARKER_WINDOW = 50;

/** Result of `createPost`: the new post, or the notice that it waits in the review queue. */
export type CreatePostResult = { status: 'created'; post: CreatedPost } | { status: 'enqueued'; pendingCount: number | null };

export interface ForumClientOptions {
  baseUrl: string;
  apiKey: string;
  apiUsername: string;
  timeoutMs: number;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** Retries of a 5xx, timeout or connection failure before ForumUnavailableError. */
  maxRetries?: number;
  /** The longest `Retry-After` the client waits out itself; a longer one is thrown to the caller. */
  maxRateLimitWaitMs?: number;
  /** First backoff step in milliseconds; later steps double, with full jitter. */
  backoffBaseMs?: number;
}

/**
 * The one Discourse REST client of the sidecar. It sends the admin API key headers and draws every
 * request from the shared rate limit. It waits out 429s, retries 5xx and timeouts with exponential
 * backoff and jitter, and turns failures into the ForumError classes.
 */
export class ForumClient {
  private readonly http: AxiosInstance;
  private readonly maxRetries: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly backoffBaseMs: number;

  constructor(private readonly options: ForumClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      headers: {
        'Api-Key': options.apiKey,
        'Api-Username': options.apiUsername,
        Accept: 'application/json',
        'User-Agent': 'Praxis-sidecar',
      },
      // Status codes are classified below, never thrown by axios.
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.maxRetries = options.maxRetries ?? 4;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 120_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
  }

  /** `GET /t/{id}.json`: tags, category, archetype and the first post's id. */
  getTopic(topicId: number): Promise<TopicView> {
    return this.request({ method: 'GET', url: `/t/${topicId}.json` }, topicViewSchema);
  }

  /** `GET /posts/{id}.json`, which includes the post's `raw` Markdown. */
  getPost(postId: number): Promise<PostPayload> {
    return this.request({ method: 'GET', url: `/posts/${postId}.json` }, postSchema);
  }

  /** Returns whether a category is read-restricted (`GET /c/{id}/show.json`). */
  async isCategoryRestricted(categoryId: number): Promise<boolean> {
    const body = await this.request({ method: 'GET', url: `/c/${categoryId}/show.json` }, categoryShowSchema);
    return body.category.read_restricted;
  }

  /**
   * Creates a reply in a topic (`POST /posts.json` with `{topic_id, raw}`) as the API user. Discourse
   * returns the cached first response to an identical request of the same user within 120 s, so a
   * caller that must post the same text twice has to vary it.
   */
  async createPost(topicId: number, raw: string): Promise<CreatePostResult> {
    const body = await this.request(
      { method: 'POST', url: '/posts.json', data: { topic_id: topicId, raw } },
      z.union([enqueuedPostSchema, createdPostSchema]),
    );
    const enqueued = enqueuedPostSchema.safeParse(body);
    if (enqueued.success) {
      return { status: 'enqueued', pendingCount: enqueued.data.pending_count ?? null };
    }
    return { status: 'created', post: createdPostSchema.parse(body) };
  }

  /**
   * Finds the post of `username` whose raw text contains `marker` among the last
   * FIND_MARKER_WINDOW posts of a topic, or returns null. It costs two requests: the topic's post
   * ids, then the raw text of the most recent ones.
   */
  async findPostWithMarker(topicId: number, marker: string, username: string): Promise<TopicPost | null> {
    const topic = await this.getTopic(topicId);
    const postIds = topic.post_stream.stream ?? topic.post_stream.posts.map((post) => post.id);
    const recent = postIds.slice(-FIND_MARKER_WINDOW);
    if (recent.length === 0) return null;

    const params = new URLSearchParams();
    for (const id of recent) params.append('post_ids[]', String(id));
    params.append('include_raw', 'true');
    const body = await this.request({ method: 'GET', url: `/t/${topicId}/posts.json`, params }, topicPostsSchema);

    const author = username.toLowerCase();
    const found = body.post_stream.posts.find((post) => post.username.toLowerCase() === author && (post.raw ?? '').includes(marker));
    return found ?? null;
  }

  /** Sends one request with the rate limit, retries and error classification; validates the body with `schema`. */
  async request<T extends z.ZodType>(config: AxiosRequestConfig, schema: T): Promise<z.infer<T>> {
    const path = `${config.method ?? 'GET'} ${config.url}`;
    const log = this.options.logger.child({ forumRequest: path });
    let failures = 0;
    let rateLimitedWaitMs = 0;

    for (;;) {
      await this.options.rateLimiter.acquire();

      let response;
      try {
        response = await this.http.request(config);
      } catch (error) {
        const reason = error instanceof AxiosError ? (error.code ?? error.message) : String(error);
        if (++failures > this.maxRetries) {
          log.warn({ reason, attempts: failures }, 'forum request failed');
          throw new ForumUnavailableError(`${path} failed after ${failures} attempts: ${reason}`, path, null);
        }
        await this.backoff(failures, log, reason);
        continue;
      }

      const { status, data } = response;

      if (status >= 200 && status < 300) {
        const parsed = schema.safeParse(data);
        if (!parsed.success) {
          log.error({ status, issue: parsed.error.issues[0] }, 'forum response has an unexpected shape');
          throw new ForumError(`${path} returned an unexpected shape: ${parsed.error.issues[0]?.message}`, path, status);
        }
        return parsed.data;
      }

      if (status === 429) {
        const waitMs = retryAfterMs(response.headers['retry-after'], data);
        rateLimitedWaitMs += waitMs;
        if (rateLimitedWaitMs > this.maxRateLimitWaitMs) {
          log.warn({ status, waitMs }, 'forum rate limit outlasted the wait budget');
          throw new ForumRateLimitedError(`${path} is rate-limited by the forum for ${Math.ceil(waitMs / 1000)} s`, path, waitMs);
        }
        log.info({ status, waitMs }, 'forum rate limit hit, waiting');
        await sleep(waitMs);
        continue;
      }

      if (status >= 500) {
        if (++failures > this.maxRetries) {
          log.warn({ status, attempts: failures }, 'forum request failed');
          throw new ForumUnavailableError(`${path} returned ${status} after ${failures} attempts`, path, status);
        }
        await this.backoff(failures, log, `status ${status}`);
        continue;
      }

      const errorsText = errorText(data);
      if (status === 404 || status === 410) {
        throw new ForumNotFoundError(`${path} was not found (${status})`, path, status);
      }
      log.warn({ status, errors: errorsText }, 'forum rejected request');
      throw new ForumRequestError(`${path} was rejected with ${status}: ${errorsText}`, path, status, errorsText);
    }
  }

  private async backoff(failures: number, log: Logger, reason: string): Promise<void> {
    // Full jitter: a random wait up to base * 2^(n-1), so parallel workers do not retry in step.
    const ceiling = this.backoffBaseMs * 2 ** (failures - 1);
    const waitMs = Math.round(Math.random() * ceiling);
    log.info({ reason, attempt: failures, waitMs }, 'forum request failed, retrying');
    await sleep(waitMs);
  }
}

/** Reads the wait of a 429 from `Retry-After` (seconds), else from `extras.wait_seconds`, else 60 s. */
export function retryAfterMs(header: unknown, body: unknown): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1_000, seconds * 1_000);

  const parsed = errorBodySchema.safeParse(body);
  const waitSeconds = parsed.success ? parsed.data.extras?.wait_seconds : undefined;
  if (waitSeconds !== undefined && waitSeconds >= 0) return Math.max(1_000, waitSeconds * 1_000);

  return 60_000;
}

function errorText(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success && parsed.data.errors?.length) return parsed.data.errors.join('; ');
  return typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : 'no error text';
}
