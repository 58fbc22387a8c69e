import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Client, Credential, ForumUser } from './caller';
import { ForumCheckFailedError, ForumCheckRateLimitedError, ForumCheckUnavailableError } from './errors';

export interface ForumSessionClientOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The forum's session cookie name, `_t` on a default Discourse. */
  cookieName: string;
  logger: Logger;
}

const currentUserSchema = z.object({
  current_user: z.object({
    id: z.number().int(),
    username: z.string().min(1),
    admin: z.boolean().default(false),
    moderator: z.boolean().default(false),
  }),
});

/** Sent when the browser sent no User-Agent of its own. */
const DEFAULT_USER_AGENT = 'Praxis-sidecar';

/** Seconds Discourse counts failed cookie lookups over: after 10 from one client IP it returns 403 to that IP. */
const COOKIE_LOOKUP_WINDOW_SECONDS = 60;

/**
 * Asks the forum questions as the calling user, by forwarding their session cookie or user API key.
 * These requests carry no admin API key, so they do not draw on the admin API rate limit, and the
 * forum applies the user's own permissions to them.
 *
 * Only the session cookie is forwarded, never the caller's other cookies. `X-Forwarded-For` carries
 * the client's IP, so Discourse counts failed cookie lookups per client rather than against the
 * sidecar's own address (it honours the header only from a trusted-proxy address). The browser's
 * User-Agent goes along because Discourse records it on the session whenever it rotates the token.
 *
 * A `Set-Cookie` with a rotated token is not passed back to the browser. Discourse keeps accepting
 * the token the browser still sends, as `prev_auth_token`, and rotates again on the browser's next
 * request to the forum (`app/models/user_auth_token.rb`).
 */
export class ForumSessionClient {
  private readonly http: AxiosInstance;

  constructor(private readonly options: ForumSessionClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json' },
      validateStatus: () => true,
      // A redirect could carry the User-Api-Key header to another host.
      maxRedirects: 0,
    });
  }

  /**
   * Returns the user the credential belongs to (`GET /session/current.json`), or null when Discourse
   * responds with 404 (signed out, expired or revoked session, suspended user) or rejects a user API key with 403.
   */
  async currentUser(credential: Credential, client: Client): Promise<ForumUser | null> {
    const action = 'check your forum session';
    const response = await this.send('/session/current.json', credential, client, action);

    if (response.status === 200) {
      const parsed = currentUserSchema.safeParse(response.data);
      if (!parsed.success) {
        this.options.logger.error({ status: 200, issue: parsed.error.issues[0]?.message }, 'session lookup returned an unexpected shape');
        throw new ForumCheckFailedError(`could not ${action}: the forum's /session/current.json returned an unexpected body`);
      }
      return parsed.data.current_user;
    }

    if (response.status === 404) return null;

    if (response.status === 403 && credential.kind === 'user-api-key') return null;
    if (response.status === 403) {
      // A cookie gets 403, not 404, when its client IP is over the failed-lookup limit, so it is not treated as signed out.
      throw new ForumCheckRateLimitedError(
        `could not ${action}: the forum rejected the session lookup with 403, which Discourse does after 10 failed cookie lookups from one IP in a minute; try again in ${COOKIE_LOOKUP_WINDOW_SECONDS} seconds`,
        COOKIE_LOOKUP_WINDOW_SECONDS,
      );
    }

    throw this.unexpected(response, action);
  }

  /** Checks `GET /t/{id}.json` as the user: true on 200, false on 403, 404 or 410. */
  async canReadTopic(credential: Credential, client: Client, topicId: number): Promise<boolean> {
    const action = `check your access to topic ${topicId}`;
    const response = await this.send(`/t/${topicId}.json`, credential, client, action);

    if (response.status === 200) return true;
    if (response.status === 403 || response.status === 404 || response.status === 410) return false;
    throw this.unexpected(response, action);
  }

  private async send(path: string, credential: Credential, client: Client, action: string): Promise<AxiosResponse> {
    const headers: Record<string, string> = { 'X-Forwarded-For': client.ip, 'User-Agent': client.userAgent ?? DEFAULT_USER_AGENT };
    if (credential.kind === 'cookie') headers.Cookie = `${this.options.cookieName}=${credential.token}`;
    else headers['User-Api-Key'] = credential.key;

    let response: AxiosResponse;
    try {
      response = await this.http.get(path, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      // Only the code is logged: an AxiosError contains the request config, whose headers carry the credential.
      const reason = failureReason(error);
      this.options.logger.warn({ path, code: reason }, 'forum check failed');
      throw new ForumCheckUnavailableError(action, reason);
    }

    if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers['retry-after']);
      this.options.logger.warn({ path, status: 429, retryAfterSeconds: seconds, via: credential.kind }, 'forum rate-limited a check');
      throw new ForumCheckRateLimitedError(`could not ${action}: the forum rate-limited the request; try again in ${seconds} seconds`, seconds);
    }
    return response;
  }

  private unexpected(response: AxiosResponse, action: string): Error {
    this.options.logger.warn({ status: response.status }, 'forum check returned an unexpected status');
    if (response.status >= 500) return new ForumCheckUnavailableError(action, `status ${response.status}`);
    return new ForumCheckFailedError(`could not ${action}: the forum responded with status ${response.status}`);
  }
}

/** Reads `Retry-After` in seconds; 60 when it is missing or not a number. */
function retryAfterSeconds(header: unknown): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
}

/** Names a failed request by its error code (ECONNREFUSED, ECONNABORTED, ...) and never by its config. */
function failureReason(error: unknown): string {
  if (error instanceof AxiosError && error.code) return error.code;
  if (error instanceof Error) return error.name;
  return 'request failed';
}
